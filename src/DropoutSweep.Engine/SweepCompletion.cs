namespace DropoutSweep.Engine;

/// <summary>Completed by the aggregator once the final (or, on shutdown, partial) report is written; the host awaits it.</summary>
public sealed class SweepCompletion
{
    private readonly TaskCompletionSource<SweepOutcome> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<SweepOutcome> Task => _completion.Task;

    public bool TryComplete(SweepOutcome outcome) => _completion.TrySetResult(outcome);
}
