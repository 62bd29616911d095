using Akka.Actor;
using DropoutSweep.Engine;

namespace DropoutSweep.Progress;

/// <summary>
/// Hands the engine's events to <see cref="SweepProgress"/>: the aggregator publishes every trial started, progressed and
/// recorded on the event stream; this actor subscribes before the sweep starts. It knows nothing of the console.
/// </summary>
internal sealed class ProgressListener : ReceiveActor
{
    public ProgressListener(SweepProgress progress)
    {
        Receive<TrialStarted>(progress.Started);
        Receive<TrialProgressed>(progress.Progressed);
        Receive<TrialRecorded>(progress.Recorded);
    }

    public static Props Props(SweepProgress progress) => Akka.Actor.Props.Create(() => new ProgressListener(progress));

    /// <summary>The events it handles, to subscribe it to.</summary>
    public static IReadOnlyList<Type> Events { get; } = [typeof(TrialStarted), typeof(TrialProgressed), typeof(TrialRecorded)];
}
