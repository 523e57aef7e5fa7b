using Dream.Core.Knobs;
using MathNet.Numerics;

namespace Dream.Core.Evolution;

/// <summary>
/// The multivariate Parzen density of a whole genome (Falkner et al. 2018; Optuna's <c>multivariate=True</c>): one
/// kernel per observation over all knobs at once, plus the prior, so that knobs that are good together stay
/// together. Per knob a kernel is what <see cref="ParzenEstimator"/> uses (truncated Gaussian, cell mass of a level,
/// smoothed categorical), but every Gaussian kernel of a knob has Scott's bandwidth 0.2·n^(−1/(d+4)) (clipped as the
/// univariate ones are), the prior's 1. Pure: the same points give the same density.
/// </summary>
/// <remarks>Not thread-safe: a discrete knob's kernels keep the cell masses they were asked for.</remarks>
public sealed class JointParzenEstimator
{
    private const double Sigma0 = 0.2;
    private static readonly double HalfLog2Pi = 0.5 * Math.Log(2 * Math.PI);

    private readonly KnobSpace _space;
    private readonly int _kernels;
    private readonly double[] _logW;
    /// <summary>Per knob: centres, bandwidths and log normalisers of the kernels (numeric knobs), or their level probabilities (categorical).</summary>
    private readonly double[][] _mu;
    private readonly double[][] _sigma;
    private readonly double[][] _logZ;
    private readonly double[][][] _rows;
    private readonly bool[] _categorical;
    /// <summary>Per knob: the axis (null: continuous), each numeric kernel, and its index among the knob's distinct kernels.</summary>
    private readonly LevelAxis?[] _levels;
    private readonly TruncatedKernel[][] _kernel;
    private readonly TruncatedKernel[][] _shapes;
    private readonly int[][] _shapeOf;
    /// <summary>Per categorical knob: the log of each kernel's level probabilities.</summary>
    private readonly double[][][] _logRows;

    public JointParzenEstimator(KnobSpace space, IReadOnlyList<double[]> points, TpeSettings s)
    {
        _space = space;
        var n = points.Count;
        var d = space.Dimension();
        _kernels = n + 1;
        var w = new double[_kernels];
        Array.Copy(ParzenEstimator.Weights(n, s), w, n);
        w[n] = s.PriorWeight;
        var total = w.Sum();
        _logW = w.Select(x => Math.Log(x / total)).ToArray();
        _mu = new double[d][];
        _sigma = new double[d][];
        _logZ = new double[d][];
        _rows = new double[d][][];
        _categorical = new bool[d];
        _levels = new LevelAxis?[d];
        _kernel = new TruncatedKernel[d][];
        _shapes = new TruncatedKernel[d][];
        _shapeOf = new int[d][];
        _logRows = new double[d][][];
        var bandwidth = Sigma0 * Math.Pow(Math.Max(n, 1), -1.0 / (d + 4));
        var minSigma = 1.0 / Math.Min(100.0, 1.0 + _kernels);
        for (var i = 0; i < d; i++)
        {
            var axis = space.Axis(i);
            _levels[i] = axis as LevelAxis;
            if (axis is LevelAxis l && (!l.Ordered || l.Levels() == 2))
            {
                _categorical[i] = true;
                var levels = (int)l.Levels();
                var fill = s.PriorWeight / _kernels;
                _rows[i] = new double[_kernels][];
                for (var k = 0; k < n; k++)
                {
                    var row = new double[levels];
                    Array.Fill(row, fill / (1 + fill * levels));
                    row[(int)l.LevelOf(points[k][i])] += 1 / (1 + fill * levels);
                    _rows[i][k] = row;
                }
                _rows[i][n] = Enumerable.Repeat(1.0 / levels, levels).ToArray();
                _logRows[i] = _rows[i].Select(row => row.Select(p => Math.Log(p)).ToArray()).ToArray();
                continue;
            }
            _mu[i] = new double[_kernels];
            _sigma[i] = new double[_kernels];
            _logZ[i] = new double[_kernels];
            _kernel[i] = new TruncatedKernel[_kernels];
            // A discrete knob's centres are its few level centres, all with one bandwidth: few distinct kernels.
            var kernels = new TruncatedKernels();
            for (var k = 0; k <= n; k++)
            {
                _mu[i][k] = k < n ? points[k][i] : 0.5;
                _sigma[i][k] = k < n ? Math.Min(1.0, Math.Max(minSigma, bandwidth)) : 1.0;
                _kernel[i][k] = kernels.Of(_mu[i][k], _sigma[i][k]);
                _logZ[i][k] = _kernel[i][k].LogZ;
            }
            if (_levels[i] is not null) (_shapes[i], _shapeOf[i]) = TruncatedKernels.Distinct(_kernel[i]);
        }
    }

