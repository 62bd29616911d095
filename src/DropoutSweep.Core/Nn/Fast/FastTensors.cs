using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace DropoutSweep.Core.Nn.Fast;

/// <summary>
/// The tensors both fast paths share, allocated once: the <see cref="TrainingState"/> (parameters, moments, step), the
/// gradients of the latest batch, their double-precision sums across row chunks, and per tensor the regularisation
/// strengths and a mask of the real (unpadded) entries. Also the steps every path takes the same way: regularisation,
/// the optimizer update, and conversion from and to the book's layout.
/// </summary>
internal sealed class FastTensors
{
    private readonly NetworkSpec _spec;
    private readonly float[][] _realMasks;
    private readonly float[] _l1;
    private readonly float[] _l2;

    public FastTensors(NetworkSpec spec, IReadOnlyList<WeightLayout> layouts, IReadOnlyList<int> biasStrides)
    {
        _spec = spec;
        Layouts = [.. layouts];
        var lengths = new List<int>();
        for (var l = 0; l < spec.DenseLayers; l++)
        {
            lengths.Add(Layouts[l].Length);
            lengths.Add(biasStrides[l]);
        }

        State = new TrainingState(lengths);
        Gradients = lengths.Select(length => new float[length]).ToArray();
        GradientSums = lengths.Select(length => new double[length]).ToArray();
        _realMasks = lengths.Select(length => new float[length]).ToArray();
        _l1 = new float[lengths.Count];
        _l2 = new float[lengths.Count];
        for (var l = 0; l < spec.DenseLayers; l++)
        {
            var layout = Layouts[l];
            for (var i = 0; i < layout.Inputs; i++)
            {
                for (var j = 0; j < layout.Outputs; j++)
                {
                    _realMasks[2 * l][layout.Index(i, j)] = 1f;
                }
            }

            _realMasks[(2 * l) + 1].AsSpan(0, layout.Outputs).Fill(1f);
            var regularization = spec.Regularization[l];
            (_l1[2 * l], _l2[2 * l]) = ((float)regularization.WeightL1, (float)regularization.WeightL2);
            (_l1[(2 * l) + 1], _l2[(2 * l) + 1]) = ((float)regularization.BiasL1, (float)regularization.BiasL2);
        }
    }

    public WeightLayout[] Layouts { get; }

    public TrainingState State { get; }

    public float[][] Parameters => State.Parameters;

    /// <summary>Gradients of the latest batch (data + regularisation once <see cref="Regularize"/> ran).</summary>
    public float[][] Gradients { get; }

    /// <summary>
    /// Sums of <see cref="Gradients"/> over the row chunks of a batch, in double: rounding noise in small gradients is
    /// what Adam amplifies, and float32 sums over thousands of rows drifted from the golden traces far more than numpy's
    /// float32 does (nnfs itself accumulates its dot products in float64).
    /// </summary>
    public double[][] GradientSums { get; }

    public int Count => Gradients.Length;

    public void Import(NetworkParameters parameters) => Import(parameters, Parameters);

    /// <summary>The training state in the book's layout (a checkpoint; exact: every float is a double exactly).</summary>
    public NetworkState CaptureState() =>
        new(Export(State.Parameters), Export(State.FirstMoments), Export(State.SecondMoments), State.Step);

    /// <summary>Continues from <paramref name="state"/>: parameters, moments and step (padding entries stay zero).</summary>
    public void RestoreState(NetworkState state)
    {
        Import(state.Parameters, State.Parameters);
        Import(state.FirstMoments, State.FirstMoments);
        Import(state.SecondMoments, State.SecondMoments);
        State.Step = state.Step;
    }

    private void Import(NetworkParameters parameters, float[][] tensors)
    {
        for (var l = 0; l < _spec.DenseLayers; l++)
        {
            var layout = Layouts[l];
            for (var i = 0; i < layout.Inputs; i++)
            {
                for (var j = 0; j < layout.Outputs; j++)
                {
                    tensors[2 * l][layout.Index(i, j)] = (float)parameters.Weights[l][(i * layout.Outputs) + j];
                }
            }

            for (var j = 0; j < layout.Outputs; j++)
            {
                tensors[(2 * l) + 1][j] = (float)parameters.Biases[l][j];
            }
        }
    }

