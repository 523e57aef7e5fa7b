using Dream.Core.Knobs;
using MathNet.Numerics;

namespace Dream.Core.Evolution;

/// <summary>
/// The Parzen density of one knob over its unit coordinate, from observed coordinates (oldest first) plus a prior,
/// as Optuna 3.1's univariate TPE builds it (Bergstra et al. 2011): a continuous knob gets truncated Gaussian
/// kernels on [0,1], an ordered discrete knob (int, stepped float) the same kernels with each level given the mass
/// of its cell, a choice or a bool a smoothed categorical. Pure: the same points give the same density.
/// </summary>
/// <remarks>
/// Kernel weights: 1 for each observation while there are fewer than <see cref="TpeSettings.FlatRecent"/>, else the
/// most recent that many get 1 and the older ones a linear ramp from 1/n up; the prior has weight
/// <see cref="TpeSettings.PriorWeight"/>; all are normalised. Bandwidths: each kernel's sigma is the larger gap to its
/// neighbour among the sorted centres (the prior's centre 0.5 included; the two outermost use their inner gap),
/// clipped to [1/min(100, 1 + kernels), 1]; the prior's sigma is 1 (the whole interval).
/// The acquisition evaluates thousands of these densities per generation, so what a kernel's shape or a level
/// determines is computed once and kept (<see cref="TruncatedKernel"/>, a level's mass), each by the expression it
/// replaced, bit for bit (TpeGoldenTests); only a wide knob's narrow cells take the midpoint rule instead
/// (<see cref="Mixture.NarrowCell"/>). Hence an estimator is not thread-safe.
/// </remarks>
public abstract class ParzenEstimator
{
    private ParzenEstimator() { }

    /// <summary>The log density at <paramref name="u"/> (a discrete knob: the log mass of the level u is in).</summary>
    public abstract double LogDensity(double u);

    /// <summary>A coordinate drawn from the density (a discrete knob: the centre of the level drawn).</summary>
    public abstract double Sample(Random rng);

    public static ParzenEstimator For(IAxis axis, IReadOnlyList<double> points, TpeSettings settings) =>
        For(axis, new KnobPoints(points), settings, new TruncatedKernels());

    /// <summary>The density, its kernels taken from (and added to) <paramref name="kernels"/>, those of one knob.</summary>
    internal static ParzenEstimator For(IAxis axis, KnobPoints points, TpeSettings settings, TruncatedKernels kernels)
    {
        var weights = Weights(points.Count, settings);
        return axis switch
        {
            LevelAxis l when !l.Ordered || l.Levels() == 2 => new Categorical(l, points.Points, weights, settings),
            LevelAxis l => new OrderedLevels(l, Mixture.Of(points, weights, settings, kernels)),
            _ => new Continuous(Mixture.Of(points, weights, settings, kernels)),
        };
    }

    /// <summary>Optuna's default_weights: flat for the recent observations, a ramp for the older ones.</summary>
    internal static double[] Weights(int n, TpeSettings settings)
    {
        var w = new double[n];
        if (n < settings.FlatRecent)
        {
            Array.Fill(w, 1.0);
            return w;
        }
        var ramp = n - settings.FlatRecent;
        // numpy.linspace(1/n, 1, ramp): ramp points from 1/n to 1 inclusive
        for (var i = 0; i < ramp; i++) w[i] = ramp == 1 ? 1.0 / n : 1.0 / n + (1 - 1.0 / n) * i / (ramp - 1);
        for (var i = ramp; i < n; i++) w[i] = 1.0;
        return w;
    }

    /// <summary>Truncated Gaussian kernels on [0,1]: centres, bandwidths and normalised weights, the prior last.</summary>
    internal sealed class Mixture
    {
        private static readonly double HalfLog2Pi = 0.5 * Math.Log(2 * Math.PI);

        public double[] Mu { get; }
        public double[] Sigma { get; }
        public double[] W { get; }
        private readonly TruncatedKernel[] _kernel;
        private readonly double[] _logConst;
        private (TruncatedKernel[] Shapes, int[] ShapeOf)? _shapes;

