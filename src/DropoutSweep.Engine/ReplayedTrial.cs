using DropoutSweep.Core.Nn.Model;
using DropoutSweep.Core.Results;

namespace DropoutSweep.Engine;

/// <summary>A trial trained again (<see cref="TrialReplay"/>): its result as a worker would record it, its learning curve, and its network (null unless it Completed).</summary>
public sealed record ReplayedTrial(TrialResult Result, LearningCurve Curve, SavedModel? Model);
