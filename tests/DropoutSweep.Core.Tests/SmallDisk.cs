using System.Diagnostics;
using Xunit;

namespace DropoutSweep.Tests.Support;

/// <summary>
/// A real, tiny file system (tmpfs, a few kilobytes) mounted on a fresh temporary folder, so that a test meets the
/// operating system's own "No space left on device" rather than a simulated one; unmounted and deleted afterwards.
/// Mounting needs root (CAP_SYS_ADMIN): where the machine refuses, <see cref="Mount"/> skips the test and says why.
/// </summary>
internal sealed class SmallDisk : IDisposable
{
    private SmallDisk(string path)
    {
        Path = path;
    }

    public string Path { get; }

    /// <summary>A path inside the disk.</summary>
    public string this[string relative] => System.IO.Path.Combine(Path, relative);

    /// <summary>Mounts a tmpfs of <paramref name="kilobytes"/> KiB, or skips the test when this machine does not allow it.</summary>
    public static SmallDisk Mount(int kilobytes)
    {
        var folder = Directory.CreateTempSubdirectory("dropout-sweep-small-disk-").FullName;
        var (exitCode, error) = Run("mount", "-t", "tmpfs", "-o", $"size={kilobytes}k", "tmpfs", folder);
        if (exitCode != 0)
        {
            Directory.Delete(folder);
            Assert.Skip($"cannot mount a {kilobytes} KiB tmpfs here (mount exited {exitCode}: {error.Trim()}); the test needs root");
        }

        return new SmallDisk(folder);
    }

    /// <summary>Writes a file until the disk is full, so that the next write fails.</summary>
    public void Fill()
    {
        using var filler = new FileStream(this["filler"], FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0);
        var block = new byte[4096];
        try
        {
            while (true)
            {
                filler.Write(block);
            }
        }
        catch (IOException full) when (full.Message.StartsWith("No space left on device", StringComparison.Ordinal))
        {
            // Full, as intended: the filler keeps what fitted.
        }
    }

    /// <summary>Frees space as a user would: the same file system, now <paramref name="kilobytes"/> KiB.</summary>
    public void Grow(int kilobytes)
    {
        var (exitCode, error) = Run("mount", "-o", $"remount,size={kilobytes}k", Path);
        if (exitCode != 0)
        {
            throw new IOException($"remount of {Path} exited {exitCode}: {error}");
        }
    }

    public void Dispose()
    {
        var (exitCode, error) = Run("umount", Path);
        if (exitCode != 0)
        {
            throw new IOException($"umount {Path} exited {exitCode}: {error}");
        }

        Directory.Delete(Path);
    }

    private static (int ExitCode, string Error) Run(string command, params string[] arguments)
    {
        var start = new ProcessStartInfo(command) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, error);
    }
}
