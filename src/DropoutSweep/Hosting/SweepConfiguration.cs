using System.Collections;
using System.Text.Json;
using System.Text.Json.Nodes;
using DropoutSweep.Cluster;
using DropoutSweep.CommandLine;
using DropoutSweep.Core.Search;
using DropoutSweep.Core.Settings;
using DropoutSweep.Options;
using Microsoft.Extensions.Configuration;

namespace DropoutSweep.Hosting;

/// <summary>
/// The one configuration loader, for <c>run</c> and <c>worker</c> alike. Layers, later winning: <c>appsettings.json</c> →
/// the sweep file (<c>run</c> only: <c>--config FILE</c>, else appsettings.json's <c>DefaultSweep</c>) → environment
/// variables (<c>DROPOUTSWEEP_</c> prefix, <c>__</c> for <c>:</c>) → command-line overrides (<c>--Section:Key=value</c>).
/// The sweep is read in one pass: the sweep file is parsed once, its <c>Sweep</c> object (over appsettings.json's, if
/// any; objects merge, lists replace) gets each override laid over it as text at its path, and the catalogue reads that
/// tree, so a number in the file reaches the options exactly as written. The other sections (Serilog, Akka, Cluster)
/// form <see cref="Configuration"/>, on which the host is built. A key outside the known sections is an error.
/// </summary>
internal sealed class SweepConfiguration
{
    /// <summary>Environment variables with this prefix override settings.</summary>
    public const string EnvironmentPrefix = "DROPOUTSWEEP_";

    /// <summary>The appsettings.json key that names the sweep file run when <c>--config</c> is absent.</summary>
    public const string DefaultSweepKey = "DefaultSweep";

    private SweepConfiguration(ConfigurationManager configuration, string appSettingsFile, string? sweepFile, SweepOptionsReading? sweep)
    {
        Configuration = configuration;
        AppSettingsFile = appSettingsFile;
        SweepFile = sweepFile;
        Sweep = sweep;
    }

    /// <summary>The host's layers (every section but <c>Sweep</c>); the host is built on it.</summary>
    public ConfigurationManager Configuration { get; }

    /// <summary>Absolute path of the appsettings.json in use.</summary>
    public string AppSettingsFile { get; }

    /// <summary>Absolute path of the sweep file in use; null for a worker.</summary>
    public string? SweepFile { get; }

    /// <summary>The sweep's options read through the catalogue, with every problem found; null for a worker.</summary>
    public SweepOptionsReading? Sweep { get; }

    /// <summary>
    /// Reads every layer of a run. Returns null, with the problems added to <paramref name="problems"/>, when a file
    /// cannot be used; otherwise the configuration, with any problem of the sweep's settings in <see cref="Sweep"/> and
    /// keys outside the known sections added to <paramref name="problems"/>.
    /// </summary>
    public static SweepConfiguration? Load(RunArguments run, ICollection<string> problems)
    {
        ArgumentNullException.ThrowIfNull(run);
        return Load(run.Overrides, run.ConfigFile, isWorker: false, problems);
    }

    /// <summary>Reads a worker's layers: no sweep file (the coordinator says what to train), and no <c>Sweep</c> overrides on its command line.</summary>
    public static SweepConfiguration? LoadWorker(WorkerArguments worker, ICollection<string> problems)
    {
        ArgumentNullException.ThrowIfNull(worker);
        return Load(worker.Overrides, configFile: null, isWorker: true, problems);
    }

