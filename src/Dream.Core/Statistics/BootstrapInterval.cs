using MathNet.Numerics.Distributions;

namespace Dream.Core.Statistics;

/// <summary>
/// Turns bootstrap replicates of a statistic into an interval: percentile or BCa. The resampling itself is the
/// caller's (one sample for a mean, strata of trials for a score), so that both share one implementation of
/// the interval arithmetic.
/// </summary>
public static class BootstrapInterval
{
    /// <summary>
    /// The nominal level at which to read a bootstrap distribution built from samples of n values so that the
    /// interval has about the width of a t interval: Hesterberg's "expanded" bootstrap (Hesterberg 2015). A
    /// bootstrap distribution of a mean is narrower than the sampling distribution by √((n−1)/n) and has normal
    /// rather than t tails; reading it at Φ(√(n/(n−1))·t(n−1)) instead of Φ(z) undoes both. It tends to the
    /// nominal level as n grows.
    /// </summary>
    public static double ExpandedLevel(double level, int n)
    {
        if (n < 2) throw new ArgumentException($"expansion needs n >= 2, got {n}");
        var t = StudentT.InvCDF(0, 1, n - 1, (1 + level) / 2);
        return 2 * Normal.CDF(0, 1, Math.Sqrt(n / (n - 1.0)) * t) - 1;
    }

    /// <summary>BCa or percentile as <paramref name="method"/> says. <paramref name="replicates"/> is reordered in place.</summary>
    public static Interval Of(double estimate, double[] replicates, double acceleration, CiMethod method, double level)
    {
        if (!method.IsBootstrap()) throw new ArgumentException($"{method.ToWire()} is not a bootstrap method");
        return method == CiMethod.Percentile
            ? Percentile(replicates, level)
            : Bca(estimate, replicates, acceleration, level);
    }

    /// <summary>The (1−level)/2 and (1+level)/2 quantiles of the replicates (reordered in place).</summary>
    public static Interval Percentile(double[] replicates, double level)
    {
        var tail = (1 - level) / 2;
        return Bounded(replicates, tail, 1 - tail, CiMethod.Percentile);
    }

    /// <summary>
    /// Efron's BCa: the percentile levels are shifted by the median bias z0 of the replicates and stretched by
    /// the acceleration (estimated from the jackknife), which corrects both bias and skewness.
    /// </summary>
    public static Interval Bca(double estimate, double[] replicates, double acceleration, double level)
    {
        var z0 = BiasCorrection(estimate, replicates);
        var tail = (1 - level) / 2;
        var zLo = Normal.InvCDF(0, 1, tail);
        var zHi = -zLo;
        var aLo = AdjustedLevel(z0, zLo, acceleration, 0.0);
        var aHi = AdjustedLevel(z0, zHi, acceleration, 1.0);
        return Bounded(replicates, aLo, aHi, CiMethod.Bca);
    }

    /// <summary>
    /// z0 = Φ⁻¹(share of replicates below the estimate). Ties count half, so that discrete data do not bias z0;
    /// the share is kept within half a replicate of 0 and 1 so that z0 stays finite.
    /// </summary>
    internal static double BiasCorrection(double estimate, double[] replicates)
    {
        var below = 0;
        var equal = 0;
        foreach (var r in replicates)
        {
            if (r < estimate) below++;
            else if (r == estimate) equal++;
        }
        double b = replicates.Length;
        var share = (below + 0.5 * equal) / b;
        share = Math.Min(Math.Max(share, 0.5 / b), 1 - 0.5 / b);
        return Normal.InvCDF(0, 1, share);
    }

    /// <summary>
    /// Φ(z0 + (z0 + z) / (1 − a(z0 + z))). Past the pole of that map the formula flips sign; its limit there is
    /// the end of the bootstrap distribution, which <paramref name="limit"/> gives.
    /// </summary>
    private static double AdjustedLevel(double z0, double z, double a, double limit)
    {
        var denominator = 1 - a * (z0 + z);
        if (denominator <= 0) return limit;
        return Normal.CDF(0, 1, z0 + (z0 + z) / denominator);
    }

    /// <summary>
    /// The acceleration from jackknife (leave-one-out) estimates, one array per independent sample. With U the
    /// influence of an observation, a = Σ(U/n)³ / (6 (Σ(U/n)²)^{3/2}) summed over every sample (Efron &amp;
    /// Tibshirani 1993, 14.15); for one sample of a mean this is the sample skewness / (6√n). A sample of one
    /// observation has no jackknife and adds nothing.
    /// </summary>
    public static double Acceleration(IEnumerable<double[]> jackknifeBySample)
    {
        var cubes = 0.0;
        var squares = 0.0;
        foreach (var leaveOneOut in jackknifeBySample)
        {
            var n = leaveOneOut.Length;
            if (n < 2) continue;
            var centre = leaveOneOut.Average();
            foreach (var t in leaveOneOut)
            {
                var u = (n - 1) * (centre - t) / n;
                cubes += u * u * u;
                squares += u * u;
            }
        }
        if (squares == 0) return 0;
        return cubes / (6 * Math.Pow(squares, 1.5));
    }

    private static Interval Bounded(double[] replicates, double qLo, double qHi, CiMethod method)
    {
        var lo = Stats.QuantileSelect(replicates, qLo);
        var hi = Stats.QuantileSelect(replicates, qHi);
        return new Interval(lo, Math.Max(lo, hi), method);
    }
}
