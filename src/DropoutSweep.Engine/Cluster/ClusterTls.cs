using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Akka.Event;
using Akka.Remote.Transport.DotNetty;

namespace DropoutSweep.Engine.Cluster;

/// <summary>
/// The one certificate (with its private key) that every node of a sweep's cluster holds. Each node presents it in both
/// directions of the TLS handshake (mutual authentication) and accepts a peer only if the peer presents this same
/// certificate: trust comes from holding the key, not from a certificate authority, so a self-signed certificate works
/// and an organisation's certificate works the same way.
/// </summary>
public sealed class ClusterTls
{
    /// <summary>Wraps <paramref name="certificate"/>, which must carry an RSA or ECDSA private key.</summary>
    public ClusterTls(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if (!certificate.HasPrivateKey)
        {
            throw new ArgumentException("The cluster's certificate needs its private key: each node proves with it that it belongs.", nameof(certificate));
        }

        Certificate = certificate;
    }

    /// <summary>The shared certificate and key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The SHA-256 fingerprint, as <c>dropout-sweep cert</c> and the start-up log show it (<c>AB:CD:…</c>).</summary>
    public string Fingerprint => FingerprintOf(Certificate);

    /// <summary>
    /// The peer check for both directions of the handshake: Akka's thumbprint pin (it logs the refused peer and the
    /// thumbprint it presented), then the whole certificate compared byte for byte, because Akka pins by SHA-1
    /// thumbprint. Chain errors are ignored on purpose: a self-signed certificate has no trusted root; possession of
    /// the private key, proven in the handshake, is what admits a node.
    /// </summary>
    public CertificateValidationCallback PeerValidator() =>
        CertificateValidation.Combine(CertificateValidation.PinnedCertificate(Certificate.Thumbprint), SameCertificate);

    /// <summary>The SHA-256 fingerprint of <paramref name="certificate"/> as hex pairs joined by colons.</summary>
    public static string FingerprintOf(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return string.Join(':', certificate.GetCertHashString(HashAlgorithmName.SHA256).Chunk(2).Select(pair => new string(pair)));
    }

    private bool SameCertificate(X509Certificate2? peer, X509Chain? chain, string remotePeer, SslPolicyErrors errors, ILoggingAdapter log)
    {
        if (peer is not null && peer.RawDataMemory.Span.SequenceEqual(Certificate.RawDataMemory.Span))
        {
            return true;
        }

        log.Error("Refused {Peer}: it presents a certificate with our thumbprint that is not our certificate", remotePeer);
        return false;
    }
}
