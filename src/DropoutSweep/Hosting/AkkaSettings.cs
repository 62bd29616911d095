using Akka.Actor;
using Akka.Event;
using Akka.Hosting;
using Akka.Logger.Serilog;
using Microsoft.Extensions.Configuration;

namespace DropoutSweep.Hosting;

/// <summary>
/// appsettings.json's <c>Akka</c> section: <c>LogLevel</c> (what actors may log at all; Serilog's levels then decide
/// what is shown where) and <c>Hocon</c> (extra HOCON; it wins over Akka's defaults and the host's settings, but the sweep's own wiring
/// — dispatcher, cluster and split-brain timings — is added later and wins over it: change those through the
/// <c>Cluster</c> section). Akka logs through Serilog, and the host, not Akka,
/// handles Ctrl+C and SIGTERM (AKKA.md §4.1: otherwise both race on the signal).
/// </summary>
internal static class AkkaSettings
{
    /// <summary>The ActorSystem's name; cluster nodes of one sweep must share it.</summary>
    public const string ActorSystemName = "dropout-sweep";

    // The host, not Akka, handles Ctrl+C and SIGTERM; and Akka's own stdout logger (used while the Serilog logger starts
    // and stops) stays quiet unless something is wrong.
    private const string HostHocon = """
        akka.coordinated-shutdown.run-by-clr-shutdown-hook = off
        akka.stdout-loglevel = WARNING
        """;

    private const string LogLevelKey = "Akka:LogLevel";
    private const string HoconKey = "Akka:Hocon";

    private static readonly Dictionary<string, LogLevel> s_levels = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Debug"] = LogLevel.DebugLevel,
        ["Info"] = LogLevel.InfoLevel,
        ["Information"] = LogLevel.InfoLevel,
        ["Warning"] = LogLevel.WarningLevel,
        ["Error"] = LogLevel.ErrorLevel,
    };

    /// <summary>Problems with the Akka section (an unknown level, HOCON that does not parse).</summary>
    public static IEnumerable<string> Problems(IConfiguration configuration)
    {
        if (configuration[LogLevelKey] is { Length: > 0 } level && !s_levels.ContainsKey(level))
        {
            yield return $"{LogLevelKey} = {level}: must be one of Debug, Info, Warning, Error.";
        }

        if (configuration[HoconKey] is { Length: > 0 } hocon)
        {
            // Akka's parser is lenient (most malformed text is skipped), but it refuses unresolved substitutions.
            string? error = null;
            try
            {
                Akka.Configuration.ConfigurationFactory.ParseString(hocon);
            }
            catch (Exception ex) when (ex is Akka.Configuration.ConfigurationException or FormatException)
            {
                error = $"{HoconKey}: not valid HOCON: {ex.Message}";
            }

            if (error is not null)
            {
                yield return error;
            }
        }
    }

    /// <summary>
    /// Raises Akka's level to at least Info before the actor system stops: while it stops the Serilog logger, Akka starts
    /// its own stdout logger and announces that at Debug level straight to the console. The sweep's Debug events (trial
    /// started, progress) are all logged by then.
    /// </summary>
    public static void QuietForShutdown(ActorSystem system)
    {
        if (system.EventStream.LogLevel < LogLevel.InfoLevel)
        {
            system.EventStream.SetLogLevel(LogLevel.InfoLevel);
        }
    }

    /// <summary>Applies the section and the host's fixed settings to the actor system being configured.</summary>
    public static AkkaConfigurationBuilder WithHostSettings(this AkkaConfigurationBuilder akka, IConfiguration configuration)
    {
        var level = configuration[LogLevelKey] is { Length: > 0 } name ? s_levels[name] : LogLevel.InfoLevel;
        akka.ConfigureLoggers(loggers =>
            {
                loggers.LogLevel = level;
                loggers.ClearLoggers();
                loggers.AddSerilogLogging();
            })
            .AddHocon(HostHocon, HoconAddMode.Prepend);
        if (configuration[HoconKey] is { Length: > 0 } hocon)
        {
            akka.AddHocon(hocon, HoconAddMode.Prepend);
        }

        return akka;
    }
}
