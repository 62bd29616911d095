using Akka.Actor;

namespace DropoutSweep.Engine.Actors;

/// <summary>
/// Makes <see cref="FailFastStrategy"/> the supervision of every top-level actor (<c>akka.actor.guardian-supervisor-strategy</c>
/// in <see cref="SweepActorSystem.Hocon"/>); Akka creates it by its type name.
/// </summary>
public sealed class FailFastGuardian : SupervisorStrategyConfigurator
{
    public override SupervisorStrategy Create() => new FailFastStrategy();
}
