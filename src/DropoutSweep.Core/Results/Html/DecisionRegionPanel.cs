using DropoutSweep.Core.Nn.Model;

namespace DropoutSweep.Core.Results.Html;

/// <summary>A trained network of one configuration (its first repeat), to draw its decision regions.</summary>
public sealed record DecisionRegionPanel(int Configuration, SavedModel Model);
