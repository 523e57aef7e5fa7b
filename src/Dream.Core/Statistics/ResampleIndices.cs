namespace Dream.Core.Statistics;

/// <summary>
/// The draws of a bootstrap: uniform indices in [0, n), exactly the sequence that MathNet's xoshiro256**
/// (<c>new Xoshiro256StarStar(seed, threadSafe: false).Next(n)</c>) gives for the same 32-bit seed, without its
/// virtual calls and bit-count arithmetic on every draw. A bootstrap makes millions of draws per generation
/// (thousands of resamples of every KPI of every candidate), and through <see cref="System.Random"/> they were a
/// seventh of the pipeline's CPU. Same seed, same indices: intervals, packs and decisions do not change.
/// </summary>
public sealed class ResampleIndices
{
    private ulong _s0, _s1, _s2, _s3;
    private int _n = -1;
    private int _bits;
    private bool _powerOfTwo;

    /// <summary>Seeded as MathNet seeds it: the int, sign-extended, through SplitMix64.</summary>
    public ResampleIndices(int seed)
    {
        var x = unchecked((ulong)seed);
        _s0 = SplitMix64(ref x);
        _s1 = SplitMix64(ref x);
        _s2 = SplitMix64(ref x);
        _s3 = SplitMix64(ref x);
    }

    /// <summary>A uniform index in [0, n), as <see cref="Fill"/> draws each.</summary>
    public int Next(int n)
    {
        Span<int> one = stackalloc int[1];
        Fill(one, n);
        return one[0];
    }

    /// <summary>
    /// <paramref name="into"/>.Length uniform indices in [0, n), one at a time as MathNet draws them: the top
    /// ⌊log2 n⌋ bits of one output when n is a power of two, else the top ⌊log2 n⌋+1 bits, drawn again while they
    /// reach n (rejection, so that no index is favoured); n = 1 consumes a draw too. The generator's state stays in
    /// locals for the whole run rather than being loaded and stored per draw: one bootstrap resample at a time, the
    /// way the intervals draw them.
    /// </summary>
    public void Fill(Span<int> into, int n)
    {
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n), n, "an index range must be positive");
        if (n != _n) Prepare(n);
        ulong s0 = _s0, s1 = _s1, s2 = _s2, s3 = _s3;
        var shift = 64 - _bits;
        var reject = !_powerOfTwo && _bits > 0;
        for (var i = 0; i < into.Length; i++)
        {
            int r;
            do
            {
                var result = Step(ref s0, ref s1, ref s2, ref s3);
                r = _bits == 0 ? 0 : (int)(result >> shift);
            }
            while (reject && r >= n);
            into[i] = r;
        }
        _s0 = s0;
        _s1 = s1;
        _s2 = s2;
        _s3 = s3;
    }

    private void Prepare(int n)
    {
        var log2 = 31 - int.LeadingZeroCount(n);
        _powerOfTwo = (1 << log2) == n;
        _bits = _powerOfTwo ? log2 : log2 + 1;
        _n = n;
    }

    /// <summary>One xoshiro256** output, advancing the state held by the caller (inlined, so that it stays in registers).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static ulong Step(ref ulong s0, ref ulong s1, ref ulong s2, ref ulong s3)
    {
        var result = ulong.RotateLeft(s1 * 5, 7) * 9;
        var t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = ulong.RotateLeft(s3, 45);
        return result;
    }

    private static ulong SplitMix64(ref ulong x)
    {
        var z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
