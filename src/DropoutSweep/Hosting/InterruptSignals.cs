using System.Runtime.InteropServices;
using Microsoft.Extensions.Hosting;
using Serilog;

namespace DropoutSweep.Hosting;

/// <summary>
/// Watches Ctrl+C (SIGINT) and SIGTERM beside the host's own handler: the first one stops the attached host gracefully
/// (see <c>stopping</c>), also while it is still starting, or as soon as one is attached when the signal came between two
/// hosts (a worker node's successive incarnations); this class remembers that it happened, so the exit code is 130 rather
/// than an internal error, and makes a second Ctrl+C exit at once. Exiting at once is safe for the journal: every
/// acknowledged line was flushed to disk before it counted, and a torn last line is ignored on resume.
/// </summary>
internal sealed class InterruptSignals : IDisposable
{
    private readonly PosixSignalRegistration[] _registrations;
    private readonly string _stopping;
    private IHostApplicationLifetime? _lifetime;
    private int _count;

    /// <param name="stopping">What a graceful stop does, for the warning the first signal prints.</param>
    public InterruptSignals(string stopping)
    {
        _stopping = stopping;
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal),
        ];
    }

    /// <summary>True once Ctrl+C or SIGTERM was received.</summary>
    public bool Received => Volatile.Read(ref _count) > 0;

    /// <summary>Makes <paramref name="lifetime"/> the host a signal stops; stops it at once if a signal already came.</summary>
    public void Attach(IHostApplicationLifetime lifetime)
    {
        Volatile.Write(ref _lifetime, lifetime);
        if (Received)
        {
            lifetime.StopApplication();
        }
    }

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
            Volatile.Read(ref _lifetime)?.StopApplication();
            return;
        }

        Log.Warning("{Signal} received again: exiting now", context.Signal);
        Log.CloseAndFlush();
        Environment.Exit(ExitCodes.Interrupted);
    }
}
