using Dream.Core.Domain;

namespace Dream.Core.Statistics;

/// <summary>
/// Welch's unequal-variance t-test of "the candidate is better than the baseline on this KPI", one-sided in
/// the KPI's better direction. Unequal variances because a changed configuration often changes the noise too
/// (e.g. a powersave governor makes latency both higher and more variable).
/// </summary>
public static class WelchTest
{
    /// <summary>
    /// The p-value of the null hypothesis "candidate is not better"; null when either side has fewer than two
    /// values (no variance estimate). When neither side has any spread the test is degenerate and the answer is
    /// certain: 0 if the candidate is strictly better, else 1.
    /// </summary>
    public static double? PImproves(IReadOnlyList<double> candidate, IReadOnlyList<double> baseline, Better better)
    {
        if (candidate.Count < 2 || baseline.Count < 2) return null;
        var diff = Stats.Mean(candidate) - Stats.Mean(baseline);
        var sc = Stats.Stdev(candidate);
        var sb = Stats.Stdev(baseline);
        if (sc == 0 && sb == 0)
        {
            var strictlyBetter = better == Better.Higher ? diff > 0 : diff < 0;
            return strictlyBetter ? 0.0 : 1.0;
        }
        var vc = sc * sc / candidate.Count;
        var vb = sb * sb / baseline.Count;
        var t = diff / Math.Sqrt(vc + vb);
        var df = (vc + vb) * (vc + vb) / (vc * vc / (candidate.Count - 1) + vb * vb / (baseline.Count - 1));
        var cdf = MathNet.Numerics.Distributions.StudentT.CDF(0, 1, df, t);
        // P(T >= t) for "greater", P(T <= t) for "less"; the upper tail through the symmetric lower one keeps precision
        return better == Better.Higher ? MathNet.Numerics.Distributions.StudentT.CDF(0, 1, df, -t) : cdf;
    }
}
