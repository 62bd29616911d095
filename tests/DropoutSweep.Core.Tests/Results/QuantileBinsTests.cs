using DropoutSweep.Core.Results;
using Xunit;

namespace DropoutSweep.Core.Tests.Results;

public sealed class QuantileBinsTests
{
    [Fact]
    public void Values_split_into_bins_of_nearly_equal_size_in_value_order()
    {
        // 25 values in reverse order: five bins of five, by hand: [0..4], [5..9], ..., [20..24].
        var values = Enumerable.Range(0, 25).Select(i => (double)(24 - i)).ToArray();

        var bins = QuantileBins.Of(values, 5);

        Assert.Equal([(0.0, 4.0), (5.0, 9.0), (10.0, 14.0), (15.0, 19.0), (20.0, 24.0)], bins.Select(b => (b.Low, b.High)));
        Assert.All(bins, bin => Assert.Equal(5, bin.Members.Count));
        Assert.Equal([24, 23, 22, 21, 20], bins[0].Members); // positions of 0, 1, 2, 3, 4
    }

    [Fact]
    public void Equal_values_share_a_bin_so_there_may_be_fewer_bins()
    {
        // By hand: the first bin would end at position 2 of 10, but the 1s run to position 9; the second bin takes the rest.
        double[] values = [1, 1, 1, 1, 1, 1, 1, 1, 1, 2];

        var bins = QuantileBins.Of(values, 5);

        Assert.Equal([(1.0, 1.0), (2.0, 2.0)], bins.Select(b => (b.Low, b.High)));
        Assert.Equal([9, 1], bins.Select(b => b.Members.Count));
    }

    [Fact]
    public void Nan_is_left_out()
    {
        var bins = QuantileBins.Of([double.NaN, 2, 1], 2);

        Assert.Equal([(1.0, 1.0), (2.0, 2.0)], bins.Select(b => (b.Low, b.High)));
    }
}
