using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace DropoutSweep.Engine.Cluster;

/// <summary>
/// A fresh self-signed certificate for one sweep's cluster (<c>dropout-sweep cert</c>), made with .NET's
/// <see cref="CertificateRequest"/>: an ECDSA P-256 key, usable for both ends of a TLS connection, written as PKCS#12.
/// </summary>
public static class ClusterCertificate
{
    /// <summary>The subject of certificates made here.</summary>
    public const string Subject = "CN=dropout-sweep cluster";

    /// <summary>How long a certificate made here is valid (nodes pin the certificate itself and do not check its dates).</summary>
    public static TimeSpan Validity { get; } = TimeSpan.FromDays(365);

    /// <summary>A new key and a self-signed certificate for it, valid from an hour before <paramref name="now"/> (clock skew between machines).</summary>
    public static X509Certificate2 CreateSelfSigned(DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(Subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1", "Server Authentication"), new Oid("1.3.6.1.5.5.7.3.2", "Client Authentication")], critical: false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        return request.CreateSelfSigned(now.AddHours(-1), now + Validity);
    }

    /// <summary>
    /// The certificate and its private key as a PKCS#12 file's bytes, encrypted with AES-256 (PBES2, SHA-256) under
    /// <paramref name="password"/>; with no password the key is readable by anyone who can read the file.
    /// </summary>
    public static byte[] ExportPkcs12(X509Certificate2 certificate, string? password)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return certificate.ExportPkcs12(Pkcs12ExportPbeParameters.Pbes2Aes256Sha256, password);
    }
}
