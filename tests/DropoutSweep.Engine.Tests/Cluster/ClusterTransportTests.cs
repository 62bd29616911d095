using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Akka.Event;
using DropoutSweep.Engine.Cluster;
using Xunit;

namespace DropoutSweep.Engine.Tests.Cluster;

/// <summary>The transport's pieces without a network: addresses with TLS, the loopback rule, the certificate and the peer check.</summary>
public sealed class ClusterTransportTests
{
    [Fact]
    public void A_TLS_cluster_has_akka_ssl_tcp_addresses_and_join_accepts_them()
    {
        Assert.Equal("akka.ssl.tcp://dropout-sweep@host.lan:4053", ClusterAddress.SeedNode("host.lan", 4053, tls: true));
        Assert.Equal(("10.1.2.3", 4053), ClusterAddress.ParseJoin("akka.ssl.tcp://dropout-sweep@10.1.2.3:4053", "--join"));
        Assert.Equal("akka.ssl.tcp", ClusterAddress.ProtocolOf(" AKKA.SSL.TCP://dropout-sweep@h:1"));
        Assert.Equal("akka.tcp", ClusterAddress.ProtocolOf("akka.tcp://dropout-sweep@h:1"));
        Assert.Null(ClusterAddress.ProtocolOf("h:1"));
    }

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("127.255.3.4", true)] // all of 127.0.0.0/8
    [InlineData("::1", true)]
    [InlineData("[::1]", true)]
    [InlineData("::ffff:127.0.0.1", true)]
    [InlineData("localhost", true)]
    [InlineData("LocalHost", true)]
    [InlineData("0.0.0.0", false)] // every interface
    [InlineData("::", false)]
    [InlineData("10.0.0.7", false)]
    [InlineData("128.0.0.1", false)]
    [InlineData("coord.lan", false)] // names are not resolved
    public void Only_loopback_addresses_count_as_loopback(string host, bool loopback) =>
        Assert.Equal(loopback, ClusterTransport.IsLoopback(host));

    [Fact]
    public void A_new_certificate_is_self_signed_for_both_ends_of_TLS_and_survives_a_PKCS12_round_trip_with_its_key()
    {
        var now = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
        using var made = ClusterCertificate.CreateSelfSigned(now);

        using var read = X509CertificateLoader.LoadPkcs12(ClusterCertificate.ExportPkcs12(made, "secret"), "secret");

        Assert.True(read.HasPrivateKey);
        Assert.NotNull(read.GetECDsaPrivateKey());
        Assert.Equal(made.RawData, read.RawData);
        Assert.Equal(read.Subject, read.Issuer);
        Assert.Equal((now.AddHours(-1).UtcDateTime, now.AddDays(365).UtcDateTime), (read.NotBefore.ToUniversalTime(), read.NotAfter.ToUniversalTime()));
        var usages = read.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value);
        Assert.Equal(["1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"], usages); // TLS server and TLS client (RFC 5280 §4.2.1.12)
        Assert.False(read.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
    }

    [Fact]
    public void A_PKCS12_file_made_with_a_password_does_not_open_with_another()
    {
        using var made = ClusterCertificate.CreateSelfSigned(DateTimeOffset.UtcNow);
        var file = ClusterCertificate.ExportPkcs12(made, "secret");

        Assert.ThrowsAny<CryptographicException>(() => X509CertificateLoader.LoadPkcs12(file, "guess"));
    }

    [Fact]
    public void The_fingerprint_is_the_SHA256_of_the_certificate_in_colon_separated_hex()
    {
        using var made = ClusterCertificate.CreateSelfSigned(DateTimeOffset.UtcNow);

        // Independent of X509Certificate2.GetCertHashString: the hash of the DER bytes, formatted by hand.
        var expected = string.Join(':', SHA256.HashData(made.RawData).Select(b => b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(expected, new ClusterTls(made).Fingerprint);
        Assert.Equal(95, expected.Length); // 32 bytes: 64 hex digits and 31 colons
    }

    [Fact]
    public void The_peer_check_admits_only_the_same_certificate_whatever_the_chain_says()
    {
        using var ours = ClusterCertificate.CreateSelfSigned(DateTimeOffset.UtcNow);
        using var theirs = ClusterCertificate.CreateSelfSigned(DateTimeOffset.UtcNow);
        using var oursWithoutKey = X509CertificateLoader.LoadCertificate(ours.RawData); // what a peer's handshake shows
        var check = new ClusterTls(ours).PeerValidator();

        // A self-signed certificate always comes with chain errors (no trusted root); the pin replaces that trust.
        Assert.True(check(oursWithoutKey, null, "peer", SslPolicyErrors.RemoteCertificateChainErrors, NoLogger.Instance));
        Assert.False(check(theirs, null, "peer", SslPolicyErrors.None, NoLogger.Instance));
        Assert.False(check(null, null, "peer", SslPolicyErrors.RemoteCertificateNotAvailable, NoLogger.Instance));
    }

    [Fact]
    public void The_cluster_certificate_needs_its_private_key()
    {
        using var ours = ClusterCertificate.CreateSelfSigned(DateTimeOffset.UtcNow);
        using var withoutKey = X509CertificateLoader.LoadCertificate(ours.RawData);

        Assert.Throws<ArgumentException>(() => new ClusterTls(withoutKey));
    }
}
