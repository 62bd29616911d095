using DropoutSweep.Core.Randomness;
using Xunit;

namespace DropoutSweep.Core.Tests.Data;

public sealed class NumpyRandomStateTests
{
    [Fact]
    public void Uniform_draws_match_numpy_seed_0()
    {
        // np.random.seed(0); np.random.random_sample(3)
        var state = new NumpyRandomState(0);

        Assert.Equal(0.5488135039273248, state.NextDouble());
        Assert.Equal(0.7151893663724195, state.NextDouble());
        Assert.Equal(0.6027633760716439, state.NextDouble());
    }

    [Fact]
    public void Normal_draws_match_numpy_seed_0_including_the_cached_second_value()
    {
        // np.random.seed(0); np.random.randn(4)
        var state = new NumpyRandomState(0);

        Assert.Equal(1.764052345967664, state.NextGaussian());
        Assert.Equal(0.4001572083672233, state.NextGaussian());
        Assert.Equal(0.9787379841057392, state.NextGaussian());
        Assert.Equal(2.240893199201458, state.NextGaussian());
    }
}
