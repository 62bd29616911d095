using System.Reflection;
using System.Text.RegularExpressions;
using DropoutSweep.Core.Data;
using DropoutSweep.Core.Nn;
using DropoutSweep.Core.Scheduling;
using DropoutSweep.Core.Search;
using DropoutSweep.Core.Settings;
using Xunit;

namespace DropoutSweep.Core.Tests.Settings;

public sealed partial class CatalogueTests
{
    public static TheoryData<string> Sections() => ["Sweep", "Dataset", "Training", "Scheduler", "EarlyStopping", "Range"];

    private static Section Named(string name) => name switch
    {
        "Sweep" => SweepSettings.Section,
        "Dataset" => DatasetSettings.Section,
        "Training" => TrainingSettings.Section,
        "Scheduler" => SchedulerSettings.Section,
        "EarlyStopping" => EarlyStoppingSettings.Section,
        _ => RangeSettings.Section,
    };

    private static Type RecordOf(string name) => name switch
    {
        "Sweep" => typeof(SweepOptions),
        "Dataset" => typeof(DatasetOptions),
        "Training" => typeof(TrainingOptions),
        "Scheduler" => typeof(SchedulerOptions),
        "EarlyStopping" => typeof(EarlyStoppingOptions),
        _ => typeof(ParameterRange),
    };

    [Theory]
    [MemberData(nameof(Sections))]
    public void Every_settable_property_of_an_options_record_is_declared_in_its_section(string section)
    {
        // A property the catalogue does not declare could not be set from a sweep file, nor swept, nor fingerprinted:
        // that is how OutputBiasL1/L2 once fell through. Nested sections are declared as sections; a Space entry's
        // LayerValues are its Values for Hidden.
        var properties = RecordOf(section).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.SetMethod is not null)
            .Select(p => p.Name)
            .Except(Named(section).Sections.Select(s => s.Name))
            .Except(["LayerValues"])
            .Order();

        Assert.Equal(properties, Named(section).Settings.Select(s => s.Name).Order());
    }

    [Fact]
    public void Report_columns_and_json_names_are_unique_snake_and_camel_case()
    {
        var settings = TrainingSettings.Section.Settings;

        Assert.All(settings, s => Assert.Matches("^[a-z0-9]+(_[a-z0-9]+)*$", s.Column));
        Assert.All(settings, s => Assert.Matches("^[a-z][A-Za-z0-9]*$", s.JsonName));
        Assert.Equal(settings.Count, settings.Select(s => s.Column).Distinct().Count());
        Assert.Equal("output_bias_l2", TrainingSettings.OutputBiasL2.Column);
        Assert.Equal("dropoutRate", TrainingSettings.DropoutRate.JsonName);
    }

    [Fact]
    public void The_catalogue_is_walkable_for_documentation_and_a_schema()
    {
        Assert.Equal(["Dataset", "Training", "Scheduler", "Space"], SweepSettings.Section.Sections.Select(s => s.Name));
        Assert.Equal(["EarlyStopping"], TrainingSettings.Section.Sections.Select(s => s.Name));
        Assert.Equal(SettingKind.Enum, DatasetSettings.Kind.Kind);
        Assert.Equal(["Spiral", "Csv", "Idx"], DatasetSettings.Kind.Type.Choices);
        Assert.Equal("Kind Csv", DatasetSettings.Path.AppliesWhen!.ToString());
        Assert.Equal(PlanEffect.Extent, SweepSettings.Repeats.Plan);
        Assert.True(TrainingSettings.BiasL2.Optional);
        Assert.False(TrainingSettings.L2.Optional);
        Assert.Equal(0.0, TrainingSettings.DropoutRate.Range!.Minimum);
        Assert.True(TrainingSettings.DropoutRate.Range.MaximumExclusive);
        Assert.Contains(DatasetSettings.Section.Rules, r => r.Kind == RuleKind.RequiredWhen && r.Settings.Single() == DatasetSettings.Path);
        Assert.Equal(TrainingSettings.Sweepable.Select(s => s.Name), SweepSettings.Space.Keys);
    }

    [Fact]
    public void Output_bias_regularisation_is_settable_sweepable_and_fingerprinted_through_its_declaration()
    {
        var options = new SweepOptions
        {
            Dataset = new DatasetOptions { ValidationFraction = 0.5 },
            Training = new TrainingOptions { OutputL2 = 0.001, OutputBiasL1 = 0.25 },
            Space = [new SweptParameter("OutputBiasL2", new ParameterRange { Values = [0, 0.5] })],
        };

        var plan = PlanBuilder.Build(options);

        Assert.Equal([0.0, 0.5], plan.Trials.Select(t => t.Training.OutputBiasL2));
        Assert.Equal("0.25", plan.Fingerprint["Training.OutputBiasL1"]);
        Assert.Equal("[0, 0.5]", plan.Fingerprint["Space.OutputBiasL2.Values"]);
        Assert.NotEqual(plan.Hash, PlanBuilder.Build(options with { Training = options.Training with { OutputBiasL1 = 0.5 } }).Hash);
        Assert.Equal("0.001", TrainingSettings.OutputBiasL2.Format(new TrainingOptions { OutputL2 = 0.001 }));
        Assert.Equal(
            ["Sweep:Training:OutputBiasL1 = -1: must be >= 0"],
            SweepValidator.Validate(options with { Training = options.Training with { OutputBiasL1 = -1 } }).Select(p => p.ToString()));
    }

    [Fact]
    public void The_readme_documents_every_setting_in_its_section_table()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md"));
        foreach (var (heading, section) in (ReadOnlySpan<(string, Section)>)
                 [
                     ("### `Sweep`", SweepSettings.Section), ("### `Sweep:Dataset`", DatasetSettings.Section), ("### `Sweep:Training`", TrainingSettings.Section),
                     ("### `Sweep:Training:EarlyStopping`", EarlyStoppingSettings.Section), ("### `Sweep:Scheduler`", SchedulerSettings.Section), ("### `Sweep:Space`", RangeSettings.Section),
                 ])
        {
            var start = readme.IndexOf(heading, StringComparison.Ordinal);
            Assert.True(start >= 0, $"README has no {heading}");
            var end = readme.IndexOf("\n#", start + heading.Length, StringComparison.Ordinal);
            var keys = TableKeys().Matches(readme[start..end]).Select(m => m.Groups[1].Value).ToHashSet();
            Assert.All(section.Settings, s => Assert.True(keys.Contains(s.Name), $"README's {heading} table has no `{s.Name}`"));
        }
    }

    // The first column of a table row: | `Name` | or | `Samples`, `Classes` |.
    [GeneratedRegex(@"(?m)(?<=^\|[^|\n]*)`([A-Za-z0-9]+)`")]
    private static partial Regex TableKeys();

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "DropoutSweep.sln")))
            {
                return folder.FullName;
            }
        }

        throw new DirectoryNotFoundException("DropoutSweep.sln not found above the test's folder.");
    }
}
