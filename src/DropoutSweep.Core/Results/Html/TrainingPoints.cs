namespace DropoutSweep.Core.Results.Html;

/// <summary>The training rows of a 2-feature data set in the data's own units (<c>X[2·row + feature]</c>) and their class indices.</summary>
public sealed record TrainingPoints(IReadOnlyList<double> X, IReadOnlyList<int> Labels);
