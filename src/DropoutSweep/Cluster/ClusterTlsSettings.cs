using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DropoutSweep.Engine.Cluster;
using DropoutSweep.Hosting;
using Microsoft.Extensions.Configuration;

namespace DropoutSweep.Cluster;

/// <summary>
/// The cluster's certificate settings: <c>Cluster:Tls:Certificate</c> (<c>--tls FILE</c>), a PKCS#12 file with the
/// certificate and its private key, and <c>Cluster:Tls:Password</c> (<c>--tls-password</c>), its password. A relative
/// path follows the input rule (current folder, then the executable's folder). Every failure to read it is a problem
/// naming the setting: a missing or unreadable file, a file that is not PKCS#12, a wrong password, no private key.
/// </summary>
internal static class ClusterTlsSettings
{
    /// <summary>The key of the certificate file under the <c>Cluster</c> section.</summary>
    public const string CertificateKey = "Tls:Certificate";

    /// <summary>The key of its password under the <c>Cluster</c> section.</summary>
    public const string PasswordKey = "Tls:Password";

    private static string Certificate => $"{ClusterSection.Name}:{CertificateKey} (--tls)";

    private static string Password => $"{ClusterSection.Name}:{PasswordKey} (--tls-password)";

    /// <summary>The loaded certificate, or null when none is set or it cannot be used (then with the reason in <paramref name="problems"/>).</summary>
    public static ClusterTls? Read(IConfigurationSection cluster, ICollection<string> problems)
    {
        var path = cluster[CertificateKey] is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
        var password = cluster[PasswordKey];
        if (path is null)
        {
            if (!string.IsNullOrEmpty(password))
            {
                problems.Add($"{Password} is set, but {Certificate} is not: give the certificate file it opens.");
            }

            return null;
        }

        if (InputPaths.FindFile(path) is not { } file)
        {
            problems.Add($"{Certificate} = '{path}': file not found {InputPaths.LookedIn(path)}. Make one with `dropout-sweep cert --out {path}`.");
            return null;
        }

        var problem = Load(file, password, out var certificate);
        if (problem is not null)
        {
            problems.Add($"{Certificate} = '{path}': {problem}");
            return null;
        }

        return new ClusterTls(certificate!);
    }

    private static string? Load(string file, string? password, out X509Certificate2? certificate)
    {
        certificate = null;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(file, password);
        }
        catch (CryptographicException ex)
        {
            return IsPkcs12(file)
                ? $"the password does not open it ({(string.IsNullOrEmpty(password) ? "no" : "wrong")} {Password}): {ex.Message}"
                : $"not a PKCS#12 file (.p12/.pfx with the certificate and its private key): {ex.Message}";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"cannot be read: {ex.Message}";
        }

        if (!certificate.HasPrivateKey)
        {
            return "holds a certificate without its private key; every node needs the key to prove it belongs.";
        }

        using var rsa = certificate.GetRSAPrivateKey();
        using var ecdsa = certificate.GetECDsaPrivateKey();
        return rsa is null && ecdsa is null ? "its private key is neither RSA nor ECDSA, which TLS here needs." : null;
    }

    /// <summary>True when <c>Cluster:Tls:Certificate</c> is set, whether or not the file could be used (then its own problem says why).</summary>
    public static bool IsSet(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration[$"{ClusterSection.Name}:{CertificateKey}"]);

    // A file that .NET recognises as PKCS#12 but cannot open was opened with the wrong password.
    private static bool IsPkcs12(string file)
    {
        try
        {
            return X509Certificate2.GetCertContentType(file) == X509ContentType.Pkcs12;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
