using MathNet.Numerics.Distributions;
using MathNet.Numerics.Random;

namespace Dream.Core.Evolution;

/// <summary>
/// A reproducible stream: MathNet's xoshiro256** seeded once, never re-seeded (the seed is the derivation,
/// see <see cref="GenerationRandom"/>). It is a <see cref="Random"/>, so the knob space's operators take it
/// directly, and adds the draws the evolution needs (full-range longs, booleans, Gaussians, shuffles).
/// Not thread-safe: each stream belongs to one computation.
/// </summary>
public sealed class SeededRandom : Random
{
    private readonly Xoshiro256StarStar _rng;

    public SeededRandom(int seed) => _rng = new Xoshiro256StarStar(seed, threadSafe: false);

    /// <summary>A stream from a 64-bit seed, folded to the 32 bits MathNet's generator takes.</summary>
    public SeededRandom(long seed) : this(unchecked((int)(seed ^ (seed >>> 32)))) { }

    protected override double Sample() => _rng.NextDouble();

    public override double NextDouble() => _rng.NextDouble();

    public override int Next() => _rng.Next();

    public override int Next(int maxValue) => _rng.Next(maxValue);

    public override int Next(int minValue, int maxValue) => _rng.Next(minValue, maxValue);

    public override void NextBytes(byte[] buffer) => _rng.NextBytes(buffer);

    public override void NextBytes(Span<byte> buffer)
    {
        var bytes = new byte[buffer.Length];
        _rng.NextBytes(bytes);
        bytes.CopyTo(buffer);
    }

    public override long NextInt64() => NextLong() >>> 1;

    /// <summary>Uniform in [0, maxValue), without modulo bias.</summary>
    public override long NextInt64(long maxValue)
    {
        if (maxValue <= 0) throw new ArgumentOutOfRangeException(nameof(maxValue), "the bound must be positive");
        var bound = (ulong)maxValue;
        var limit = ulong.MaxValue - ulong.MaxValue % bound;
        ulong r;
        do r = (ulong)NextLong(); while (r >= limit);
        return (long)(r % bound);
    }

    public override long NextInt64(long minValue, long maxValue) =>
        minValue + NextInt64(checked(maxValue - minValue));

    public override float NextSingle() => (float)_rng.NextDouble();

    /// <summary>Any long, every bit random.</summary>
    public long NextLong() => _rng.NextFullRangeInt64();

    public bool NextBoolean() => (NextLong() & 1) == 1;

    /// <summary>A standard normal draw.</summary>
    public double NextGaussian() => Normal.Sample(this, 0, 1);

    /// <summary>Fisher-Yates, in place. Our own rather than Random.Shuffle, whose algorithm the runtime may
    /// change: a replay must draw the same order on every .NET version.</summary>
    public void Permute<T>(IList<T> list)
    {
        for (var i = list.Count - 1; i > 0; i--)
        {
            var j = Next(i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }
    }

    /// <summary><paramref name="k"/> distinct indices of [0, <paramref name="n"/>) drawn uniformly (a partial shuffle).</summary>
    public int[] Combination(int n, int k)
    {
        if (k < 0 || k > n) throw new ArgumentException($"cannot draw {k} of {n}");
        var all = new int[n];
        for (var i = 0; i < n; i++) all[i] = i;
        for (var i = 0; i < k; i++)
        {
            var j = i + Next(n - i);
            (all[i], all[j]) = (all[j], all[i]);
        }
        return all[..k];
    }
}
