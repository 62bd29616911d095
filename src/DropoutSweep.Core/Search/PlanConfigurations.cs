using DropoutSweep.Core.Nn;
using DropoutSweep.Core.Settings;

namespace DropoutSweep.Core.Search;

/// <summary>
/// The configurations of a plan, stored compactly: the sweep's <c>Training</c> section once, and per configuration only
/// the values of the swept settings (one <see cref="SettingValue"/> each). A configuration's <see cref="TrainingOptions"/>
/// are made when asked for, by applying its values to the section in <c>Space</c> order, exactly as the plan builder
/// always has. A random sweep of 100,000 configurations so holds 48 bytes per configuration of three swept settings,
/// not a 200-byte options record each.
/// </summary>
internal sealed class PlanConfigurations
{
    private readonly TrainingOptions _training;
    private readonly Setting<TrainingOptions>[] _settings;
    private readonly SettingValue[] _values;

    // The options this thread made last: consecutive reads of one configuration (a log line or a results.csv row reading
    // three settings) make them once. Per thread, so that the workers and the aggregator do not evict each other's.
    [ThreadStatic]
    private static Made? t_last;

    /// <param name="values">Row-major: configuration c (from 1) has its values at <c>[(c − 1) · settings.Count, c · settings.Count)</c>.</param>
    public PlanConfigurations(TrainingOptions training, IReadOnlyList<Setting<TrainingOptions>> settings, int count, SettingValue[] values)
    {
        if (values.Length != (long)count * settings.Count)
        {
            throw new ArgumentException($"{values.Length} values for {count} configurations of {settings.Count} swept settings.", nameof(values));
        }

        _training = training;
        _settings = [.. settings];
        _values = values;
        Count = count;
    }

    /// <summary>Number of configurations.</summary>
    public int Count { get; }

    /// <summary>The training options of configuration <paramref name="configuration"/> (from 1).</summary>
    public TrainingOptions this[int configuration]
    {
        get
        {
            if (configuration < 1 || configuration > Count)
            {
                throw new ArgumentOutOfRangeException(nameof(configuration), configuration, $"The plan has configurations 1 to {Count}.");
            }

            if (t_last is { } last && last.Configuration == configuration && ReferenceEquals(last.Table, this))
            {
                return last.Options;
            }

            var training = _training;
            var start = (configuration - 1) * _settings.Length;
            for (var i = 0; i < _settings.Length; i++)
            {
                training = _settings[i].Apply(training, _values[start + i]);
            }

            t_last = new Made(this, configuration, training);
            return training;
        }
    }

    private sealed record Made(PlanConfigurations Table, int Configuration, TrainingOptions Options);
}
