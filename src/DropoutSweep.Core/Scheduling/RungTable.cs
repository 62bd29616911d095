using DropoutSweep.Core.Search;

namespace DropoutSweep.Core.Scheduling;

/// <summary>The rung table of a scheduled sweep: one row per bracket and rung, with the counts of its plan.</summary>
public static class RungTable
{
    /// <summary>
    /// The rows, bracket by bracket, rung by rung; empty without a scheduler. A row is <see cref="RungRow.Decided"/>
    /// when <paramref name="decisions"/> hold its barrier (the last rung has none: decided once its trials complete,
    /// which the table does not know).
    /// </summary>
    public static IReadOnlyList<RungRow> Of(SweepPlan plan, IReadOnlyList<RungDecision> decisions)
    {
        ArgumentNullException.ThrowIfNull(decisions);
        if (RungPlan.Of(plan) is not { } rungs)
        {
            return [];
        }

        var decided = decisions.Select(d => (d.Bracket, d.Rung)).ToHashSet();
        var rows = new List<RungRow>();
        foreach (var bracket in rungs.Brackets)
        {
            var configurations = bracket.Configurations.Count;
            var from = 0;
            for (var rung = bracket.FirstRung; rung <= rungs.Rungs; rung++)
            {
                var last = rung == rungs.Rungs;
                int? promoted = last ? null : RungRanking.Quota(configurations, rungs.Options.ReductionFactor);
                rows.Add(new RungRow(bracket.Number, rung, from, rungs.BudgetOf(rung), configurations, promoted, decided.Contains((bracket.Number, rung))));
                from = rungs.BudgetOf(rung);
                configurations = promoted ?? configurations;
            }
        }

        return rows;
    }

    /// <summary>
    /// The epochs the plan trains with its scheduler: every row's configurations × repeats × its epochs beyond the rung
    /// before (fewer when trials stop early or diverge).
    /// </summary>
    public static long PlannedEpochs(SweepPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return Of(plan, []).Sum(row => (long)row.Configurations * plan.Options.Repeats * (row.Epochs - row.FromEpochs));
    }
}
