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

    /// <summary>
    /// The same HF7 q-quantile as <see cref="QuantileOfSorted"/> of the values sorted, found by selection in
    /// O(n) instead of a sort (two order statistics, the values reordered in place): a bootstrap reads two
    /// quantiles of thousands of replicates for every KPI of every candidate.
    /// </summary>
    internal static double QuantileSelect(double[] values, double q)
    {
        var n = values.Length;
        if (n == 1) return values[0];
        var h = (n - 1) * q;
        var lo = (int)Math.Floor(h);
        if (lo >= n - 1) return Select(values, n - 1);
        if (lo < 0) return Select(values, 0);
        var below = Select(values, lo);
        // after the selection everything right of lo is at least values[lo]: the next order statistic is their minimum
        var above = values[lo + 1];
        for (var i = lo + 2; i < n; i++)
            if (values[i] < above) above = values[i];
        return below + (h - lo) * (above - below);
    }

    /// <summary>The k-th smallest value (0-based); afterwards no value left of k is larger, none right of it smaller.</summary>
    private static double Select(double[] a, int k)
    {
        int left = 0, right = a.Length - 1;
        while (right > left)
        {
            // median of three against sorted or constant runs; Hoare's partition keeps equal values balanced
            var mid = left + (right - left) / 2;
            var pivot = Median(a[left], a[mid], a[right]);
            int i = left, j = right;
            while (i <= j)
            {
                while (a[i] < pivot) i++;
                while (a[j] > pivot) j--;
                if (i <= j)
                {
                    (a[i], a[j]) = (a[j], a[i]);
                    i++;
                    j--;
                }
            }
            if (k <= j) right = j;
            else if (k >= i) left = i;
            else return a[k];
        }
        return a[k];
    }

    private static double Median(double x, double y, double z) =>
        Math.Max(Math.Min(x, y), Math.Min(Math.Max(x, y), z));

    private static void RequireValues(IReadOnlyList<double>? xs)
    {
        if (xs is null || xs.Count == 0) throw new ArgumentException("no values: a statistic of nothing is undefined");
        foreach (var x in xs)
            if (!double.IsFinite(x))
                throw new ArgumentException($"non-finite value {x.ToString(CultureInfo.InvariantCulture)} among trial values");
    }
}
