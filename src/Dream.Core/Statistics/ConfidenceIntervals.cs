using MathNet.Numerics.Distributions;

namespace Dream.Core.Statistics;

/// <summary>
/// Confidence intervals of a mean of trial values: none for n = 0; the value itself (method None) for n = 1;
/// Student-t, mean ± t(n−1)·s/√n, below <see cref="CiOptions.MinBootstrapN"/> or when the method is StudentT;
/// otherwise a bootstrap of the mean (BCa by default, or percentile) drawn from the stream (seed, stream name)
/// alone, read at the expanded level of <see cref="BootstrapInterval.ExpandedLevel"/> so that it does not
/// under-cover at moderate n. Failed trials are not part of the values: callers pass successful values only.
/// </summary>
public static class ConfidenceIntervals
{
    public static Interval? Mean(IReadOnlyList<double> xs, CiOptions options, long seed, string stream)
    {
        var n = xs.Count;
        if (n == 0) return null;
        var mean = Stats.Mean(xs); // also rejects NaN and infinities
        if (n == 1) return Interval.Point(mean);
        if (!options.Bootstraps(n)) return StudentT(mean, Stats.Stdev(xs) / Math.Sqrt(n), n - 1, options.Level);
        var replicates = ResampleMeans(xs, options.Resamples, RandomStreams.IndicesOf(seed, stream));
        var acceleration = BootstrapInterval.Acceleration([LeaveOneOutMeans(xs)]);
        var level = BootstrapInterval.ExpandedLevel(options.Level, n);
        return BootstrapInterval.Of(mean, replicates, acceleration, options.Method, level);
    }

    /// <summary>estimate ± t((1+level)/2, df)·se; a zero standard error gives the point itself.</summary>
    public static Interval StudentT(double estimate, double standardError, double df, double level)
    {
        if (standardError == 0) return new Interval(estimate, estimate, CiMethod.StudentT);
        var t = MathNet.Numerics.Distributions.StudentT.InvCDF(0, 1, df, (1 + level) / 2);
        return new Interval(estimate - t * standardError, estimate + t * standardError, CiMethod.StudentT);
    }

    internal static double[] ResampleMeans(IReadOnlyList<double> xs, int resamples, ResampleIndices rng)
    {
        var n = xs.Count;
        var values = xs as double[] ?? xs.ToArray();
        var means = new double[resamples];
        Span<int> picks = n <= 256 ? stackalloc int[n] : new int[n];
        for (var b = 0; b < resamples; b++)
        {
            rng.Fill(picks, n);
            var sum = 0.0;
            for (var i = 0; i < n; i++) sum += values[picks[i]];
            means[b] = sum / n;
        }
        return means;
    }

    internal static double[] LeaveOneOutMeans(IReadOnlyList<double> xs)
    {
        var n = xs.Count;
        var total = 0.0;
        foreach (var x in xs) total += x;
        var outMeans = new double[n];
        for (var i = 0; i < n; i++) outMeans[i] = (total - xs[i]) / (n - 1);
        return outMeans;
    }
}
