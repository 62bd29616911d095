using DropoutSweep.Core.Settings;
using Xunit;

namespace DropoutSweep.Core.Tests.Settings;

public sealed class DurationTextTests
{
    [Theory]
    [InlineData("30", 30)]
    [InlineData("2.5", 2.5)]
    [InlineData("30s", 30)]
    [InlineData("5m", 300)]
    [InlineData("500ms", 0.5)]
    [InlineData("2h", 7200)]
    [InlineData(" 1.5 M ", 90)]
    [InlineData("00:00:30", 30)]
    [InlineData("1.00:00:00", 86400)]
    public void Every_documented_form_reads_as_its_seconds(string text, double seconds)
    {
        Assert.True(DurationText.TryParse(text, out var value));
        Assert.Equal(TimeSpan.FromSeconds(seconds), value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("soon")]
    [InlineData("5 days")]
    [InlineData("1e400")]
    [InlineData("NaN")]
    [InlineData("25:99:99")]
    public void Anything_else_is_refused(string text)
    {
        Assert.False(DurationText.TryParse(text, out _));
    }

    [Fact]
    public void A_formatted_duration_reads_back()
    {
        var duration = TimeSpan.FromMilliseconds(90_500);

        Assert.Equal("00:01:30.5000000", DurationText.Format(duration));
        Assert.True(DurationText.TryParse(DurationText.Format(duration), out var back));
        Assert.Equal(duration, back);
    }
}
