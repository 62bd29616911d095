namespace DropoutSweep.Core.Scheduling;

/// <summary>
/// A barrier's decision: rung <see cref="Rung"/> of <see cref="Rungs"/> in bracket <see cref="Bracket"/> trained its
/// configurations to <see cref="Epochs"/> epochs; <see cref="Standings"/> ranks them, and the best ⌈n/η⌉ go on.
/// <see cref="Replayed"/> is true for a decision taken again from the results of an earlier run (on resume).
/// </summary>
public sealed record RungDecision(int Bracket, int Brackets, int Rung, int Rungs, int Epochs, IReadOnlyList<RungStanding> Standings, bool Replayed)
{
    /// <summary>The configurations that go on to the next rung.</summary>
    public int Promoted => Standings.Count(s => s.Promoted);

    /// <summary><c>Rung 2 of 5: 27 configurations at 150 epochs, 9 promoted</c> (Hyperband: <c>Bracket 1 of 5, rung 2 of 5: ...</c>).</summary>
    public override string ToString()
    {
        var rung = Brackets > 1 ? $"Bracket {Bracket} of {Brackets}, rung {Rung} of {Rungs}" : $"Rung {Rung} of {Rungs}";
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{rung}: {Standings.Count:N0} configurations at {Epochs:N0} epochs, {Promoted:N0} promoted");
    }
}
