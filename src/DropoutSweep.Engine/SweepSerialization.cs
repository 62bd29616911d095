using Akka.Hosting;

namespace DropoutSweep.Engine;

/// <summary>Binds the sweep's messages to <see cref="SweepMessageSerializer"/>.</summary>
public static class SweepSerialization
{
    /// <summary>Registers <see cref="SweepMessageSerializer"/> for every sweep message (needed on every node, and wherever <c>serialize-messages</c> is on).</summary>
    public static AkkaConfigurationBuilder WithSweepSerializer(this AkkaConfigurationBuilder akka) =>
        akka.WithCustomSerializer("dropout-sweep", SweepMessageSerializer.Messages, system => new SweepMessageSerializer(system));
}
