using Microsoft.Extensions.Configuration;
using Serilog;

namespace DropoutSweep.Hosting;

/// <summary>
/// Serilog from appsettings.json's <c>Serilog</c> section (Serilog.Settings.Configuration): levels and sinks are the
/// user's to change. The file sink named <c>File</c> always writes <c>sweep.log.json</c> in the output folder, so its
/// path is set here, at run time, once that folder exists.
/// </summary>
internal static class SweepLogging
{
    /// <summary>The structured log's file name inside the output folder.</summary>
    public const string LogFileName = "sweep.log.json";

    /// <summary>The configuration key of the file sink's path (WriteTo is an object keyed by sink, not an index-merged array).</summary>
    public const string FilePathKey = "Serilog:WriteTo:File:Args:path";

    /// <summary>The configuration key of the console sink's level (<c>--quiet</c> sets it to Warning).</summary>
    public const string ConsoleLevelKey = "Serilog:WriteTo:Console:Args:restrictedToMinimumLevel";

    /// <summary>The configuration key of the console sink's theme.</summary>
    public const string ConsoleThemeKey = "Serilog:WriteTo:Console:Args:theme";

    // The console sink's default theme colours text through Console.ForegroundColor, which on Linux and macOS writes its
    // codes to the terminal directly, past Console.Out; an ANSI theme writes them into the text, so that the log lines
    // the live progress display draws above its block keep their colours.
    private const string AnsiTheme = "Serilog.Sinks.SystemConsole.Themes.AnsiConsoleTheme::Literate, Serilog.Sinks.Console";

    /// <summary>
    /// Creates the process-wide logger (Akka.Logger.Serilog writes to the static <see cref="Log.Logger"/>). With
    /// <paramref name="ansiColours"/>, the console sink colours its text with ANSI codes unless the configuration names a theme.
    /// </summary>
    public static Serilog.Core.Logger Create(IConfiguration configuration, string outputDirectory, bool ansiColours = false)
    {
        var settings = new ConfigurationBuilder().AddConfiguration(configuration);
        if (configuration.GetSection("Serilog:WriteTo:File:Name").Exists())
        {
            settings.AddInMemoryCollection([new(FilePathKey, Path.Combine(outputDirectory, LogFileName))]);
        }

        if (ansiColours && configuration.GetSection("Serilog:WriteTo:Console:Name").Exists() && configuration[ConsoleThemeKey] is null)
        {
            settings.AddInMemoryCollection([new(ConsoleThemeKey, AnsiTheme)]);
        }

        return new LoggerConfiguration()
            .ReadFrom.Configuration(settings.Build())
            .CreateLogger();
    }
}
