namespace DropoutSweep.Core.Results.Statistics;

/// <summary>How a configuration's validation accuracy is compared with the best configuration's.</summary>
public enum ComparisonTest
{
    /// <summary>
    /// Paired t-test on the differences of repeats with the same number: right when repeat r of every configuration
    /// trains from the same seed (shared seeds, common random numbers).
    /// </summary>
    PairedT,

    /// <summary>Welch's unequal-variance t-test: right when every trial has its own seed, so repeats are independent.</summary>
    Welch,
}

/// <summary>What the reports call a <see cref="ComparisonTest"/>.</summary>
public static class ComparisonTests
{
    /// <summary><c>paired t-test</c> or <c>Welch's t-test</c>.</summary>
    public static string Name(ComparisonTest test) => test == ComparisonTest.PairedT ? "paired t-test" : "Welch's t-test";
}
