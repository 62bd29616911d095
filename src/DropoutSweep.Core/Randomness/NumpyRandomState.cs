namespace DropoutSweep.Core.Randomness;

/// <summary>
/// numpy's legacy <c>RandomState</c> (what <c>np.random.seed(n)</c> then <c>np.random.randn</c> draw), reproduced bit for
/// bit so tests can compare with numbers printed by the Python reference. Not used in production: <see cref="Rng"/> is.
/// Source of the algorithms: numpy/random/src/mt19937 and numpy/random/src/legacy/legacy-distributions.c.
/// </summary>
internal sealed class NumpyRandomState
{
    private const int StateLength = 624;
    private const int Period = 397;
    private const uint MatrixA = 0x9908b0dfU;
    private const uint UpperMask = 0x80000000U;
    private const uint LowerMask = 0x7fffffffU;

    private readonly uint[] _key = new uint[StateLength];
    private int _position;
    private double? _cachedGaussian;

    /// <summary>Seeds as <c>np.random.seed(seed)</c> does for an integer: MT19937's <c>init_genrand</c>.</summary>
    public NumpyRandomState(uint seed)
    {
        _key[0] = seed;
        for (var i = 1; i < StateLength; i++)
        {
            var previous = _key[i - 1];
            _key[i] = unchecked((1812433253U * (previous ^ (previous >> 30))) + (uint)i);
        }

        _position = StateLength;
    }

    /// <summary>The next tempered 32-bit MT19937 output.</summary>
    public uint NextUInt32()
    {
        if (_position == StateLength)
        {
            Regenerate();
        }

        var y = _key[_position++];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c5680U;
        y ^= (y << 15) & 0xefc60000U;
        y ^= y >> 18;
        return y;
    }

    /// <summary>Uniform in [0, 1) from two outputs, 27 + 26 bits: numpy's <c>random_sample</c>.</summary>
    public double NextDouble()
    {
        var a = NextUInt32() >> 5;
        var b = NextUInt32() >> 6;
        return ((a * 67108864.0) + b) / 9007199254740992.0;
    }

    /// <summary>
    /// numpy's legacy <c>randn</c> element: Marsaglia's polar method returning f·x2 and caching f·x1 for the next call
    /// (the cache survives across calls, so an odd count leaves one pending).
    /// </summary>
    public double NextGaussian()
    {
        if (_cachedGaussian is { } cached)
        {
            _cachedGaussian = null;
            return cached;
        }

        double x1, x2, s;
        do
        {
            x1 = (2.0 * NextDouble()) - 1.0;
            x2 = (2.0 * NextDouble()) - 1.0;
            s = (x1 * x1) + (x2 * x2);
        }
        while (s >= 1.0 || s == 0.0);

        var f = Math.Sqrt(-2.0 * Math.Log(s) / s);
        _cachedGaussian = f * x1;
        return f * x2;
    }

    // The classic genrand refill of all 624 words at once.
    private void Regenerate()
    {
        int i;
        uint y;
        for (i = 0; i < StateLength - Period; i++)
        {
            y = (_key[i] & UpperMask) | (_key[i + 1] & LowerMask);
            _key[i] = _key[i + Period] ^ (y >> 1) ^ ((y & 1) == 0 ? 0 : MatrixA);
        }

        for (; i < StateLength - 1; i++)
        {
            y = (_key[i] & UpperMask) | (_key[i + 1] & LowerMask);
            _key[i] = _key[i + Period - StateLength] ^ (y >> 1) ^ ((y & 1) == 0 ? 0 : MatrixA);
        }

        y = (_key[StateLength - 1] & UpperMask) | (_key[0] & LowerMask);
        _key[StateLength - 1] = _key[Period - 1] ^ (y >> 1) ^ ((y & 1) == 0 ? 0 : MatrixA);
        _position = 0;
    }
}
