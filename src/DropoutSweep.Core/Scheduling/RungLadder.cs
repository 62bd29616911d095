namespace DropoutSweep.Core.Scheduling;

/// <summary>
/// The epoch budgets of the rungs: MinEpochs·η^k for every k where that is below Epochs, then Epochs itself (the
/// last rung trains to the full budget). MinEpochs 50, η 3, Epochs 4000: 50, 150, 450, 1350, 4000.
/// </summary>
public static class RungLadder
{
    /// <summary>The budgets, first rung first; just <paramref name="epochs"/> when <paramref name="minEpochs"/> is not below it.</summary>
    public static IReadOnlyList<int> Budgets(int minEpochs, int reductionFactor, int epochs)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minEpochs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(reductionFactor, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(epochs, 1);
        var budgets = new List<int>();
        for (long budget = minEpochs; budget < epochs; budget *= reductionFactor)
        {
            budgets.Add((int)budget);
        }

        budgets.Add(epochs);
        return budgets;
    }
}
