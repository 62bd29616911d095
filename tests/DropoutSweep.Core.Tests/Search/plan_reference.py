"""Independent reference values for PlanBuilderTests: seeds and draws written from the published algorithms
(SplitMix64's finaliser, xoshiro256** by Blackman and Vigna, https://prng.di.unimi.it/xoshiro256starstar.c), and the
grid points numpy computes. Run: python3 plan_reference.py (numpy only for the grid points)."""

M = (1 << 64) - 1
GOLDEN = 0x9E3779B97F4A7C15


def finalise(z):
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M
    return z ^ (z >> 31)


def mix(a, b):
    """Rng.Mix(a, b): a SplitMix64 step over a ^ b * golden ratio, salted."""
    return finalise((a ^ ((b * GOLDEN) & M) ^ 0xD1B54A32D192ED03) + GOLDEN & M)


def mix3(a, b, c):
    return mix(mix(a, b), c)


def rotl(x, k):
    return ((x << k) | (x >> (64 - k))) & M


class Xoshiro256StarStar:
    def __init__(self, seed):
        state, self.s = seed, []
        for _ in range(4):  # seeded through SplitMix64, as the authors recommend
            state = (state + GOLDEN) & M
            self.s.append(finalise(state))

    def next(self):
        s = self.s
        result = (rotl((s[1] * 5) & M, 7) * 9) & M
        t = (s[1] << 17) & M
        s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3]; s[2] ^= t
        s[3] = rotl(s[3], 45)
        return result

    def uniform(self):
        return (self.next() >> 11) * (1.0 / (1 << 53))


if __name__ == "__main__":
    print("Shared seeds, sweep seed 7, repeats 1..3:", [mix(7, r) for r in (1, 2, 3)])
    print("PerTrial seeds, sweep seed 7, (c, r):", [(c, r, mix3(7, c, r)) for c in (1, 2, 3) for r in (1, 2)])
    print("Random DropoutRate in [0, 0.5), sweep seed 42, configurations 1..3:",
          [repr(0.5 * Xoshiro256StarStar(mix3(42, M, c)).uniform()) for c in (1, 2, 3)])
    try:
        import numpy as np
        print("numpy", np.__version__, "linspace(0.005, 0.1, 7):", [repr(float(x)) for x in np.linspace(0.005, 0.1, 7)])
        print("numpy", np.__version__, "geomspace(0.001, 0.1, 5):", [repr(float(x)) for x in np.geomspace(0.001, 0.1, 5)])
        print("numpy", np.__version__, "geomspace(10, 100, 3):", [repr(float(x)) for x in np.geomspace(10, 100, 3)])
    except ImportError:
        print("numpy is not installed: no grid points")