        private Mixture(double[] mu, double[] sigma, double[] w, TruncatedKernels kernels)
        {
            Mu = mu;
            Sigma = sigma;
            W = w;
            _kernel = new TruncatedKernel[mu.Length];
            _logConst = new double[mu.Length];
            for (var k = 0; k < mu.Length; k++)
            {
                var kernel = kernels.Of(k, mu[k], sigma[k]);
                _kernel[k] = kernel;
                _logConst[k] = Math.Log(w[k]) - kernel.LogSigma - HalfLog2Pi - kernel.LogZ;
            }
        }

        /// <summary>The distinct kernels, and each kernel's index among them: a cell mass is computed once per shape.</summary>
        private (TruncatedKernel[] Shapes, int[] ShapeOf) Shapes() => _shapes ??= TruncatedKernels.Distinct(_kernel);

        public static Mixture Of(KnobPoints points, double[] obsWeights, TpeSettings s, TruncatedKernels kernels)
        {
            var n = points.Count;
            var mu = new double[n + 1];
            for (var i = 0; i < n; i++) mu[i] = points.Points[i];
            mu[n] = 0.5;
            var w = new double[n + 1];
            Array.Copy(obsWeights, w, n);
            w[n] = s.PriorWeight;
            var total = w.Sum();
            for (var i = 0; i <= n; i++) w[i] /= total;

            // Bandwidths from the sorted centres, prior included; a stable order keeps equal centres reproducible.
            var order = points.OrderWithPrior();
            var sigma = new double[n + 1];
            for (var r = 0; r <= n; r++)
            {
                var left = mu[order[r]] - (r == 0 ? 0.0 : mu[order[r - 1]]);
                var right = (r == n ? 1.0 : mu[order[r + 1]]) - mu[order[r]];
                sigma[order[r]] = Math.Max(left, right);
            }
            if (n + 1 >= 2)
            {
                // Not the endpoints: the outermost kernels take the gap to their inner neighbour (consider_endpoints=False).
                sigma[order[0]] = mu[order[1]] - mu[order[0]];
                sigma[order[n]] = mu[order[n]] - mu[order[n - 1]];
            }
            var minSigma = 1.0 / Math.Min(100.0, 1.0 + (n + 1));
            for (var i = 0; i <= n; i++) sigma[i] = Math.Min(1.0, Math.Max(minSigma, sigma[i]));
            sigma[n] = 1.0;
            return new Mixture(mu, sigma, w, kernels);
        }

        public double LogPdf(double x)
        {
            // A pooled buffer: this runs per candidate and kernel, and the log-sum-exp needs every term before summing.
            var t = System.Buffers.ArrayPool<double>.Shared.Rent(Mu.Length);
            try
            {
                for (var k = 0; k < Mu.Length; k++)
                {
                    var z = (x - Mu[k]) / Sigma[k];
                    t[k] = _logConst[k] - 0.5 * z * z;
                }
                return LogSumExp(t.AsSpan(0, Mu.Length));
            }
            finally
            {
                System.Buffers.ArrayPool<double>.Shared.Return(t);
            }
        }

        /// <summary>
        /// The widest cell of a wide knob (more than <see cref="TruncatedKernel.CachedLevels"/> levels, whose cell
        /// masses are not remembered) whose mass is its width times the density at its midpoint: a hundredth of the narrowest
        /// kernel's bandwidth. Across such a cell a kernel's z changes by at most 0.01, so the midpoint rule is off by
        /// about (Δz)²·|z² − 1|/24 ≤ 4.2e-6·(1 + z²) of the mass (relative), far below what the acquisition's ratios
        /// can tell apart, and it costs one exp per kernel where the exact mass costs two Erfc:
        /// on a knob of a million levels (an int with step 1 over 0..10⁶) every cell is that narrow, and the
        /// proposal spent four fifths of its time there.
        /// </summary>
        public double NarrowCell => _narrowCell ??= Sigma.Min() * 0.01;

        private double? _narrowCell;

        /// <summary>The mass of a level's cell.</summary>
        public double Mass(LevelAxis axis, long level)
        {
            var (shapes, shapeOf) = Shapes();
            var cell = new double[shapes.Length];
            for (var c = 0; c < cell.Length; c++) cell[c] = Math.Max(0, shapes[c].CellMass(axis, level));
            double m = 0;
            for (var k = 0; k < Mu.Length; k++) m += W[k] * cell[shapeOf[k]] / _kernel[k].Z;
            return m;
        }

