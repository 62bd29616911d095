using System.Runtime.InteropServices;

namespace DropoutSweep.Benchmarks;

/// <summary>
/// CPU time of the calling thread (Linux CLOCK_THREAD_CPUTIME_ID; elsewhere the process's CPU time). On a shared machine
/// wall time also counts the slices other processes ran in; this clock counts only ours, so kernels and the FMA peak are
/// measured on the same footing however loaded the machine is.
/// </summary>
internal static partial class ThreadClock
{
    private const int ThreadCpuTime = 3;

    public static double Seconds()
    {
        if (OperatingSystem.IsLinux() && ClockGetTime(ThreadCpuTime, out var time) == 0)
        {
            return time.Seconds + (time.Nanoseconds * 1e-9);
        }

        return System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
