using Dream.Core.Knobs;
using MathNet.Numerics;

namespace Dream.Core.Evolution;

/// <summary>
/// One Gaussian kernel truncated to [0,1], with what depends only on its centre and bandwidth computed once: the
/// densities of one proposal rebuild thousands of kernels with the same shape (the constant liar's bad sets differ
/// by one point, and a discrete knob's centres are its few level centres), and the normal CDF is their cost.
/// </summary>
/// <remarks>
/// Every value is computed by the same expression the densities used inline, so caching it changes no bit.
/// Not thread-safe: a kernel's cell masses fill in as they are asked for.
/// </remarks>
internal sealed class TruncatedKernel
{
    /// <summary>Made on first use: most kernels are a continuous knob's, which have no cells.</summary>
    private Dictionary<long, double>? _cellMass;

    public TruncatedKernel(double mu, double sigma)
    {
        Mu = mu;
        Sigma = sigma;
        LowCdf = Phi((0 - mu) / sigma);
        HighCdf = Phi((1 - mu) / sigma);
        LogZ = Math.Log(Math.Max(HighCdf - LowCdf, 1e-300));
        Z = Math.Exp(LogZ);
        LogSigma = Math.Log(sigma);
    }

    public double Mu { get; }
    public double Sigma { get; }
    public double LowCdf { get; }
    public double HighCdf { get; }
    /// <summary>The log of the mass the untruncated kernel has on [0,1] (at least 1e-300).</summary>
    public double LogZ { get; }
    /// <summary>exp(<see cref="LogZ"/>), which the univariate cell mass divides by (it can differ from the mass in the last bit).</summary>
    public double Z { get; }
    public double LogSigma { get; }

    /// <summary>The untruncated kernel's mass on a level's cell, unclipped (rounding can make it slightly negative).</summary>
    /// <remarks>
    /// Remembered only on knobs of at most <see cref="CachedLevels"/> levels: on a knob of a million levels
    /// (a wide int) a level is seldom asked for twice, and a map entry per kernel per level asked made the
    /// proposal slower than computing it (and its garbage a gen-2 collection after another).
    /// </remarks>
    public double CellMass(LevelAxis axis, long level)
    {
        if (axis.Levels() > CachedLevels) return Mass(axis, level);
        _cellMass ??= [];
        if (_cellMass.TryGetValue(level, out var m)) return m;
        m = Mass(axis, level);
        _cellMass[level] = m;
        return m;
    }

    public const long CachedLevels = 4096;

    private double Mass(LevelAxis axis, long level)
    {
        var (a, b) = axis.Cell(level);
        var za = (a - Mu) / Sigma;
        var zb = (b - Mu) / Sigma;
        // Far in either tail both CDFs are exactly 1 (or exactly 0), so the difference is exactly 0: the same bits
        // without two Erfc. Most kernels of a wide knob lie that far from a level of width 1e-6.
        if (za >= PhiIsOneFrom || zb <= PhiIsZeroTo) return 0;
        return Phi(zb) - Phi(za);
    }

    /// <summary>From here up, <see cref="Phi"/> is exactly 1.0 (checked by a test over a fine grid and beyond).</summary>
    public const double PhiIsOneFrom = 9.0;

    /// <summary>From here down, <see cref="Phi"/> is exactly 0.0 (checked by a test as well).</summary>
    public const double PhiIsZeroTo = -40.0;

    public static double Phi(double z) => 0.5 * SpecialFunctions.Erfc(-z / Constants.Sqrt2);
}

/// <summary>The kernels of one knob by shape, so that the densities built for one proposal share them.</summary>
internal sealed class TruncatedKernels
{
    private readonly Dictionary<(double Mu, double Sigma), TruncatedKernel> _byShape = new(ShapeComparer.Instance);
    private readonly List<TruncatedKernel?> _bySlot = [];

    /// <summary>The kernel of centre <paramref name="mu"/> and bandwidth <paramref name="sigma"/>.</summary>
    /// <remarks>0.0 and −0.0 share a key; every formula of a kernel gives both the same result.</remarks>
    public TruncatedKernel Of(double mu, double sigma)
    {
        if (_byShape.TryGetValue((mu, sigma), out var k)) return k;
        k = new TruncatedKernel(mu, sigma);
        _byShape[(mu, sigma)] = k;
        return k;
    }

    /// <summary>
    /// The kernel of that shape, checked first against the one last asked for at index <paramref name="slot"/> of a
    /// density: a liar's density keeps most of the previous one's kernels where they were.
    /// </summary>
    public TruncatedKernel Of(int slot, double mu, double sigma)
    {
        while (_bySlot.Count <= slot) _bySlot.Add(null);
        if (_bySlot[slot] is { } last && last.Mu == mu && last.Sigma == sigma) return last;
        return _bySlot[slot] = Of(mu, sigma);
    }

    /// <summary>The distinct kernels of <paramref name="kernel"/> in order of first use, and each one's index among them.</summary>
    public static (TruncatedKernel[] Shapes, int[] ShapeOf) Distinct(TruncatedKernel[] kernel)
    {
        var index = new Dictionary<TruncatedKernel, int>(ReferenceEqualityComparer.Instance);
        var shapeOf = new int[kernel.Length];
        for (var k = 0; k < kernel.Length; k++)
        {
            if (!index.TryGetValue(kernel[k], out var shape)) index[kernel[k]] = shape = index.Count;
            shapeOf[k] = shape;
        }
        var shapes = new TruncatedKernel[index.Count];
        foreach (var (k, shape) in index) shapes[shape] = k;
        return (shapes, shapeOf);
    }

    /// <summary>Equal as doubles (so 0.0 is −0.0), hashed from the bits: cheaper than the tuple's default comparer.</summary>
    private sealed class ShapeComparer : IEqualityComparer<(double Mu, double Sigma)>
    {
        public static readonly ShapeComparer Instance = new();

        public bool Equals((double Mu, double Sigma) a, (double Mu, double Sigma) b) => a.Mu == b.Mu && a.Sigma == b.Sigma;

        // Adding 0.0 turns −0.0 into 0.0, so that equal shapes hash alike.
        public int GetHashCode((double Mu, double Sigma) s) =>
            (BitConverter.DoubleToInt64Bits(s.Mu + 0.0) * 31 + BitConverter.DoubleToInt64Bits(s.Sigma + 0.0)).GetHashCode();
    }
}
