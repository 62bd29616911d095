using System.Text.Json;
using DropoutSweep.CommandLine;
using Microsoft.Extensions.Configuration;

namespace DropoutSweep.Hosting;

/// <summary>
/// Builds the configuration in the documented order, later layers winning: <c>appsettings.json</c> → the sweep file →
/// environment variables (<c>DROPOUTSWEEP_</c> prefix, <c>__</c> for <c>:</c>) → command-line overrides. The sweep file
/// is <c>--config FILE</c> when given, else appsettings.json's <c>DefaultSweep</c>; it replaces the default rather than
/// being merged with it, because .NET merges arrays by index and would corrupt <c>Values</c>.
/// </summary>
internal sealed class SweepConfiguration
{
    /// <summary>Environment variables with this prefix override settings.</summary>
    public const string EnvironmentPrefix = "DROPOUTSWEEP_";

    /// <summary>The appsettings.json key that names the sweep file run when <c>--config</c> is absent.</summary>
    public const string DefaultSweepKey = "DefaultSweep";

    private SweepConfiguration(ConfigurationManager configuration, string appSettingsFile, string sweepFile, IReadOnlyList<string> spaceOrder)
    {
        Configuration = configuration;
        AppSettingsFile = appSettingsFile;
        SweepFile = sweepFile;
        SpaceOrder = spaceOrder;
    }

    /// <summary>All layers; the host is built on it.</summary>
    public ConfigurationManager Configuration { get; }

    /// <summary>Absolute path of the appsettings.json in use.</summary>
    public string AppSettingsFile { get; }

    /// <summary>Absolute path of the sweep file in use.</summary>
    public string SweepFile { get; }

    /// <summary>The file order of the sweep's Space entries (configuration sorts keys; the order decides the plan's).</summary>
    public IReadOnlyList<string> SpaceOrder { get; }

    /// <summary>Reads every layer; on failure returns null and adds one message per problem to <paramref name="problems"/>.</summary>
    public static SweepConfiguration? Load(RunArguments run, ICollection<string> problems)
    {
        var appSettingsFile = InputPaths.FindFile("appsettings.json");
        if (appSettingsFile is null)
        {
            problems.Add($"appsettings.json not found {InputPaths.LookedIn("appsettings.json")}.");
            return null;
        }

        if (JsonProblem(appSettingsFile) is { } appSettingsProblem)
        {
            problems.Add(appSettingsProblem);
            return null;
        }

        // The sweep file's name may itself be overridden (DROPOUTSWEEP_DefaultSweep, --DefaultSweep=...), so it is read
        // from every layer but the sweep file.
        var hostLayers = new ConfigurationManager();
        hostLayers.AddJsonFile(appSettingsFile, optional: false, reloadOnChange: false);
        AddOverrides(hostLayers, run);
        var (prefix, sweepPath) = run.ConfigFile is { } config ? ("", config) : ($"{DefaultSweepKey}: ", hostLayers[DefaultSweepKey]);
        if (string.IsNullOrWhiteSpace(sweepPath))
        {
            problems.Add($"{DefaultSweepKey}: missing in '{appSettingsFile}'; give a sweep file with --config FILE.");
            return null;
        }

        var sweepFile = InputPaths.FindFile(sweepPath);
        if (sweepFile is null)
        {
            problems.Add($"{prefix}config file '{sweepPath}' not found {InputPaths.LookedIn(sweepPath)}.");
            return null;
        }

        var check = Options.SweepFile.Check(sweepFile, displayName: sweepPath);
        if (!check.IsValid)
        {
            foreach (var problem in check.Problems)
            {
                problems.Add(prefix + problem);
            }

            return null;
        }

        // ConfigurationManager loads each source as it is added; both files were checked above.
        var configuration = new ConfigurationManager();
        configuration.AddJsonFile(appSettingsFile, optional: false, reloadOnChange: false);
        configuration.AddJsonFile(sweepFile, optional: false, reloadOnChange: false);
        AddOverrides(configuration, run);
        return new SweepConfiguration(configuration, appSettingsFile, sweepFile, check.SpaceOrder);
    }

    private static void AddOverrides(IConfigurationBuilder builder, RunArguments run)
    {
        builder.AddEnvironmentVariables(EnvironmentPrefix);
        builder.AddInMemoryCollection(run.Overrides);
    }

    // The JSON provider only says "Could not parse the JSON file"; System.Text.Json says where, with the same leniency.
    internal static string? JsonProblem(string file)
    {
        try
        {
            using var document = JsonDocument.Parse(
                File.ReadAllText(file),
                new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            return null;
        }
        catch (JsonException ex)
        {
            return $"'{file}' is not valid JSON: line {ex.LineNumber + 1}, column {ex.BytePositionInLine + 1}.";
        }
    }
}
