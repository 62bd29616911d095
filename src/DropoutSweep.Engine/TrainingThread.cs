using System.Collections.Concurrent;

namespace DropoutSweep.Engine;

/// <summary>
/// One dedicated OS thread that runs a worker's trials one after another, as a <see cref="TaskScheduler"/> so the worker
/// can still <c>PipeTo</c> the result. Like a LongRunning task it keeps CPU-bound training off Akka's dispatchers and off
/// the CLR pool (AKKA.md §2), but the thread lives as long as the worker: a new thread per trial raised the peak working
/// set of a 10,000-trial sweep by about 110 MB (freed thread stacks and per-thread runtime state the process keeps).
/// </summary>
internal sealed class TrainingThread : TaskScheduler, IDisposable
{
    private readonly BlockingCollection<Task> _queue = new();

    public TrainingThread(string name)
    {
        var thread = new Thread(RunQueue) { IsBackground = true, Name = name };
        thread.Start();
    }

    public override int MaximumConcurrencyLevel => 1;

    /// <summary>Lets the thread finish what it is running (cancelled by then) and exit.</summary>
    public void Dispose() => _queue.CompleteAdding();

    protected override void QueueTask(Task task) => _queue.Add(task);

    // Never run a trial on the caller's thread: that would be the actor's.
    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) => false;

    protected override IEnumerable<Task> GetScheduledTasks() => _queue.ToArray();

    private void RunQueue()
    {
        foreach (var task in _queue.GetConsumingEnumerable())
        {
            TryExecuteTask(task);
        }

        _queue.Dispose();
    }
}
