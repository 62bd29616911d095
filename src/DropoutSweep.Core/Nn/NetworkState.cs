namespace DropoutSweep.Core.Nn;

/// <summary>
/// Everything a network carries from one optimizer step to the next, in the book's layout: the parameters, the
/// optimizer's moments (Adam's m and v; SGD's velocity in <see cref="FirstMoments"/>) and the step count, which drives
/// the learning-rate decay, Adam's bias correction and the dropout masks of the next pass. A network restored from it
/// continues exactly where the captured one was.
/// </summary>
internal sealed record NetworkState(NetworkParameters Parameters, NetworkParameters FirstMoments, NetworkParameters SecondMoments, long Step);
