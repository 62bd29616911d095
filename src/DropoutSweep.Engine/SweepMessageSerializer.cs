using System.Runtime.Serialization;
using System.Text.Json;
using Akka.Actor;
using Akka.Serialization;
using DropoutSweep.Core.Results;
using DropoutSweep.Engine.Cluster;

namespace DropoutSweep.Engine;

/// <summary>
/// Serializes the sweep's messages (local protocol and cluster protocol) with System.Text.Json in the tool's own JSON
/// conventions. Not Akka's default Newtonsoft serializer: it omits properties that hold their type's default value, and
/// our records have other defaults (<c>DropoutRate = 0.1</c>, <c>L2 = 5e-4</c>, ...), so a trial with dropout 0 arrived
/// on a worker node with dropout 0.1. Here every property is written, and doubles round-trip exactly (NaN included).
/// </summary>
public sealed class SweepMessageSerializer : SerializerWithStringManifest
{
    /// <summary>Akka serializer id (0–100 are Akka's own).</summary>
    public const int Id = 7310;

    /// <summary>Every message type this serializer is bound to; the manifest is the type's name.</summary>
    public static IReadOnlyList<Type> Messages { get; } =
    [
        typeof(RequestTrial), typeof(NoTrialAvailable), typeof(RunTrial), typeof(CancelTrial), typeof(TrialStarted),
        typeof(TrialProgressed), typeof(TrialFinished), typeof(TrialCrashed), typeof(StopSweep), typeof(SweepStopped),
        typeof(SweepFinished), typeof(FlushReport), typeof(ReportFlushed), typeof(TrialRecorded), typeof(SweepActorFailed),
        typeof(JoinSweep), typeof(SweepJoined), typeof(TrialReachedRung), typeof(RungDecided), typeof(WorkerTimeMeasured),
    ];

    private static readonly Dictionary<string, Type> s_byManifest = Messages.ToDictionary(t => t.Name, StringComparer.Ordinal);

    public SweepMessageSerializer(ExtendedActorSystem system)
        : base(system)
    {
    }

    public override int Identifier => Id;

    public override string Manifest(object o) => o.GetType().Name;

    public override byte[] ToBinary(object obj) => JsonSerializer.SerializeToUtf8Bytes(obj, obj.GetType(), JsonFormats.Compact);

    public override object FromBinary(byte[] bytes, string manifest) =>
        s_byManifest.TryGetValue(manifest, out var type)
            ? JsonSerializer.Deserialize(bytes, type, JsonFormats.Compact) ?? throw new SerializationException($"Empty {manifest} message.")
            : throw new SerializationException($"Unknown sweep message type '{manifest}' (a node of another version?).");
}