    public double LogDensity(double[] u)
    {
        // What a kernel gives a level depends on the point only through the level, and on the kernel only through its
        // shape: per knob, the level and each shape's log cell mass are found once, not once per kernel.
        var level = new long[u.Length];
        var cellTerm = new double[u.Length][];
        for (var i = 0; i < u.Length; i++)
        {
            if (_levels[i] is not { } axis) continue;
            level[i] = axis.LevelOf(u[i]);
            if (!_categorical[i]) cellTerm[i] = CellTerms(i, level[i]);
        }
        var t = new double[_kernels];
        for (var k = 0; k < _kernels; k++)
        {
            var sum = _logW[k];
            for (var i = 0; i < u.Length; i++)
            {
                if (_categorical[i]) sum += _logRows[i][k][(int)level[i]];
                else if (cellTerm[i] is { } terms) sum += terms[_shapeOf[i][k]] - _logZ[i][k];
                else sum += ContinuousTerm(i, k, u[i]);
            }
            t[k] = sum;
        }
        var max = t.Max();
        double s = 0;
        foreach (var v in t) s += Math.Exp(v - max);
        return max + Math.Log(s);
    }

    /// <summary>Per distinct kernel of ordered knob <paramref name="i"/>, the log of its (clipped) mass on a level's cell.</summary>
    private double[] CellTerms(int i, long level)
    {
        var shapes = _shapes[i];
        var terms = new double[shapes.Length];
        for (var c = 0; c < shapes.Length; c++) terms[c] = Math.Log(Math.Max(shapes[c].CellMass(_levels[i]!, level), 1e-300));
        return terms;
    }

    private double ContinuousTerm(int i, int k, double x)
    {
        var kernel = _kernel[i][k];
        var z = (x - _mu[i][k]) / _sigma[i][k];
        return -0.5 * z * z - kernel.LogSigma - HalfLog2Pi - _logZ[i][k];
    }

    public double[] Sample(Random rng)
    {
        var r = rng.NextDouble();
        var k = 0;
        for (; k < _kernels - 1; k++)
        {
            r -= Math.Exp(_logW[k]);
            if (r < 0) break;
        }
        var u = new double[_space.Dimension()];
        for (var i = 0; i < u.Length; i++)
        {
            var axis = _space.Axis(i);
            if (_categorical[i])
            {
                var row = _rows[i][k];
                var q = rng.NextDouble();
                var c = 0;
                for (; c < row.Length - 1; c++)
                {
                    q -= row[c];
                    if (q < 0) break;
                }
                u[i] = ((LevelAxis)axis).Centre(c);
                continue;
            }
            var mu = _mu[i][k];
            var sigma = _sigma[i][k];
            var lo = _kernel[i][k].LowCdf;
            var hi = _kernel[i][k].HighCdf;
            var p = Math.Min(Math.Max(lo + rng.NextDouble() * (hi - lo), 1e-300), 1 - 1e-16);
            var x = mu + sigma * Constants.Sqrt2 * SpecialFunctions.ErfInv(2 * p - 1);
            if (!double.IsFinite(x)) x = mu;
            x = Math.Min(1.0, Math.Max(0.0, x));
            u[i] = axis is LevelAxis l ? l.Centre(l.LevelOf(x)) : x;
        }
        return u;
    }

}
