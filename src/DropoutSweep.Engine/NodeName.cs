using Akka.Actor;

namespace DropoutSweep.Engine;

/// <summary>The name a result records for the node that ran it: <c>local</c>, or <c>host:port</c> when remoting is on.</summary>
public static class NodeName
{
    public const string Local = "local";

    /// <summary>The node name of <paramref name="system"/>.</summary>
    public static string Of(ActorSystem system)
    {
        var address = ((ExtendedActorSystem)system).Provider.DefaultAddress;
        return address.Host is { } host && address.Port is { } port ? $"{host}:{port}" : Local;
    }
}
