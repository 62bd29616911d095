using DropoutSweep.Core.Nn.Model;

namespace DropoutSweep.Core.Results;

/// <summary>The trained network of one trial (replayed from the plan), for best-model.json and the decision regions.</summary>
public sealed record TrialNetwork(int TrialId, SavedModel Model);
