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

    /// <summary>Creates the process-wide logger (Akka.Logger.Serilog writes to the static <see cref="Log.Logger"/>).</summary>
    public static Serilog.Core.Logger Create(IConfiguration configuration, string outputDirectory)
    {
        var settings = new ConfigurationBuilder().AddConfiguration(configuration);
        if (configuration.GetSection("Serilog:WriteTo:File:Name").Exists())
        {
            settings.AddInMemoryCollection([new(FilePathKey, Path.Combine(outputDirectory, LogFileName))]);
        }

        return new LoggerConfiguration()
            .ReadFrom.Configuration(settings.Build())
            .CreateLogger();
    }
}
