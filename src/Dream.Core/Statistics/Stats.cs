using System.Globalization;

namespace Dream.Core.Statistics;

/// <summary>
/// Descriptive statistics of trial values. Empty input is an error rather than 0 or NaN: a missing measurement
/// must never turn into a number (the original filled failed trials with 0.0).
/// </summary>
public static class Stats
{
    public static double Mean(IReadOnlyList<double> xs)
    {
        RequireValues(xs);
        // two-pass mean: the second pass corrects the rounding of the sum, as commons-statistics does
        var sum = 0.0;
        foreach (var x in xs) sum += x;
        var m = sum / xs.Count;
        var correction = 0.0;
        foreach (var x in xs) correction += x - m;
        return m + correction / xs.Count;
    }

    /// <summary>Sample standard deviation (divisor n − 1); 0 for a single value.</summary>
    public static double Stdev(IReadOnlyList<double> xs)
    {
        var m = Mean(xs);
        if (xs.Count == 1) return 0;
        var ss = 0.0;
        var s = 0.0;
        foreach (var x in xs)
        {
            var d = x - m;
            ss += d * d;
            s += d;
        }
        // corrected two-pass algorithm: the second term removes the rounding error of the mean
        var variance = (ss - s * s / xs.Count) / (xs.Count - 1);
        return Math.Sqrt(Math.Max(variance, 0));
    }

    public static double Max(IReadOnlyList<double> xs)
    {
        RequireValues(xs);
        var max = double.NegativeInfinity;
        foreach (var x in xs) max = Math.Max(max, x);
        return max;
    }

    /// <summary>The p-th percentile, p in [0, 100], by linear interpolation between order statistics
    /// (Hyndman–Fan 7: numpy's and fio's convention). The input is not reordered.</summary>
    public static double Percentile(IReadOnlyList<double> xs, double p)
    {
        RequireValues(xs);
        if (!(p >= 0 && p <= 100))
            throw new ArgumentException($"percentile must be in [0, 100], got {p.ToString(CultureInfo.InvariantCulture)}");
        var sorted = xs.ToArray();
        Array.Sort(sorted);
        return QuantileOfSorted(sorted, p / 100.0);
    }

    /// <summary>The HF7 q-quantile (q in [0, 1]) of values already sorted ascending.</summary>
    internal static double QuantileOfSorted(double[] sorted, double q)
    {
        var n = sorted.Length;
        if (n == 1) return sorted[0];
        var h = (n - 1) * q;
        var lo = (int)Math.Floor(h);
        if (lo >= n - 1) return sorted[n - 1];
        if (lo < 0) return sorted[0];
        var frac = h - lo;
        return sorted[lo] + frac * (sorted[lo + 1] - sorted[lo]);
    }

    private static void RequireValues(IReadOnlyList<double>? xs)
    {
        if (xs is null || xs.Count == 0) throw new ArgumentException("no values: a statistic of nothing is undefined");
        foreach (var x in xs)
            if (!double.IsFinite(x))
                throw new ArgumentException($"non-finite value {x.ToString(CultureInfo.InvariantCulture)} among trial values");
    }
}
