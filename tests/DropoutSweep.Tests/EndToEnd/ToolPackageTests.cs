using System.Diagnostics;
using System.Text.RegularExpressions;
using DropoutSweep.Tests.Options;
using Xunit;

namespace DropoutSweep.Tests.EndToEnd;

/// <summary>
/// The .NET tool as the README installs it: <c>dotnet pack</c> of the built executable, <c>dotnet tool install
/// --tool-path</c> from that folder, then the installed <c>dropout-sweep</c> run from a folder of someone else's project.
/// </summary>
[Collection(ExecutableCollection.Name)]
public sealed partial class ToolPackageTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task The_packed_tool_installs_into_a_tool_path_and_runs_from_there_with_its_own_settings_and_sweeps()
    {
        using var folder = new ScratchFolder();
        var root = RepositoryRoot();
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name; // bin/<Configuration>/net10.0
        var packages = folder["nupkg"];
        var tools = folder["tools"];
        // NuGet's own cache stays out of it: a package of the same version extracted earlier would be installed instead of this one.
        var nuget = new Dictionary<string, string> { ["NUGET_PACKAGES"] = folder["nuget-cache"] };

        await Run(root, nuget, "pack", Path.Combine(root, "src", "DropoutSweep"), "-c", configuration, "--no-build", "-o", packages);
        await Run(root, nuget, "tool", "install", "--tool-path", tools, "--add-source", packages, "--ignore-failed-sources", "DropoutSweep");

        // Someone else's project: its own appsettings.json (not even JSON to the tool) and a CSV of theirs.
        var project = folder["project"];
        Directory.CreateDirectory(project);
        await File.WriteAllTextAsync(Path.Combine(project, "appsettings.json"), "{ \"ConnectionStrings\": ", TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(Path.Combine(project, "points.csv"), Points(), TestContext.Current.CancellationToken);
        var tool = Path.Combine(tools, "dropout-sweep");

        var version = await Run(project, nuget, tool, "--version");
        var init = await Run(project, nuget, tool, "init", "--csv", "points.csv");
        var shipped = await Run(project, nuget, tool, "--config", "config/digits.json", "--dry-run", "--Sweep:Training:Epochs=1");

        // The version Directory.Build.props gives every assembly, with the commit the build came from.
        var declared = VersionElement().Match(await File.ReadAllTextAsync(Path.Combine(root, "Directory.Build.props"), TestContext.Current.CancellationToken)).Groups[1].Value;
        Assert.StartsWith(declared, version.Trim());
        Assert.Contains("2 features, 2 classes (left, right)", init);
        Assert.Empty(SweepSchemaValidationTests.Problems(Path.Combine(project, "sweep.json")));
        Assert.Contains("64 features, 10 classes", shipped); // config/ and config/data/ travel in the package
    }

    private static async Task<string> Run(string workingDirectory, IReadOnlyDictionary<string, string> environment, string command, params string[] args)
    {
        var isTool = Path.IsPathRooted(command);
        var start = new ProcessStartInfo(isTool ? command : DotnetHost())
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (!isTool)
        {
            start.ArgumentList.Add(command);
        }

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

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(s_timeout);
        await process.WaitForExitAsync(cancel.Token);
        Assert.True(process.ExitCode == 0, $"{command} {string.Join(' ', args)} exited {process.ExitCode}\n{await output}\n{await error}");
        return await output;
    }

    // Two clusters of points, labelled in the last column.
    private static string Points() =>
        "x,y,side\n" + string.Concat(Enumerable.Range(0, 40).Select(i => $"{(i % 2 == 0 ? -1 : 1) * (1 + (i % 5))},{i % 7},{(i % 2 == 0 ? "left" : "right")}\n"));

    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "DropoutSweep.sln")))
            {
                return folder.FullName;
            }
        }

        throw new DirectoryNotFoundException("DropoutSweep.sln not found above the test's folder.");
    }

    [GeneratedRegex("<Version>([^<]+)</Version>")]
    private static partial Regex VersionElement();
}
