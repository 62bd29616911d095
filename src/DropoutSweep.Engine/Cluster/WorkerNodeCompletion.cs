namespace DropoutSweep.Engine.Cluster;

/// <summary>
/// Shared between a worker node's actors and its command (a DI singleton): the node's <see cref="WorkerNodeOutcome"/>,
/// and since when the node has been without the coordinator, which survives a restart of the node so that the rejoin
/// timeout counts from the first loss, not from the latest attempt.
/// </summary>
public sealed class WorkerNodeCompletion
{
    private readonly TaskCompletionSource<WorkerNodeOutcome> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _lock = new();
    private DateTimeOffset? _lostSince;

    /// <param name="lostSince">When the node last had the coordinator (its start, or the loss that made it restart).</param>
    public WorkerNodeCompletion(DateTimeOffset lostSince)
    {
        _lostSince = lostSince;
    }

    public Task<WorkerNodeOutcome> Task => _completion.Task;

    /// <summary>Since when the coordinator has been out of reach; null while connected.</summary>
    public DateTimeOffset? LostSince
    {
        get
        {
            lock (_lock)
            {
                return _lostSince;
            }
        }
    }

    public bool TryComplete(WorkerNodeOutcome outcome) => _completion.TrySetResult(outcome);

    /// <summary>Records a loss at <paramref name="at"/> unless one is already running; returns the start of the loss.</summary>
    public DateTimeOffset MarkLost(DateTimeOffset at)
    {
        lock (_lock)
        {
            _lostSince ??= at;
            return _lostSince.Value;
        }
    }

    /// <summary>The coordinator answers again.</summary>
    public void MarkConnected()
    {
        lock (_lock)
        {
            _lostSince = null;
        }
    }
}
