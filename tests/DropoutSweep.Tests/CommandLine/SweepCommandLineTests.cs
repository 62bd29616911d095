using DropoutSweep.CommandLine;
using Xunit;

namespace DropoutSweep.Tests.CommandLine;

public sealed class SweepCommandLineTests
{
    [Fact]
    public void No_command_means_run_with_the_same_options_as_the_run_command()
    {
        var implicitRun = new SweepCommandLine().Parse(["--config", "grid.json", "--out", "o", "--parallelism", "3", "--dry-run", "--restart"]);
        var explicitRun = new SweepCommandLine().Parse(["run", "--config", "grid.json", "--out", "o", "--parallelism", "3", "--dry-run", "--restart"]);

        Assert.Empty(implicitRun.Problems);
        var expected = new RunArguments { ConfigFile = "grid.json", OutputDirectory = "o", Parallelism = 3, DryRun = true, Restart = true };
        Assert.Equivalent(expected, implicitRun.Run);
        Assert.Equivalent(expected, explicitRun.Run);
    }

    [Fact]
    public void Overrides_are_configuration_paths_with_their_values_in_command_line_order()
    {
        var parsed = new SweepCommandLine().Parse(["--Sweep:Training:Epochs=500", "run", "--Sweep:Space:L2:Values:0", "0.001", "--Sweep:Training:Epochs=600"]);

        Assert.Empty(parsed.Problems);
        Assert.Equal(
            [new("Sweep:Training:Epochs", "500"), new("Sweep:Space:L2:Values:0", "0.001"), new("Sweep:Training:Epochs", "600")],
            parsed.Run!.Overrides);
    }

    [Fact]
    public void An_override_without_a_value_is_a_problem()
    {
        var parsed = new SweepCommandLine().Parse(["--Sweep:Training:Epochs"]);

        Assert.Null(parsed.Run);
        Assert.Contains(parsed.Problems, p => p.Contains("--Sweep:Training:Epochs", StringComparison.Ordinal) && p.Contains("needs a value", StringComparison.Ordinal));
    }

    [Fact]
    public void A_token_that_is_neither_an_option_nor_a_configuration_path_is_one_problem_with_a_suggestion()
    {
        var parsed = new SweepCommandLine().Parse(["--dryrun", "--paralelism", "2"]);

        Assert.Null(parsed.Run);
        Assert.Equal(2, parsed.Problems.Count);
        Assert.Contains("Did you mean --dry-run?", parsed.Problems[0], StringComparison.Ordinal);
        Assert.Contains("Did you mean --parallelism?", parsed.Problems[1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-2")]
    [InlineData("many")]
    public void Parallelism_must_be_a_whole_number_of_at_least_1(string value)
    {
        var parsed = new SweepCommandLine().Parse(["--parallelism", value]);

        Assert.Null(parsed.Run);
        Assert.Contains(parsed.Problems, p => p.Contains("parallelism", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("--version")]
    [InlineData("-h")]
    public void Help_and_version_are_left_to_System_CommandLine(string option)
    {
        var parsed = new SweepCommandLine().Parse([option]);

        Assert.Null(parsed.Run);
        Assert.Empty(parsed.Problems);
    }
}
