namespace DropoutSweep.Core.Nn.Reference;

/// <summary>The book's Layer_Dense in double precision: out = X·W + b, with L1/L2 on weights and biases.</summary>
internal sealed class Dense
{
    public Dense(int inputs, int outputs, LayerRegularization regularization)
    {
        Inputs = inputs;
        Outputs = outputs;
        Regularization = regularization;
        Weights = new double[inputs * outputs];
        Biases = new double[outputs];
        WeightGradients = new double[inputs * outputs];
        BiasGradients = new double[outputs];
    }

    public int Inputs { get; }

    public int Outputs { get; }

    public LayerRegularization Regularization { get; }

    /// <summary>W (inputs, outputs), row-major.</summary>
    public double[] Weights { get; }

    /// <summary>b (outputs).</summary>
    public double[] Biases { get; }

    public double[] WeightGradients { get; }

    public double[] BiasGradients { get; }

    // input (m, in), W (in, out), b (out) -> output (m, out)
    public void Forward(ReadOnlySpan<double> input, int rows, Span<double> output)
    {
        for (var r = 0; r < rows; r++)
        {
            var x = input.Slice(r * Inputs, Inputs);
            var z = output.Slice(r * Outputs, Outputs);
            Biases.CopyTo(z);
            for (var i = 0; i < Inputs; i++)
            {
                var w = Weights.AsSpan(i * Outputs, Outputs);
                for (var j = 0; j < Outputs; j++)
                {
                    z[j] += x[i] * w[j];
                }
            }
        }
    }

    // input (m, in), dOutput (m, out) -> dW = Xᵀ·G + reg (in, out), db = Σ_rows G + reg (out), dInput = G·Wᵀ (m, in).
    // dInput may be empty (the first layer needs no input gradient); it uses W before the update, as the book does.
    public void Backward(ReadOnlySpan<double> input, ReadOnlySpan<double> dOutput, int rows, Span<double> dInput)
    {
        Array.Clear(WeightGradients);
        Array.Clear(BiasGradients);
        for (var r = 0; r < rows; r++)
        {
            var x = input.Slice(r * Inputs, Inputs);
            var g = dOutput.Slice(r * Outputs, Outputs);
            for (var i = 0; i < Inputs; i++)
            {
                var dw = WeightGradients.AsSpan(i * Outputs, Outputs);
                for (var j = 0; j < Outputs; j++)
                {
                    dw[j] += x[i] * g[j];
                }
            }

            for (var j = 0; j < Outputs; j++)
            {
                BiasGradients[j] += g[j];
            }
        }

        AddRegularizationGradient(Weights, WeightGradients, Regularization.WeightL1, Regularization.WeightL2);
        AddRegularizationGradient(Biases, BiasGradients, Regularization.BiasL1, Regularization.BiasL2);

        if (dInput.IsEmpty)
        {
            return;
        }

        for (var r = 0; r < rows; r++)
        {
            var g = dOutput.Slice(r * Outputs, Outputs);
            for (var i = 0; i < Inputs; i++)
            {
                var w = Weights.AsSpan(i * Outputs, Outputs);
                var sum = 0.0;
                for (var j = 0; j < Outputs; j++)
                {
                    sum += g[j] * w[j];
                }

                dInput[(r * Inputs) + i] = sum;
            }
        }
    }

    /// <summary>λ1w·Σ|W| + λ2w·ΣW² + λ1b·Σ|b| + λ2b·Σb².</summary>
    public double RegularizationLoss() =>
        Penalty(Weights, Regularization.WeightL1, Regularization.WeightL2) + Penalty(Biases, Regularization.BiasL1, Regularization.BiasL2);

    private static double Penalty(double[] values, double l1, double l2)
    {
        var loss = 0.0;
        foreach (var v in values)
        {
            loss += (l1 * Math.Abs(v)) + (l2 * v * v);
        }

        return loss;
    }

    // d/dw (λ1·|w| + λ2·w²) = λ1·s(w) + 2·λ2·w, with the book's s(w) = +1 for w ≥ 0 (so +1 at exactly 0).
    private static void AddRegularizationGradient(double[] values, double[] gradients, double l1, double l2)
    {
        if (l1 > 0)
        {
            for (var k = 0; k < values.Length; k++)
            {
                gradients[k] += values[k] >= 0 ? l1 : -l1;
            }
        }

        if (l2 > 0)
        {
            for (var k = 0; k < values.Length; k++)
            {
                gradients[k] += 2 * l2 * values[k];
            }
        }
    }
}
