namespace DropoutSweep.Core.Nn;

/// <summary>
/// Where dropout masks come from: whether unit <c>unit</c> of row <c>row</c> (position in the batch) of hidden layer
/// <c>hiddenLayer</c> is kept at optimizer step <c>step</c>. Training uses <see cref="HashDropoutMasks"/>; tests
/// substitute recorded masks (the golden traces) through this seam.
/// </summary>
internal interface IDropoutMasks
{
    bool Keep(long step, int hiddenLayer, int row, int unit);
}
