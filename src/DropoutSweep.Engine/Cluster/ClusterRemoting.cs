using Akka.Remote.Hosting;

namespace DropoutSweep.Engine.Cluster;

/// <summary>
/// The one place where a cluster node's Akka.Remote transport is configured, for the coordinator and for worker nodes
/// alike: where it listens and the address it gives the others. Transport security belongs here too: a TLS setting on
/// <see cref="ClusterNodeOptions"/> becomes <see cref="RemoteOptions.EnableSsl"/> and <see cref="RemoteOptions.Ssl"/> here,
/// and both kinds of node get it.
/// </summary>
internal static class ClusterRemoting
{
    /// <summary>
    /// The largest message a node sends or accepts: 64 MiB. A paused trial's checkpoint travels with its result (weights
    /// and Adam's two moments as base64: a 784-512-10 network's is about 6.5 MB), far above Akka's default of 128,000
    /// bytes, past which a message is dropped and the trial would never come back.
    /// </summary>
    public const int MaxFrameSize = 64 * 1024 * 1024;

    /// <summary>Fills <paramref name="remote"/> for <paramref name="node"/>, advertised to the others as <paramref name="publicHost"/>.</summary>
    public static void Configure(RemoteOptions remote, ClusterNodeOptions node, string publicHost)
    {
        remote.HostName = node.ListenHost;
        remote.Port = node.ListenPort;
        remote.PublicHostName = publicHost;
        remote.MaxFrameSize = MaxFrameSize;
        if (node.Tls is { } tls)
        {
            // TLS that requires a certificate from both sides and admits only peers that present the same one
            // (ClusterTls.PeerValidator); host names are not checked: the certificate is the identity.
            remote.EnableSsl = true;
            remote.Ssl = new SslOptions
            {
                X509Certificate = tls.Certificate,
                SuppressValidation = false,
                RequireMutualAuthentication = true,
                ValidateCertificateHostname = false,
                CustomValidator = tls.PeerValidator(),
            };
        }
    }
}
