using Akka.Hosting;
using DropoutSweep.Core.Results;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit;

namespace DropoutSweep.Engine.Tests;

/// <summary>The real wiring (<c>WithDropoutSweep</c>) under Akka.Hosting.TestKit: a small local sweep from start to report.</summary>
public sealed class SweepHostingSpecs : Akka.Hosting.TestKit.TestKit
{
    private readonly SweepRun _run = TestSweeps.Run(TestSweeps.Plan(configurations: 6), parallelism: 2);

    public SweepHostingSpecs(ITestOutputHelper output)
        : base(nameof(SweepHostingSpecs), output)
    {
    }

    protected override void ConfigureServices(HostBuilderContext context, IServiceCollection services) =>
        services.AddSingleton<SweepCompletion>();

    protected override void ConfigureAkka(AkkaConfigurationBuilder builder, IServiceProvider provider) =>
        builder.WithSweepActorSystemSettings().AddHocon("akka.actor.serialize-messages = on", HoconAddMode.Prepend).WithDropoutSweep(_run);

    [Fact]
    public async Task A_local_sweep_runs_every_trial_once_and_completes_with_a_ranked_report()
    {
        var outcome = await Host.Services.GetRequiredService<SweepCompletion>().Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.True(outcome.Complete);
        Assert.Equal((6, 6, 6), (outcome.Total, outcome.Finished, outcome.Completed));
        Assert.Equal(6, File.ReadAllLines(Path.Combine(_run.OutputDirectory, "trials.jsonl")).Length);
        var report = ReportRows.Read(_run.OutputDirectory);
        Assert.Equal(Enumerable.Range(1, 6), report.Select(r => r.TrialId).Order());
        Assert.All(report, r => Assert.Equal(nameof(TrialStatus.Completed), r.Status));
        Assert.Equal(report.OrderByDescending(r => r.ValidationAccuracy).ThenBy(r => r.ValidationLoss).ThenBy(r => r.TrialId).Select(r => r.TrialId), report.Select(r => r.TrialId));
        Assert.NotNull(await ActorRegistry.GetAsync<CoordinatorKey>(TestContext.Current.CancellationToken));
    }
}