    private static SweepConfiguration? Load(
        IReadOnlyList<KeyValuePair<string, string?>> commandLine, string? configFile, bool isWorker, ICollection<string> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        // Always the tool's own: never an appsettings.json that happens to be in the current folder (InputPaths).
        var appSettingsFile = InputPaths.AppSettingsFile;
        if (!File.Exists(appSettingsFile))
        {
            problems.Add($"appsettings.json not found in the tool's folder '{InputPaths.ToolFolder}': reinstall the tool, or rebuild it.");
            return null;
        }

        var appSettings = ReadAppSettings(appSettingsFile, problems);
        if (appSettings is null)
        {
            return null;
        }

        var overrides = Overrides(commandLine, isWorker, problems);
        var host = new ConfigurationManager();
        host.AddJsonFile(appSettingsFile, optional: false, reloadOnChange: false);
        if (isWorker)
        {
            AddOverrides(host, overrides);
            return new SweepConfiguration(host, appSettingsFile, sweepFile: null, sweep: null);
        }

        // The sweep file's name may itself be overridden (DROPOUTSWEEP_DefaultSweep), so it is read from every layer but the sweep file.
        var hostLayers = new ConfigurationManager();
        hostLayers.AddJsonFile(appSettingsFile, optional: false, reloadOnChange: false);
        AddOverrides(hostLayers, overrides);
        var (prefix, sweepPath) = configFile is { } config ? ("", config) : ($"{DefaultSweepKey}: ", hostLayers[DefaultSweepKey]);
        if (string.IsNullOrWhiteSpace(sweepPath))
        {
            problems.Add($"{DefaultSweepKey}: missing in '{appSettingsFile}'; give a sweep file with --config FILE.");
            return null;
        }

        // --config (or DefaultSweep given as an override) is typed: the current folder, then the tool's. appsettings.json's
        // own DefaultSweep is relative to appsettings.json, so a config/default.json in the current folder is never taken for it.
        var fromAppSettings = configFile is null && !overrides.Any(o => o.Key.Equals(DefaultSweepKey, StringComparison.OrdinalIgnoreCase));
        var besideFile = fromAppSettings ? appSettingsFile : null;
        var sweepFile = InputPaths.FindFile(sweepPath, besideFile, onlyBeside: fromAppSettings);
        if (sweepFile is null)
        {
            problems.Add($"{prefix}config file '{sweepPath}' not found {InputPaths.LookedIn(sweepPath, besideFile, onlyBeside: fromAppSettings)}.");
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

        // The sweep file's other sections (Serilog, Akka, Cluster) lie between appsettings.json and the overrides.
        var document = check.Document!;
        host.AddInMemoryCollection(Flatten(document, skip: SweepSettings.Root));
        AddOverrides(host, overrides);
        return new SweepConfiguration(host, appSettingsFile, sweepFile, ReadSweep(appSettings, document, overrides));
    }

    /// <summary>appsettings.json, parsed and checked as a sweep file is (JSON, no duplicate keys, known sections only).</summary>
    private static JsonObject? ReadAppSettings(string file, ICollection<string> problems)
    {
        var name = $"'{file}'";
        var (document, problem) = Options.SweepFile.Parse(file, name);
        if (document is null)
        {
            problems.Add(problem!);
            return null;
        }

        using (document)
        {
            var found = new List<SettingProblem>();
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                problems.Add($"{name} must hold a JSON object.");
                return null;
            }

            Options.SweepFile.FindDuplicateKeys(document.RootElement, "", name, found);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (ConfigurationRoots.Problem(property.Name, name, key => key) is { } unknown)
                {
                    found.Add(new SettingProblem("", unknown));
                }
            }

            foreach (var each in found)
            {
                problems.Add(each.ToString());
            }

            return found.Count > 0 ? null : JsonObject.Create(document.RootElement.Clone(), SettingsTree.NodeOptions);
        }
    }

    /// <summary>The <c>Sweep</c> objects of appsettings.json and the sweep file, merged, the overrides laid over them, read through the catalogue.</summary>
    private static SweepOptionsReading ReadSweep(JsonObject appSettings, JsonObject sweepFile, IReadOnlyList<Override> overrides)
    {
        var tree = SettingsTree.NewObject();
        foreach (var layer in (JsonObject[])[appSettings, sweepFile])
        {
            if (layer.TryGetPropertyValue(SweepSettings.Root, out var sweep) && sweep is JsonObject)
            {
                var only = SettingsTree.NewObject();
                only[SweepSettings.Root] = sweep.DeepClone();
                SettingsTree.Merge(tree, only);
            }
        }

        var problems = new List<SettingProblem>();
        foreach (var item in overrides.Where(o => o.IsSweep))
        {
            SettingsTree.Overlay(tree, item.Key, item.Value, item.Origin, problems);
        }

        var reading = SweepReader.Read(tree[SweepSettings.Root]);
        return problems.Count == 0 ? reading : reading with { Problems = [.. problems, .. reading.Problems] };
    }

    /// <summary>
    /// The environment's overrides (<c>DROPOUTSWEEP_Sweep__Training__Epochs</c>, in name order), then the command line's
    /// in its order; a key outside the known sections is reported with the key probably meant.
    /// </summary>
    private static List<Override> Overrides(IReadOnlyList<KeyValuePair<string, string?>> commandLine, bool isWorker, ICollection<string> problems)
    {
        var overrides = new List<Override>();
        var environment = Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
            .Select(e => (Name: (string)e.Key, Value: e.Value as string))
            .Where(e => e.Name.StartsWith(EnvironmentPrefix, StringComparison.OrdinalIgnoreCase) && e.Name.Length > EnvironmentPrefix.Length)
            .OrderBy(e => e.Name, StringComparer.Ordinal);
        foreach (var (name, value) in environment)
        {
            var key = name[EnvironmentPrefix.Length..].Replace("__", ":", StringComparison.Ordinal);
            if (ConfigurationRoots.Problem(key, name, EnvironmentName) is { } problem)
            {
                problems.Add(problem);
                continue;
            }

            // A worker ignores sweep settings in its environment: one environment may serve a coordinator and a worker.
            if (!(isWorker && IsSweepKey(key)))
            {
                overrides.Add(new Override(key, value, $"environment variable {name}"));
            }
        }

        foreach (var (key, value) in commandLine)
        {
            if (ConfigurationRoots.Problem(key, "--" + key, k => "--" + k) is { } problem)
            {
                problems.Add(problem);
            }
            else if (isWorker && IsSweepKey(key))
            {
                problems.Add($"--{key}: a worker takes no sweep settings; the coordinator's sweep file decides what is trained.");
            }
            else
            {
                overrides.Add(new Override(key, value, $"--{key}"));
            }
        }

        return overrides;
    }

    private static string EnvironmentName(string key) => EnvironmentPrefix + key.Replace(":", "__", StringComparison.Ordinal);

    private static bool IsSweepKey(string key) => IsSweepRoot(key) || key.Equals(DefaultSweepKey, StringComparison.OrdinalIgnoreCase);

    // `Sweep` or a key below it.
    private static bool IsSweepRoot(string key) =>
        key.Equals(SweepSettings.Root, StringComparison.OrdinalIgnoreCase)
        || key.StartsWith(SweepSettings.Root + ":", StringComparison.OrdinalIgnoreCase);

    // The sweep's own settings never enter the host's configuration: the catalogue reads them from the tree.
    private static void AddOverrides(IConfigurationBuilder builder, IEnumerable<Override> overrides) =>
        builder.AddInMemoryCollection(overrides.Where(o => !o.IsSweep).Select(o => new KeyValuePair<string, string?>(o.Key, o.Value)));

    /// <summary>Configuration's key/values of a JSON tree (<c>Serilog:WriteTo:0:Name</c>), leaving out the top-level key <paramref name="skip"/>.</summary>
    private static IEnumerable<KeyValuePair<string, string?>> Flatten(JsonObject root, string skip)
    {
        var pairs = new List<KeyValuePair<string, string?>>();
        foreach (var (key, value) in root)
        {
            if (!string.Equals(key, skip, StringComparison.OrdinalIgnoreCase))
            {
                Flatten(value, key, pairs);
            }
        }

        return pairs;
    }

    private static void Flatten(JsonNode? node, string path, List<KeyValuePair<string, string?>> pairs)
    {
        switch (node)
        {
            case JsonObject json:
                foreach (var (key, value) in json)
                {
                    Flatten(value, path + ":" + key, pairs);
                }

                break;
            case JsonArray list:
                for (var i = 0; i < list.Count; i++)
                {
                    Flatten(list[i], path + ":" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), pairs);
                }

                break;
            case null:
                pairs.Add(new(path, null));
                break;
            default:
                pairs.Add(new(path, node.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : node.ToJsonString()));
                break;
        }
    }

    /// <summary>One override: its configuration key, its text, and where it came from (for messages).</summary>
    private sealed record Override(string Key, string? Value, string Origin)
    {
        public bool IsSweep => IsSweepRoot(Key);
    }
}
