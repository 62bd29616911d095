using System.CommandLine;

namespace DropoutSweep.Cluster;

/// <summary>
/// <c>--tls</c>, <c>--tls-password</c> and <c>--insecure</c>, the same on <c>run</c> and <c>worker</c>: shorthands for
/// <c>Cluster:Tls:Certificate</c>, <c>Cluster:Tls:Password</c> and <c>Cluster:Insecure</c>.
/// </summary>
internal sealed class ClusterTlsOptions
{
    private readonly Option<string> _certificate = new("--tls")
    {
        Description = "The sweep's certificate and key (PKCS#12, from `dropout-sweep cert`; the same file on every node): TLS with mutual authentication, " +
            $"only nodes holding this certificate may join ({ClusterSection.Name}:{ClusterTlsSettings.CertificateKey}).",
        HelpName = "FILE",
    };

    private readonly Option<string> _password = new("--tls-password")
    {
        Description = $"Password of the --tls file ({ClusterSection.Name}:{ClusterTlsSettings.PasswordKey}; DROPOUTSWEEP_Cluster__Tls__Password keeps it out of the process list).",
        HelpName = "PASSWORD",
    };

    private readonly Option<bool> _insecure = new("--insecure")
    {
        Description = "Allow plain TCP on an address other machines can reach (without it, that needs --tls): any process that reaches the port can join " +
            $"the sweep ({ClusterSection.Name}:{ClusterExposure.InsecureKey}). Loopback needs neither.",
    };

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(_certificate);
        command.Options.Add(_password);
        command.Options.Add(_insecure);
    }

    /// <summary>The options given, as <c>Cluster:...</c> settings.</summary>
    public IEnumerable<KeyValuePair<string, string?>> Settings(ParseResult result)
    {
        if (result.GetValue(_certificate) is { } certificate)
        {
            yield return new($"{ClusterSection.Name}:{ClusterTlsSettings.CertificateKey}", certificate);
        }

        if (result.GetValue(_password) is { } password)
        {
            yield return new($"{ClusterSection.Name}:{ClusterTlsSettings.PasswordKey}", password);
        }

        if (result.GetValue(_insecure))
        {
            yield return new($"{ClusterSection.Name}:{ClusterExposure.InsecureKey}", "true");
        }
    }
}
