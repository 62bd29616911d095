using System.Runtime.InteropServices;
using Microsoft.Extensions.Hosting;
using Serilog;

namespace DropoutSweep.Hosting;

/// <summary>
/// Watches Ctrl+C (SIGINT) and SIGTERM beside the host's own handler: the first one stops the application gracefully
/// (no new trials, running ones cancelled, partial report), also while the host is still starting; this class remembers
/// that it happened, so the exit code is 130 rather than an internal error, and makes a second Ctrl+C exit at once. Exiting at once is safe for the journal:
/// every acknowledged line was flushed to disk before it counted, and a torn last line is ignored on resume.
/// </summary>
internal sealed class InterruptSignals : IDisposable
{
    private readonly PosixSignalRegistration[] _registrations;
    private readonly IHostApplicationLifetime? _lifetime;
    private readonly string _stopping;
    private int _count;

    /// <param name="lifetime">Stopped on the first signal; null where the caller's hosts stop on the signal themselves (a worker node's successive hosts).</param>
    /// <param name="stopping">What a graceful stop does, for the warning the first signal prints.</param>
    public InterruptSignals(IHostApplicationLifetime? lifetime = null, string stopping = "no new trials, running trials cancelled, partial report")
    {
        _lifetime = lifetime;
        _stopping = stopping;
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal),
        ];
    }

    /// <summary>True once Ctrl+C or SIGTERM was received.</summary>
    public bool Received => Volatile.Read(ref _count) > 0;

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }
    }

    private void OnSignal(PosixSignalContext context)
    {
        // The host's own handler does the same, but only from the moment the host has started.
        context.Cancel = true;
        if (Interlocked.Increment(ref _count) == 1)
        {
            Log.Warning("{Signal} received: stopping ({Stopping}); press Ctrl+C again to exit at once", context.Signal, _stopping);
            _lifetime?.StopApplication();
            return;
        }

        Log.Warning("{Signal} received again: exiting now", context.Signal);
        Log.CloseAndFlush();
        Environment.Exit(ExitCodes.Interrupted);
    }
}
