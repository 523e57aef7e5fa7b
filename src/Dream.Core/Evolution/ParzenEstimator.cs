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
/// </remarks>
public abstract class ParzenEstimator
{
    private ParzenEstimator() { }

    /// <summary>The log density at <paramref name="u"/> (a discrete knob: the log mass of the level u is in).</summary>
    public abstract double LogDensity(double u);

    /// <summary>A coordinate drawn from the density (a discrete knob: the centre of the level drawn).</summary>
    public abstract double Sample(Random rng);

    public static ParzenEstimator For(IAxis axis, IReadOnlyList<double> points, TpeSettings settings)
    {
        foreach (var p in points) UnitInterval.Check(p);
        var weights = Weights(points.Count, settings);
        return axis switch
        {
            LevelAxis l when !l.Ordered || l.Levels() == 2 => new Categorical(l, points, weights, settings),
            LevelAxis l => new OrderedLevels(l, Mixture.Of(points, weights, settings)),
            _ => new Continuous(Mixture.Of(points, weights, settings)),
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
        public double[] Mu { get; }
        public double[] Sigma { get; }
        public double[] W { get; }
        private readonly double[] _logZ;
        private readonly double[] _lowCdf;
        private readonly double[] _highCdf;
        private readonly double[] _logConst;

        private Mixture(double[] mu, double[] sigma, double[] w)
        {
            Mu = mu;
            Sigma = sigma;
            W = w;
            _logZ = new double[mu.Length];
            _lowCdf = new double[mu.Length];
            _highCdf = new double[mu.Length];
            _logConst = new double[mu.Length];
            for (var k = 0; k < mu.Length; k++)
            {
                _lowCdf[k] = Phi((0 - mu[k]) / sigma[k]);
                _highCdf[k] = Phi((1 - mu[k]) / sigma[k]);
                _logZ[k] = Math.Log(Math.Max(_highCdf[k] - _lowCdf[k], 1e-300));
                _logConst[k] = Math.Log(w[k]) - Math.Log(sigma[k]) - 0.5 * Math.Log(2 * Math.PI) - _logZ[k];
            }
        }

        public static Mixture Of(IReadOnlyList<double> points, double[] obsWeights, TpeSettings s)
        {
            var n = points.Count;
            var mu = new double[n + 1];
            for (var i = 0; i < n; i++) mu[i] = points[i];
            mu[n] = 0.5;
            var w = new double[n + 1];
            Array.Copy(obsWeights, w, n);
            w[n] = s.PriorWeight;
            var total = w.Sum();
            for (var i = 0; i <= n; i++) w[i] /= total;

            // Bandwidths from the sorted centres, prior included; a stable order keeps equal centres reproducible.
            var order = Enumerable.Range(0, n + 1).OrderBy(i => mu[i]).ToArray();
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
            return new Mixture(mu, sigma, w);
        }

        public double LogPdf(double x)
        {
            var t = new double[Mu.Length];
            for (var k = 0; k < Mu.Length; k++)
            {
                var z = (x - Mu[k]) / Sigma[k];
                t[k] = _logConst[k] - 0.5 * z * z;
            }
            return LogSumExp(t);
        }

        /// <summary>The mass of [a, b].</summary>
        public double Mass(double a, double b)
        {
            double m = 0;
            for (var k = 0; k < Mu.Length; k++)
            {
                var p = Phi((b - Mu[k]) / Sigma[k]) - Phi((a - Mu[k]) / Sigma[k]);
                m += W[k] * Math.Max(0, p) / Math.Exp(_logZ[k]);
            }
            return m;
        }

        public double Sample(Random rng)
        {
            var k = Pick(W, rng);
            // Inverse CDF between the truncation points; clamped, since the tails can round to a bound.
            var p = _lowCdf[k] + rng.NextDouble() * (_highCdf[k] - _lowCdf[k]);
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
    private sealed class OrderedLevels(LevelAxis axis, Mixture m) : ParzenEstimator
    {
        public override double LogDensity(double u)
        {
            var (a, b) = axis.Cell(axis.LevelOf(u));
            return Math.Log(Math.Max(m.Mass(a, b), 1e-300));
        }

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

    private static double Phi(double z) => 0.5 * SpecialFunctions.Erfc(-z / Constants.Sqrt2);

    private static double LogSumExp(double[] t)
    {
        var max = t.Max();
        if (double.IsNegativeInfinity(max)) return max;
        double s = 0;
        foreach (var v in t) s += Math.Exp(v - max);
        return max + Math.Log(s);
    }
}
