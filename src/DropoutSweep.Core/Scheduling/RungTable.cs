using DropoutSweep.Core.Search;

namespace DropoutSweep.Core.Scheduling;

/// <summary>The rung table of a scheduled sweep, from its plan and the decisions taken so far: one row per bracket and rung.</summary>
public static class RungTable
{
    /// <summary>The rows, bracket by bracket, rung by rung; empty without a scheduler.</summary>
    public static IReadOnlyList<RungRow> Of(SweepPlan plan, IReadOnlyList<RungDecision> decisions)
    {
        ArgumentNullException.ThrowIfNull(decisions);
        if (RungPlan.Of(plan) is not { } rungs)
        {
            return [];
        }

        var decided = decisions.GroupBy(d => (d.Bracket, d.Rung)).ToDictionary(g => g.Key, g => g.First());
        var rows = new List<RungRow>();
        foreach (var bracket in rungs.Brackets)
        {
            int? entering = bracket.Configurations.Count;
            for (var rung = bracket.FirstRung; rung <= rungs.Rungs; rung++)
            {
                if (decided.TryGetValue((bracket.Number, rung), out var decision))
                {
                    rows.Add(new RungRow(bracket.Number, rung, rungs.BudgetOf(rung), decision.Standings.Count, decision.Promoted));
                    entering = decision.Promoted;
                }
                else
                {
                    rows.Add(new RungRow(bracket.Number, rung, rungs.BudgetOf(rung), entering, null));
                    entering = null; // not decided yet: the rungs above it are not known
                }
            }
        }

        return rows;
    }
}
