using Akka.Actor;
using Akka.Event;

namespace DropoutSweep.Engine.Tests.Cluster;

/// <summary>Listens to a node's log events and completes <see cref="Requeued"/> at the coordinator's first "Re-queueing trial" warning.</summary>
internal sealed class RequeueWatcher : ReceiveActor
{
    public RequeueWatcher(TaskCompletionSource<string> requeued)
    {
        Receive<Warning>(warning =>
        {
            var text = warning.Message?.ToString() ?? string.Empty;
            if (text.StartsWith("Re-queueing trial", StringComparison.Ordinal))
            {
                requeued.TrySetResult(text);
            }
        });
    }
}
