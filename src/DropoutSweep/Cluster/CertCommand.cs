using System.CommandLine;
using System.Globalization;
using DropoutSweep.Engine.Cluster;
using DropoutSweep.Hosting;

namespace DropoutSweep.Cluster;

/// <summary>
/// <c>dropout-sweep cert --out FILE [--password P] [--force]</c>: a new self-signed certificate and private key for one
/// sweep's cluster, as a PKCS#12 file readable only by its owner (<see cref="ClusterCertificate"/>). An existing file is
/// never replaced without <c>--force</c> (exit 2); with it, the new file takes the old one's place in one rename.
/// </summary>
internal sealed class CertCommand
{
    private readonly Option<string> _out = new("--out")
    {
        Description = "The PKCS#12 file to write (e.g. cluster.p12), relative to the current folder.",
        HelpName = "FILE",
        Required = true,
    };

    private readonly Option<string> _password = new("--password")
    {
        Description = "Encrypt the private key with this password (AES-256); nodes then need --tls-password. Without it, the file itself is the secret.",
        HelpName = "PASSWORD",
    };

    private readonly Option<bool> _force = new("--force")
    {
        Description = "Replace FILE if it exists (nodes still using the old certificate can no longer join).",
    };

    public CertCommand()
    {
        Command = new Command(
            "cert",
            "Make a self-signed certificate and key for one sweep's cluster: copy the file to every machine and start each node with --tls FILE.\n" +
            "Exit codes: 0 written, 2 invalid arguments or FILE exists (nothing written).")
        {
            _out,
            _password,
            _force,
        };
        Command.SetAction(result => Write(result.GetValue(_out)!, result.GetValue(_password), result.GetValue(_force), Console.Out, DateTimeOffset.UtcNow));
    }

    /// <summary>The <c>cert</c> command.</summary>
    public Command Command { get; }

    /// <summary>Writes a new certificate to <paramref name="path"/> and says how to use it; returns the exit code.</summary>
    public static int Write(string path, string? password, bool force, TextWriter output, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return Problems.Report(["--out = '': give the file to write, e.g. --out cluster.p12."]);
        }

        var file = Path.GetFullPath(path, Environment.CurrentDirectory);
        var folder = Path.GetDirectoryName(file)!;
        if (Directory.Exists(file))
        {
            return Problems.Report([$"--out = '{path}': is a folder; give the file to write, e.g. {Path.Combine(path, "cluster.p12")}."]);
        }

        if (!Directory.Exists(folder))
        {
            return Problems.Report([$"--out = '{path}': the folder '{folder}' does not exist."]);
        }

        if (File.Exists(file) && !force)
        {
            return Problems.Report([$"--out = '{path}': the file exists; give --force to replace it (nodes that hold the old certificate can then no longer join)."]);
        }

        using var certificate = ClusterCertificate.CreateSelfSigned(now);
        var replaced = File.Exists(file);
        var written = WriteAtomically(file, ClusterCertificate.ExportPkcs12(certificate, password), force, out var problem);
        if (!written)
        {
            return Problems.Report([$"--out = '{path}': {problem}"]);
        }

        var name = Path.GetFileName(file);
        var passwordArgument = string.IsNullOrEmpty(password) ? "" : " --tls-password PASSWORD";
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
            {(replaced ? "Replaced" : "Wrote")} {file}: a self-signed certificate and private key for one sweep's cluster
              {certificate.Subject}, ECDSA P-256, valid until {certificate.NotAfter.ToUniversalTime():yyyy-MM-dd} (nodes pin the certificate itself and do not check its dates)
              SHA-256 fingerprint {ClusterTls.FingerprintOf(certificate)}
            Copy it to every machine of the sweep (e.g. scp {name} worker1:) and start each node with it:
              dropout-sweep run --config SWEEP.json --listen 0.0.0.0:4053 --tls {name}{passwordArgument}
              dropout-sweep worker --join COORDINATOR:4053 --tls {name}{passwordArgument}
            Anyone who holds this file{(string.IsNullOrEmpty(password) ? "" : " and its password")} can join the sweep: keep it private (it is readable only by you).
            """));
        return ExitCodes.Completed;
    }

    // Into a temporary file beside the target, readable by its owner only from the first byte, then renamed into place:
    // a crash leaves the old file whole, and without --force an existing file is never replaced (the rename refuses).
    private static bool WriteAtomically(string file, byte[] content, bool force, out string? problem)
    {
        problem = null;
        var temporary = Path.Combine(Path.GetDirectoryName(file)!, $".{Path.GetFileName(file)}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using (var stream = new FileStream(temporary, options))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, file, overwrite: force);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            problem = File.Exists(file) && !force
                ? "the file appeared while the certificate was made; give --force to replace it."
                : $"cannot be written: {ex.Message}";
            File.Delete(temporary);
            return false;
        }
    }
}
