using DropoutSweep.Core.Settings;
using DropoutSweep.Engine.Cluster;
using Microsoft.Extensions.Configuration;

namespace DropoutSweep.Cluster;

/// <summary>
/// The <c>Cluster</c> configuration section (appsettings.json, <c>DROPOUTSWEEP_Cluster__...</c>, or the command line:
/// <c>--listen</c>, <c>--public-host</c>, <c>--join</c> and <c>--coordinator-only</c> are the same settings):
/// <c>Listen</c> (HOST:PORT; for <c>run</c> it makes this process the cluster's coordinator), <c>PublicHost</c>,
/// <c>Join</c> (a worker's coordinator), <c>CoordinatorOnly</c>, <c>RejoinTimeout</c>, <c>HeartbeatPause</c>,
/// <c>StableAfter</c> (durations as <see cref="DurationText"/> reads them: <c>30</c>, <c>30s</c>, <c>5m</c>, <c>500ms</c>, <c>00:00:30</c>), <c>Tls:Certificate</c> and
/// <c>Tls:Password</c> (<c>--tls</c>, <c>--tls-password</c>) and <c>Insecure</c> (<c>--insecure</c>).
/// </summary>
internal sealed record ClusterSection
{
    public const string Name = "Cluster";

    /// <summary>HOST:PORT to listen on; null when not given (a local run; a worker then listens on 0.0.0.0:0).</summary>
    public (string Host, int Port)? Listen { get; init; }

    /// <summary>The host name or address other nodes reach this one at; null: derived (see <see cref="ClusterHosting.PublicHost"/>).</summary>
    public string? PublicHost { get; init; }

    /// <summary>The coordinator a worker joins.</summary>
    public (string Host, int Port)? Join { get; init; }

    /// <summary>The coordinator runs no local workers.</summary>
    public bool CoordinatorOnly { get; init; }

    public TimeSpan RejoinTimeout { get; init; } = TimeSpan.FromMinutes(5);

    public TimeSpan HeartbeatPause { get; init; } = TimeSpan.FromSeconds(3);

    public TimeSpan StableAfter { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The sweep's certificate (<c>Cluster:Tls:Certificate</c>, <see cref="ClusterTlsSettings"/>): TLS between nodes; null: plain TCP.</summary>
    public ClusterTls? Tls { get; init; }

    /// <summary>Plain TCP is allowed off loopback (<c>Cluster:Insecure</c>, <see cref="ClusterExposure"/>).</summary>
    public bool Insecure { get; init; }

    /// <summary>True when this run is a cluster's coordinator (<c>Cluster:Listen</c> is set).</summary>
    public bool IsCoordinator => Listen is not null;

    /// <summary>Reads and checks the section; every problem names its setting.</summary>
    public static ClusterSection Read(IConfiguration configuration, ICollection<string> problems)
    {
        var section = configuration.GetSection(Name);
        var defaults = new ClusterSection();
        return new ClusterSection
        {
            Listen = Endpoint(section, "Listen", ClusterAddress.ParseListen, problems),
            PublicHost = Text(section, "PublicHost"),
            Join = Endpoint(section, "Join", ClusterAddress.ParseJoin, problems),
            CoordinatorOnly = Flag(section, "CoordinatorOnly", problems),
            RejoinTimeout = Duration(section, "RejoinTimeout", defaults.RejoinTimeout, problems),
            HeartbeatPause = Duration(section, "HeartbeatPause", defaults.HeartbeatPause, problems),
            StableAfter = Duration(section, "StableAfter", defaults.StableAfter, problems),
            Tls = ClusterTlsSettings.Read(section, problems),
            Insecure = Flag(section, ClusterExposure.InsecureKey, problems),
        };
    }

    /// <summary>The engine's node options, listening on <see cref="Listen"/> or else <paramref name="defaultListen"/>.</summary>
    public ClusterNodeOptions NodeOptions((string Host, int Port) defaultListen)
    {
        var (host, port) = Listen ?? defaultListen;
        return new ClusterNodeOptions
        {
            ListenHost = host,
            ListenPort = port,
            PublicHost = PublicHost,
            HeartbeatPause = HeartbeatPause,
            StableAfter = StableAfter,
            Tls = Tls,
        };
    }

    private static string? Text(IConfigurationSection section, string key) =>
        section[key] is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    private static (string Host, int Port)? Endpoint(IConfigurationSection section, string key, Func<string, string, (string, int)> parse, ICollection<string> problems)
    {
        if (Text(section, key) is not { } value)
        {
            return null;
        }

        try
        {
            return parse(value, $"{Name}:{key}");
        }
        catch (FormatException error)
        {
            problems.Add(error.Message);
            return null;
        }
    }

    private static bool Flag(IConfigurationSection section, string key, ICollection<string> problems)
    {
        if (Text(section, key) is not { } value)
        {
            return false;
        }

        if (bool.TryParse(value, out var flag))
        {
            return flag;
        }

        problems.Add($"{Name}:{key} = '{value}': must be true or false.");
        return false;
    }

    private static TimeSpan Duration(IConfigurationSection section, string key, TimeSpan fallback, ICollection<string> problems)
    {
        if (Text(section, key) is not { } value)
        {
            return fallback;
        }

        if (DurationText.TryParse(value, out var duration) && duration > TimeSpan.Zero)
        {
            return duration;
        }

        problems.Add($"{Name}:{key} = '{value}': must be a positive duration such as {DurationText.Examples}.");
        return fallback;
    }
}
