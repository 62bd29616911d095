using DropoutSweep.Core.Settings;
using Xunit;

namespace DropoutSweep.Core.Tests.Settings;

public sealed class NearestNameTests
{
    private static readonly string[] s_training = [.. TrainingSettings.Section.Keys];

    [Theory]
    [InlineData("Droput", "DropoutRate")]
    [InlineData("dropout", "DropoutRate")]
    [InlineData("Epoch", "Epochs")]
    [InlineData("LearnigRate", "LearningRate")]
    [InlineData("learning_rate", "LearningRate")]
    [InlineData("Hiden", "Hidden")]
    [InlineData("Optimiser", "Optimizer")]
    [InlineData("Deacy", "Decay")]
    public void A_typo_finds_the_setting_it_was_meant_to_be(string typed, string expected)
    {
        Assert.Equal(expected, NearestName.Find(typed, s_training));
    }

    [Theory]
    [InlineData("x")]
    [InlineData("Temperature")]
    [InlineData("Verbose")]
    public void A_name_far_from_every_setting_finds_nothing(string typed)
    {
        Assert.Null(NearestName.Find(typed, s_training));
    }

    [Theory]
    [InlineData("abc", "abc", 0)]
    [InlineData("abc", "acb", 1)]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("", "abc", 3)]
    public void Distance_counts_edits_with_adjacent_transpositions_as_one(string a, string b, int expected)
    {
        Assert.Equal(expected, NearestName.Distance(a, b));
    }
}
