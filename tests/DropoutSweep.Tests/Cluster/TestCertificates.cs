using DropoutSweep.Tests.EndToEnd;

namespace DropoutSweep.Tests.Cluster;

/// <summary>Certificates for cluster tests, made the way users make them: with the executable's own <c>cert</c> command.</summary>
internal static class TestCertificates
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    /// <summary>Writes <paramref name="name"/> into <paramref name="folder"/> with <c>dropout-sweep cert</c>; returns its path.</summary>
    public static async Task<string> MakeAsync(string folder, string name, string? password = null)
    {
        var file = Path.Combine(folder, name);
        string[] args = password is null ? ["cert", "--out", file] : ["cert", "--out", file, "--password", password];
        using var cert = await SweepProcess.RunAsync(folder, s_timeout, args);
        return cert.ExitCode == 0 && File.Exists(file) ? file : throw new InvalidOperationException($"cert failed: {cert}");
    }
}
