using System.Text.Json;
using DropoutSweep.Core.Results;
using Xunit;
using static DropoutSweep.Core.Tests.Results.ResultsFixtures;

namespace DropoutSweep.Core.Tests.Results;

/// <summary>Seeds of 2^53 and above: JSON numbers that JavaScript and jq (IEEE doubles) would read as another seed.</summary>
public sealed class JsonFormatsTests : IDisposable
{
    // 2^53 + 1, the first integer a double cannot hold, and the largest seed.
    private const ulong AboveTwoToThe53 = 9_007_199_254_740_993UL;

    private readonly TemporaryFolder _temporary = new("dropout-sweep-json-");

    public void Dispose() => _temporary.Dispose();

    [Fact]
    public void Plan_json_holds_the_sweep_seed_and_every_trial_seed_as_exact_strings_that_read_back()
    {
        var plan = Plan([0.1, 0.2]);
        plan = plan with
        {
            Options = plan.Options with { Seed = ulong.MaxValue },
            Trials = [plan.Trials[0] with { Seed = AboveTwoToThe53 }, plan.Trials[1]],
        };

        PlanFile.Write(_temporary.Path, plan, "test");

        var text = File.ReadAllText(_temporary.File(PlanFile.FileName));
        Assert.Contains("\"seed\": \"9007199254740993\"", text);
        Assert.Contains("\"seed\": \"18446744073709551615\"", text);
        var read = PlanFile.Read(_temporary.File(PlanFile.FileName)).Plan!;
        Assert.Equal(AboveTwoToThe53, read.Trials[0].Seed);
        Assert.Equal(ulong.MaxValue, read.Options.Seed);
        Assert.NotEqual(AboveTwoToThe53, (ulong)JsonDocument.Parse("9007199254740993").RootElement.GetDouble()); // what a double makes of it
    }

    [Fact]
    public void A_seed_that_is_not_a_whole_number_is_refused_naming_it()
    {
        var error = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<ulong>("\"12x\"", JsonFormats.Compact));

        Assert.Contains("\"12x\" is not a seed", error.Message);
    }
}
