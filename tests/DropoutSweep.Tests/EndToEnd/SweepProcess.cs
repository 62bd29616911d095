using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace DropoutSweep.Tests.EndToEnd;

/// <summary>
/// The built <c>dropout-sweep</c> executable as a real process: started with <c>dotnet dropout-sweep.dll</c> from the copy
/// of its output folder that the test project's build puts in <c>app/</c>, in a working folder of the test's
/// choosing, with none of the runner's DROPOUTSWEEP_ variables. Output is captured; signals are real.
/// </summary>
internal sealed partial class SweepProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _error = new();

    private SweepProcess(Process process)
    {
        _process = process;
    }

    /// <summary>The executable under test.</summary>
    public static string AppPath { get; } = FindApp();

    public int Id => _process.Id;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public string Error
    {
        get
        {
            lock (_error)
            {
                return _error.ToString();
            }
        }
    }

    /// <summary>Runs to the end (or kills it after <paramref name="timeout"/> and fails).</summary>
    public static Task<SweepProcess> RunAsync(string workingDirectory, TimeSpan timeout, params string[] args) =>
        RunAsync(workingDirectory, new Dictionary<string, string>(), timeout, args);

    /// <summary>Runs to the end with extra environment variables.</summary>
    public static async Task<SweepProcess> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string> environment, TimeSpan timeout, params string[] args)
    {
        var process = Start(workingDirectory, environment, args);
        await process.WaitForExitAsync(timeout);
        return process;
    }

    public static SweepProcess Start(string workingDirectory, params string[] args) =>
        Start(workingDirectory, new Dictionary<string, string>(), args);

    public static SweepProcess Start(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(AppPath);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("DROPOUTSWEEP_", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = new Process { StartInfo = start };
        var sweep = new SweepProcess(process);
        process.OutputDataReceived += (_, e) => Append(sweep._output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(sweep._error, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return sweep;
    }

    /// <summary>The exit code; only valid once the process has exited.</summary>
    public int ExitCode => _process.ExitCode;

    public bool HasExited => _process.HasExited;

    /// <summary>Waits for the exit and for all output; kills the process and fails when it takes longer than <paramref name="timeout"/>.</summary>
    public async Task WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dropout-sweep did not exit within {timeout}.\nstdout:\n{Output}\nstderr:\n{Error}");
        }
    }

    /// <summary>Waits until standard output contains <paramref name="text"/>; fails when the process exits or time runs out first.</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"'{text}' did not appear.\n{this}");
            }

            await Task.Delay(5);
        }
    }

    /// <summary>Sends a real POSIX signal (SIGINT = Ctrl+C, SIGTERM) to the process.</summary>
    public void Signal(int signal)
    {
        if (Kill(_process.Id, signal) != 0)
        {
            throw new InvalidOperationException($"kill({_process.Id}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    /// <summary>SIGKILL: the process gets no chance to clean up; returns once it is gone.</summary>
    public void KillHard()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public override string ToString() => $"exit {(_process.HasExited ? _process.ExitCode : "(running)")}\nstdout:\n{Output}\nstderr:\n{Error}";

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(); // gone before the test deletes its folder
        }

        _process.Dispose();
    }

    private static void Append(StringBuilder text, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (text)
        {
            text.AppendLine(line);
        }
    }

    // `dotnet test` tells its child processes which host runs them; otherwise the one on PATH.
    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    private static string FindApp()
    {
        var app = Path.Combine(AppContext.BaseDirectory, "app", "dropout-sweep.dll");
        return File.Exists(app)
            ? app
            : throw new FileNotFoundException($"The built executable is missing at '{app}': the test project's build copies it there (target CopyDropoutSweepExecutable).");
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
