namespace DropoutSweep.Core.Nn;

/// <summary>
/// What the trainer and the tests need from a network: one batch's gradients, one optimizer step, evaluation, and
/// access to parameters and gradients in the book's layout. Implemented by the clear reference path and the fast path.
/// </summary>
internal interface ITrainableNetwork
{
    NetworkSpec Spec { get; }

    /// <summary>Optimizer steps taken so far; the dropout masks of the next pass belong to this step.</summary>
    long Step { get; }

    void SetParameters(NetworkParameters parameters);

    NetworkParameters GetParameters();

    /// <summary>The parameters, optimizer moments and step, exactly (a checkpoint).</summary>
    NetworkState CaptureState();

    /// <summary>Continues from <paramref name="state"/>, captured from a network of the same shape and path.</summary>
    void RestoreState(NetworkState state);

    /// <summary>The gradients of the latest <see cref="ComputeGradients"/> (data + regularisation).</summary>
    NetworkParameters GetGradients();

    /// <summary>Forward and backward pass over the rows <paramref name="rows"/> of (x, y), with dropout; leaves the gradients ready for <see cref="Update"/>.</summary>
    StepMetrics ComputeGradients(float[] x, int[] y, ReadOnlySpan<int> rows);

    /// <summary>One optimizer step with the current gradients.</summary>
    void Update();

    /// <summary>Loss and accuracy on all rows of (x, y) without dropout.</summary>
    Evaluation Evaluate(float[] x, int[] y);
}
