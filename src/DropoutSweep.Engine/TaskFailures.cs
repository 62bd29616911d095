namespace DropoutSweep.Engine;

/// <summary>What a failed task piped back to an actor carries.</summary>
internal static class TaskFailures
{
    /// <summary>The task's own exception rather than the AggregateException the task wrapped it in.</summary>
    public static Exception Unwrap(Exception error) =>
        error is AggregateException { InnerExceptions.Count: 1 } aggregate ? aggregate.InnerExceptions[0] : error;
}