    public NetworkParameters Export(float[][] tensors)
    {
        var result = NetworkParameters.Zeros(_spec.Widths);
        for (var l = 0; l < _spec.DenseLayers; l++)
        {
            var layout = Layouts[l];
            for (var i = 0; i < layout.Inputs; i++)
            {
                for (var j = 0; j < layout.Outputs; j++)
                {
                    result.Weights[l][(i * layout.Outputs) + j] = tensors[2 * l][layout.Index(i, j)];
                }
            }

            for (var j = 0; j < layout.Outputs; j++)
            {
                result.Biases[l][j] = tensors[(2 * l) + 1][j];
            }
        }

        return result;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void ClearSums()
    {
        foreach (var sum in GradientSums)
        {
            Array.Clear(sum);
        }
    }

    /// <summary>GradientSums += Gradients, then Gradients = 0.</summary>
    public void FlushIntoSums<TOps, TV>()
        where TOps : struct, IVectorOps<TV>
        where TV : struct
    {
        for (var t = 0; t < Gradients.Length; t++)
        {
            FlushIntoSums<TOps, TV>(t);
        }
    }

    /// <summary>The same for one tensor.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void FlushIntoSums<TOps, TV>(int tensor)
        where TOps : struct, IVectorOps<TV>
        where TV : struct
    {
        ref var partial = ref MemoryMarshal.GetArrayDataReference(Gradients[tensor]);
        ref var sum = ref MemoryMarshal.GetArrayDataReference(GradientSums[tensor]);
        var count = Gradients[tensor].Length;
        for (var k = 0; k < count; k += TOps.Count)
        {
            TOps.FlushInto(ref partial, ref sum, k);
        }
    }

    /// <summary>Gradients = (float)GradientSums.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void GradientsFromSums()
    {
        for (var t = 0; t < Gradients.Length; t++)
        {
            var partial = Gradients[t];
            var sum = GradientSums[t];
            for (var k = 0; k < partial.Length; k++)
            {
                partial[k] = (float)sum[k];
            }
        }
    }

    /// <summary>Adds the L1 and L2 terms to the gradients; returns the regularisation loss of the parameters.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double Regularize<TOps, TV>()
        where TOps : struct, IVectorOps<TV>
        where TV : struct
    {
        var loss = 0.0;
        for (var t = 0; t < Parameters.Length; t++)
        {
            if (_l1[t] == 0 && _l2[t] == 0)
            {
                continue;
            }

            var (absSum, squareSum) = FastKernels.Regularize<TOps, TV>(
                ref Data(Parameters[t]), ref Data(Gradients[t]), ref Data(_realMasks[t]), Parameters[t].Length, _l1[t], _l2[t]);
            loss += (_l1[t] * (double)absSum) + (_l2[t] * (double)squareSum);
        }

        return loss;
    }

    /// <summary>One optimizer step with the current gradients; advances <see cref="TrainingState.Step"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Update<TOps, TV>(OptimizerSettings optimizer)
        where TOps : struct, IVectorOps<TV>
        where TV : struct
    {
        var step = State.Step;
        var lr = (float)optimizer.LearningRateAt(step);
        if (optimizer.Kind == OptimizerKind.Sgd)
        {
            for (var t = 0; t < Parameters.Length; t++)
            {
                FastKernels.Sgd<TOps, TV>(ref Data(Parameters[t]), ref Data(Gradients[t]), ref Data(State.FirstMoments[t]), Parameters[t].Length, lr, (float)optimizer.Momentum);
            }
        }
        else
        {
            var correction1 = (float)(1.0 / (1.0 - Math.Pow(OptimizerSettings.Beta1, step + 1)));
            var correction2 = (float)(1.0 / (1.0 - Math.Pow(OptimizerSettings.Beta2, step + 1)));
            for (var t = 0; t < Parameters.Length; t++)
            {
                FastKernels.Adam<TOps, TV>(
                    ref Data(Parameters[t]), ref Data(Gradients[t]), ref Data(State.FirstMoments[t]), ref Data(State.SecondMoments[t]), Parameters[t].Length, lr, correction1, correction2);
            }
        }

        State.Step = step + 1;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ref float Data(float[] array) => ref MemoryMarshal.GetArrayDataReference(array);
}
