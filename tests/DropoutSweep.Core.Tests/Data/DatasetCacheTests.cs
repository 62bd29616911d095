using DropoutSweep.Core.Data;
using Xunit;

namespace DropoutSweep.Core.Tests.Data;

public sealed class DatasetCacheTests : IDisposable
{
    private readonly TemporaryFolder _temporary = new("dropout-sweep-cache-");

    public void Dispose() => _temporary.Dispose();

    [Fact]
    public void The_same_settings_load_once_and_share_one_instance()
    {
        var options = Csv("a.csv", "x,label\n1,a\n2,a\n3,b\n4,b\n");

        var first = DatasetLoader.LoadShared(options);
        var again = DatasetLoader.LoadShared(options with { });

        Assert.Same(first, again);
        Assert.NotSame(first, DatasetLoader.LoadShared(options with { Seed = 2 }));
    }

    [Fact]
    public void A_changed_file_is_read_again()
    {
        var cache = new DatasetCache();
        var options = Csv("b.csv", "x,label\n1,a\n2,a\n3,b\n4,b\n");
        var before = cache.Get(options, DatasetLoader.Load);

        File.WriteAllText(options.Path!, "x,label\n1,a\n2,a\n3,b\n4,b\n5,b\n");
        var after = cache.Get(options, DatasetLoader.Load);

        Assert.NotSame(before, after);
        Assert.Equal(5, after.TrainRows + after.ValidationRows);
    }

    [Fact]
    public async Task Concurrent_requests_for_the_same_settings_load_once()
    {
        var cache = new DatasetCache();
        var options = Csv("c.csv", "x,label\n1,a\n2,a\n3,b\n4,b\n");
        const int Requests = 8;
        using var allAsking = new CountdownEvent(Requests);
        var loads = 0;
        Dataset Load(DatasetOptions o)
        {
            Interlocked.Increment(ref loads);
            allAsking.Wait(TimeSpan.FromMinutes(1)); // a generous ceiling: every request is on its way before the load ends
            return DatasetLoader.Load(o);
        }

        var requests = Enumerable.Range(0, Requests).Select(_ => Task.Factory.StartNew(
            () =>
            {
                allAsking.Signal();
                return cache.Get(options, Load);
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default)).ToArray();
        var loaded = await Task.WhenAll(requests).WaitAsync(TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken);

        Assert.Equal(1, loads);
        Assert.All(loaded, data => Assert.Same(loaded[0], data));
    }

    [Fact]
    public void A_failed_load_is_not_cached()
    {
        var cache = new DatasetCache();
        var options = Csv("d.csv", "x,label\n1,a\n2,a\n3,b\n4,b\n");
        var attempts = 0;
        Dataset FailOnce(DatasetOptions o) => ++attempts == 1 ? throw new DatasetException("disk hiccup") : DatasetLoader.Load(o);

        Assert.Throws<DatasetException>(() => cache.Get(options, FailOnce));
        var loaded = cache.Get(options, FailOnce);

        Assert.Equal(2, attempts);
        Assert.Equal(4, loaded.TrainRows + loaded.ValidationRows);
    }

    private DatasetOptions Csv(string file, string content)
    {
        var path = _temporary.File(file);
        File.WriteAllText(path, content);
        return new DatasetOptions { Kind = DatasetKind.Csv, Path = path, ValidationFraction = 0.5, Seed = 1 };
    }
}
