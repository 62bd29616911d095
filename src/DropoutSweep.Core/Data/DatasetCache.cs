using System.Globalization;

namespace DropoutSweep.Core.Data;

/// <summary>
/// The data sets this process has loaded, so that all its workers share one read-only copy (60,000 × 784 float32 is
/// 188 MB) and a worker node that stops and starts again in the same process does not read the files anew. Entries
/// are keyed by the settings and by each named file's full path, length and last write time, so a changed file is read
/// again. A data set stays cached while anyone holds it (a weak reference), and the one asked for last is also held
/// here, so at most one data set is kept beyond those in use. Concurrent requests for the same key load it once.
/// </summary>
internal sealed class DatasetCache
{
    private readonly Lock _gate = new();
    private readonly Dictionary<Key, WeakReference<Dataset>> _loaded = [];
    private readonly Dictionary<Key, Lazy<Dataset>> _loading = [];
    private Dataset? _latest;

    /// <summary>The process-wide cache.</summary>
    public static DatasetCache Shared { get; } = new();

    /// <summary>The cached data set for <paramref name="options"/>, or the one <paramref name="load"/> returns (called once per key at a time).</summary>
    public Dataset Get(DatasetOptions options, Func<DatasetOptions, Dataset> load)
    {
        var key = Key.Of(options);
        Lazy<Dataset>? loading;
        lock (_gate)
        {
            if (_loaded.TryGetValue(key, out var cached) && cached.TryGetTarget(out var data))
            {
                _latest = data;
                return data;
            }

            foreach (var dead in _loaded.Where(entry => !entry.Value.TryGetTarget(out _)).Select(entry => entry.Key).ToArray())
            {
                _loaded.Remove(dead);
            }

            if (!_loading.TryGetValue(key, out loading))
            {
                loading = new Lazy<Dataset>(() => load(options), LazyThreadSafetyMode.ExecutionAndPublication);
                _loading.Add(key, loading);
            }
        }

        try
        {
            var data = loading.Value;
            lock (_gate)
            {
                _loaded[key] = new WeakReference<Dataset>(data);
                _latest = data;
            }

            return data;
        }
        finally
        {
            // Done, or failed: a failed load is not cached, so the next request reads the files again.
            lock (_gate)
            {
                if (_loading.TryGetValue(key, out var current) && ReferenceEquals(current, loading))
                {
                    _loading.Remove(key);
                }
            }
        }
    }

    /// <summary>The settings, and a stamp of every file they name (absent files stamp as such; the load then reports them).</summary>
    private sealed record Key(DatasetOptions Options, string Files)
    {
        public static Key Of(DatasetOptions options)
        {
            var stamps = options.Files().Select(file =>
            {
                var info = new FileInfo(Path.GetFullPath(file.Path));
                return info.Exists
                    ? string.Create(CultureInfo.InvariantCulture, $"{info.FullName}|{info.Length}|{info.LastWriteTimeUtc.Ticks}")
                    : $"{info.FullName}|absent";
            });
            return new Key(options, string.Join("\n", stamps));
        }
    }
}
