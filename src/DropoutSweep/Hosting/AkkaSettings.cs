using Akka.Actor;
using Akka.Event;
using Akka.Hosting;
using Akka.Logger.Serilog;
using Microsoft.Extensions.Configuration;

namespace DropoutSweep.Hosting;

/// <summary>
/// appsettings.json's <c>Akka</c> section: <c>LogLevel</c> (what actors may log at all; Serilog's levels then decide
/// what is shown where) and <c>Hocon</c> (extra HOCON; it wins over Akka's defaults and the settings every node starts
/// with, but the sweep's own wiring — cluster and split-brain timings — is added later and wins over it: change those
/// through the <c>Cluster</c> section). Akka logs through Serilog. What every node's actor system starts with (the host
/// drives shutdown, fail-fast supervision) is the engine's <see cref="Engine.SweepActorSystem.Hocon"/>.
/// </summary>
internal static class AkkaSettings
{
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

    /// <summary>Applies the section to the actor system being configured, and makes Akka log through Serilog.</summary>
    public static AkkaConfigurationBuilder WithHostSettings(this AkkaConfigurationBuilder akka, IConfiguration configuration)
    {
        var level = configuration[LogLevelKey] is { Length: > 0 } name ? s_levels[name] : LogLevel.InfoLevel;
        akka.ConfigureLoggers(loggers =>
        {
            loggers.LogLevel = level;
            loggers.ClearLoggers();
            loggers.AddSerilogLogging();
        });
        if (configuration[HoconKey] is { Length: > 0 } hocon)
        {
            akka.AddHocon(hocon, HoconAddMode.Prepend);
        }

        return akka;
    }
}
