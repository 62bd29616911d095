using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Event;

namespace DropoutSweep.Engine.Tests.Cluster;

/// <summary>Listens to a node's warnings and errors: keeps their text and completes <c>matched</c> at the first one that <c>match</c> accepts.</summary>
internal sealed class LogWatcher : ReceiveActor
{
    public LogWatcher(Func<string, bool> match, TaskCompletionSource<string> matched, ConcurrentQueue<string> seen)
    {
        Receive<LogEvent>(e =>
        {
            var text = $"{e.LogLevel()} {e.LogSource}: {e.Message}{(e.Cause is null ? "" : " / " + e.Cause.Message)}";
            seen.Enqueue(text);
            if (match(text))
            {
                matched.TrySetResult(text);
            }
        });
    }
}
