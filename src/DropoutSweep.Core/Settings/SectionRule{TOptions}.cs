using DropoutSweep.Core.Search;

namespace DropoutSweep.Core.Settings;

/// <summary>A <see cref="SectionRule"/> that checks a <typeparamref name="TOptions"/> record.</summary>
public sealed class SectionRule<TOptions> : SectionRule
    where TOptions : new()
{
    private readonly Action<TOptions, string, List<SettingProblem>> _check;

    private SectionRule(
        RuleKind kind, string description, SettingCondition? when, IReadOnlyList<Setting> settings, Action<TOptions, string, List<SettingProblem>> check)
        : base(kind, description, when, settings)
    {
        _check = check;
    }

    /// <summary>Adds a problem for each way <paramref name="options"/> break the rule; <paramref name="path"/> is the section's.</summary>
    public void Check(TOptions options, string path, List<SettingProblem> problems) => _check(options, path, problems);

    /// <summary><c>Sweep:Trials: required for Strategy Random: the number of configurations to draw (&gt;= 1)</c>.</summary>
    public static SectionRule<TOptions> RequiredWhen(Setting<TOptions> setting, Condition<TOptions> when, string hint) =>
        new(RuleKind.RequiredWhen, $"{setting.Name} is required for {when}: {hint}", when, [setting], (options, path, problems) =>
        {
            if (when.Holds(options) && !setting.IsSet(options))
            {
                problems.Add(new SettingProblem(SettingPaths.Join(path, setting.Name), $"required for {when}: {hint}"));
            }
        });

    /// <summary><c>Sweep:Dataset: set ValidationFraction or ValidationSamples, not both</c>.</summary>
    public static SectionRule<TOptions> ExactlyOneWhen(Condition<TOptions> when, Setting<TOptions> first, Setting<TOptions> second) =>
        new(RuleKind.ExactlyOneWhen, $"exactly one of {first.Name} and {second.Name} for {when}", when, [first, second], (options, path, problems) =>
        {
            if (!when.Holds(options))
            {
                return;
            }

            switch (first.IsSet(options), second.IsSet(options))
            {
                case (false, false):
                    problems.Add(new SettingProblem(path, $"set {first.Name} or {second.Name} (one of them, for {when})"));
                    break;
                case (true, true):
                    problems.Add(new SettingProblem(path, $"set {first.Name} or {second.Name}, not both"));
                    break;
            }
        });

    /// <summary><c>Sweep:Dataset:ValidationSamples = 5: only for Kind Spiral; use ValidationFraction for Csv</c>.</summary>
    public static SectionRule<TOptions> OnlyWhen(Setting<TOptions> setting, Condition<TOptions> when, string hint) =>
        new(RuleKind.OnlyWhen, $"{setting.Name} only for {when}; {hint}", when, [setting], (options, path, problems) =>
        {
            if (!when.Holds(options) && setting.IsSet(options))
            {
                problems.Add(new SettingProblem(SettingPaths.Join(path, setting.Name), $"only for {when}; {hint}", setting.Format(options)));
            }
        });

    /// <summary><c>Sweep:Dataset: TestImages and TestLabels go together: set both or neither</c>.</summary>
    public static SectionRule<TOptions> TogetherWhen(Condition<TOptions> when, Setting<TOptions> first, Setting<TOptions> second) =>
        new(RuleKind.TogetherWhen, $"{first.Name} and {second.Name} go together for {when}", when, [first, second], (options, path, problems) =>
        {
            if (when.Holds(options) && first.IsSet(options) != second.IsSet(options))
            {
                problems.Add(new SettingProblem(path, $"{first.Name} and {second.Name} go together: set both or neither"));
            }
        });

    /// <summary>Any other rule, with its <paramref name="description"/> for walkers.</summary>
    public static SectionRule<TOptions> Custom(string description, IReadOnlyList<Setting> settings, Action<TOptions, string, List<SettingProblem>> check) =>
        new(RuleKind.Custom, description, when: null, settings, check);
}
