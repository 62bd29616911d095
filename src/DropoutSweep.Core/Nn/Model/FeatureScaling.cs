namespace DropoutSweep.Core.Nn.Model;

/// <summary>
/// How raw feature values become the network's inputs: <c>input = (raw − Shift) / Scale</c> per feature, rounded to
/// float32 as the data loader stores them. <see cref="Identity"/> (shift 0, scale 1) for data used as they are.
/// </summary>
public sealed record FeatureScaling(string Method, IReadOnlyList<double> Shift, IReadOnlyList<double> Scale)
{
    /// <summary>The name written for standardised features (training mean and population standard deviation).</summary>
    public const string Standardize = "standardize";

    /// <summary>The name written for features divided by a fixed scale (an image's bytes by 255).</summary>
    public const string Rescale = "rescale";

    /// <summary>The name written for features used as they are.</summary>
    public const string None = "none";

    /// <summary>No scaling for <paramref name="features"/> features.</summary>
    public static FeatureScaling Identity(int features) =>
        new(None, new double[features], Enumerable.Repeat(1.0, features).ToArray());

    /// <summary>The network input of raw value <paramref name="raw"/> of feature <paramref name="feature"/>.</summary>
    public float Apply(int feature, double raw) => (float)((raw - Shift[feature]) / Scale[feature]);

    /// <summary>The raw value whose network input is <paramref name="input"/> (for drawing inputs in the data's own units).</summary>
    public double Invert(int feature, double input) => (input * Scale[feature]) + Shift[feature];
}