        public double Sample(Random rng)
        {
            var k = Pick(W, rng);
            var kernel = _kernel[k];
            // Inverse CDF between the truncation points; clamped, since the tails can round to a bound.
            var p = kernel.LowCdf + rng.NextDouble() * (kernel.HighCdf - kernel.LowCdf);
            p = Math.Min(Math.Max(p, 1e-300), 1 - 1e-16);
            var x = Mu[k] + Sigma[k] * Constants.Sqrt2 * SpecialFunctions.ErfInv(2 * p - 1);
            if (!double.IsFinite(x)) x = Mu[k];
            return Math.Min(1.0, Math.Max(0.0, x));
        }
    }

    private sealed class Continuous(Mixture m) : ParzenEstimator
    {
        public override double LogDensity(double u) => m.LogPdf(u);

        public override double Sample(Random rng) => m.Sample(rng);
    }

    /// <summary>Ints and stepped floats: the kernels of the continuous case, a level weighing its cell's mass.</summary>
    /// <remarks>The acquisition asks for the same few levels over and over, so each level's mass is computed once.</remarks>
    private sealed class OrderedLevels(LevelAxis axis, Mixture m) : ParzenEstimator
    {
        private readonly Dictionary<long, double> _logMass = [];

        public override double LogDensity(double u)
        {
            var level = axis.LevelOf(u);
            if (_logMass.TryGetValue(level, out var logMass)) return logMass;
            var (a, b) = axis.Cell(level);
            logMass = axis.Levels() > TruncatedKernel.CachedLevels && b - a <= m.NarrowCell
                ? Math.Max(Math.Log(b - a) + m.LogPdf(0.5 * (a + b)), LogFloor)
                : Math.Log(Math.Max(m.Mass(axis, level), 1e-300));
            _logMass[level] = logMass;
            return logMass;
        }

        private static readonly double LogFloor = Math.Log(1e-300);

        public override double Sample(Random rng) => axis.Centre(axis.LevelOf(m.Sample(rng)));
    }

    /// <summary>
    /// Choices and bools: each observation a kernel with mass 1 on its level plus prior_weight/kernels on every level,
    /// normalised; the prior kernel uniform; kernels mixed with the observation weights (Optuna 3.1).
    /// </summary>
    private sealed class Categorical : ParzenEstimator
    {
        private readonly LevelAxis _axis;
        private readonly double[] _p;

        public Categorical(LevelAxis axis, IReadOnlyList<double> points, double[] obsWeights, TpeSettings s)
        {
            _axis = axis;
            var levels = (int)axis.Levels();
            var n = points.Count;
            var kernels = n + 1;
            var w = new double[kernels];
            Array.Copy(obsWeights, w, n);
            w[n] = s.PriorWeight;
            var total = w.Sum();
            var fill = s.PriorWeight / kernels;
            var rowSum = 1 + fill * levels;
            _p = new double[levels];
            for (var c = 0; c < levels; c++) _p[c] = w[n] / total / levels; // the prior row: uniform
            for (var i = 0; i < n; i++)
            {
                var level = (int)axis.LevelOf(points[i]);
                for (var c = 0; c < levels; c++) _p[c] += w[i] / total * ((c == level ? 1 : 0) + fill) / rowSum;
            }
        }

        public override double LogDensity(double u) => Math.Log(_p[(int)_axis.LevelOf(u)]);

        public override double Sample(Random rng) => _axis.Centre(Pick(_p, rng));
    }

    private static int Pick(double[] p, Random rng)
    {
        var r = rng.NextDouble() * p.Sum();
        for (var k = 0; k < p.Length; k++)
        {
            r -= p[k];
            if (r < 0) return k;
        }
        return p.Length - 1;
    }

    /// <summary>log Σ exp(t), summed in order from the largest term.</summary>
    internal static double LogSumExp(ReadOnlySpan<double> t)
    {
        var max = Max(t);
        if (double.IsNegativeInfinity(max)) return max;
        double s = 0;
        foreach (var v in t) s += Math.Exp(v - max);
        return max + Math.Log(s);
    }

    /// <summary>The largest of <paramref name="t"/> as Enumerable.Max has it: NaN only if all are NaN.</summary>
    private static double Max(ReadOnlySpan<double> t)
    {
        if (t.IsEmpty) throw new InvalidOperationException("no terms");
        var max = t[0];
        for (var i = 1; i < t.Length; i++)
            if (t[i] > max || double.IsNaN(max)) max = t[i];
        return max;
    }
}
