using DropoutSweep.Core.Randomness;
using DropoutSweep.Core.Search;

namespace DropoutSweep.Core.Scheduling;

/// <summary>
/// A scheduler's plan, fixed before any trial runs: the rungs' budgets (<see cref="RungLadder"/>) and the brackets with
/// their configurations. Successive halving is one bracket of every configuration, from rung 1. Hyperband with R rungs
/// runs brackets s = R−1, R−2, ... (as many as <see cref="SchedulerOptions.Brackets"/> says, all by default); bracket
/// number k = R − s starts at rung k. Li et al. (2018) give bracket s ⌈R/(s+1)·η^s⌉ configurations; here the plan's
/// configurations are shared out in those proportions (largest remainders, ties to the more aggressive bracket), in
/// the order of a permutation seeded by the sweep's seed, so that each bracket gets a spread of a grid.
/// </summary>
public sealed class RungPlan
{
    /// <summary>The permutation's stream: <c>Rng(Rng.Mix(sweep seed, BracketStream))</c>; no other derivation uses it.</summary>
    private const ulong BracketStream = ulong.MaxValue - 1;

    private readonly Dictionary<int, Bracket> _bracketOf;

    private RungPlan(SchedulerOptions options, IReadOnlyList<int> budgets, int bracketCount, IReadOnlyList<Bracket> brackets)
    {
        Options = options;
        BracketCount = bracketCount;
        Budgets = budgets;
        Brackets = brackets;
        _bracketOf = brackets.SelectMany(b => b.Configurations.Select(c => (c, b))).ToDictionary(p => p.c, p => p.b);
    }

    public SchedulerOptions Options { get; }

    /// <summary>Rung r's budget in epochs is <c>Budgets[r − 1]</c>; the last is Training:Epochs.</summary>
    public IReadOnlyList<int> Budgets { get; }

    /// <summary>The number of rungs.</summary>
    public int Rungs => Budgets.Count;

    /// <summary>The number of brackets the scheduler runs (1 for successive halving), counting any left without a configuration.</summary>
    public int BracketCount { get; }

    /// <summary>The brackets, most aggressive first; a bracket given no configuration is left out.</summary>
    public IReadOnlyList<Bracket> Brackets { get; }

    /// <summary>The epochs rung <paramref name="rung"/> (from 1) trains to.</summary>
    public int BudgetOf(int rung) => Budgets[rung - 1];

    /// <summary>The bracket of configuration <paramref name="configuration"/>.</summary>
    public Bracket BracketOf(int configuration) => _bracketOf[configuration];

    /// <summary>The rung plan of <paramref name="plan"/>; null when the sweep has no scheduler.</summary>
    public static RungPlan? Of(SweepPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var options = plan.Options.Scheduler;
        if (!options.Enabled)
        {
            return null;
        }

        var budgets = RungLadder.Budgets(
            options.MinEpochs ?? throw new ArgumentException("A scheduler needs MinEpochs (validate the options first).", nameof(plan)),
            options.ReductionFactor,
            plan.Options.Training.Epochs);
        var configurations = Enumerable.Range(1, plan.Configurations).ToArray();
        if (options.Kind == SchedulerKind.SuccessiveHalving)
        {
            return new RungPlan(options, budgets, 1, [new Bracket(1, 1, configurations)]);
        }

        var shares = Shares(plan.Configurations, budgets.Count, options.Brackets ?? budgets.Count, options.ReductionFactor);
        var order = configurations.ToArray();
        new Rng(Rng.Mix(plan.Options.Seed, BracketStream)).Shuffle(order.AsSpan());
        var brackets = new List<Bracket>();
        var taken = 0;
        for (var k = 0; k < shares.Length; k++)
        {
            if (shares[k] > 0)
            {
                brackets.Add(new Bracket(k + 1, k + 1, [.. order.AsSpan(taken, shares[k]).ToArray().Order()]));
            }

            taken += shares[k];
        }

        return new RungPlan(options, budgets, shares.Length, brackets);
    }

    /// <summary>
    /// How many of <paramref name="configurations"/> each of <paramref name="brackets"/> brackets gets (bracket k has
    /// s = <paramref name="rungs"/> − k): proportional to Hyperband's n_s = ⌈R/(s+1)·η^s⌉, by largest remainders.
    /// </summary>
    public static int[] Shares(int configurations, int rungs, int brackets, int reductionFactor)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(configurations);
        ArgumentOutOfRangeException.ThrowIfLessThan(brackets, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(brackets, rungs);
        var weights = new Int128[brackets];
        for (var k = 0; k < brackets; k++)
        {
            var s = rungs - 1 - k;
            Int128 power = 1;
            for (var i = 0; i < s; i++)
            {
                power *= reductionFactor;
            }

            weights[k] = ((rungs * power) + s) / (s + 1); // ⌈R·η^s/(s+1)⌉
        }

        Int128 total = 0;
        foreach (var weight in weights)
        {
            total += weight;
        }

        var shares = new int[brackets];
        var remainders = new Int128[brackets];
        for (var k = 0; k < brackets; k++)
        {
            var exact = (Int128)configurations * weights[k];
            shares[k] = (int)(exact / total);
            remainders[k] = exact % total;
        }

        var left = configurations - shares.Sum();
        foreach (var k in Enumerable.Range(0, brackets).OrderByDescending(k => remainders[k]).ThenBy(k => k).Take(left))
        {
            shares[k]++;
        }

        return shares;
    }
}
