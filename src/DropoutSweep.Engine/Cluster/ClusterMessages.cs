using DropoutSweep.Core.Data;

// The cluster's own protocol, beside the sweep protocol (../Messages.cs) that remote workers share with local ones.
// Plain data only: these cross the wire (no exceptions, no object fields).
namespace DropoutSweep.Engine.Cluster;

/// <summary>Worker node → coordinator: "I joined; what do I train on?" The coordinator remembers the node to tell it when the sweep ends.</summary>
public sealed record JoinSweep(string Node);

/// <summary>
/// Coordinator → worker node: the sweep's data settings and the hashes the node's data must match
/// (<see cref="ContentHash"/> of the source, <see cref="DataDigest"/> of the loaded numbers, see <see cref="DatasetDigest"/>).
/// </summary>
public sealed record SweepJoined(string SweepName, DatasetOptions Dataset, string ContentHash, string DataDigest, int ProgressEvery, TimeSpan ProgressInterval = default);
