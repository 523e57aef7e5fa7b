using MathNet.Numerics.Distributions;

namespace Dream.Core.Racing;

/// <summary>
/// The paired t test of a candidate against the best on their per-block scores: d_j = best_j − candidate_j,
/// t = mean(d) / (sd(d) / √n) with n − 1 degrees of freedom, p two-sided. Two-sided because the best is chosen by
/// the same data: with two equal candidates, "the other is worse than the better-looking one" is a two-sided question.
/// </summary>
public static class PairedTTest
{
    public const string Name = "paired-t-pocock";

    public sealed record Result(double Statistic, double PValue, double MeanDifference);

    /// <summary>
    /// With <paramref name="strata"/> (the regime of each block), once every regime has two blocks or more: the
    /// regimes are fixed strata, as they are in score_v2 (a weighted mean over these regimes, not a sample of
    /// regimes), so the difference is D = mean over the regimes measured of their mean d, and its variance comes
    /// from the trial-to-trial noise within regimes alone, pooled: s² = ΣΣ(d − d̄_r)² / Σ(n_r − 1) on Σ(n_r − 1) df,
    /// Var(D) = s²·Σ(1/n_r)/R². How differently a candidate fares in two regimes is then no longer taken for
    /// noise. Before that, or without strata, the plain paired t over the blocks.
    /// </summary>
    public static Result Of(IReadOnlyList<double> best, IReadOnlyList<double> candidate, IReadOnlyList<int>? strata)
    {
        var (t, df, d) = Statistic(best, candidate, strata);
        return WithP(t, df, d);
    }

    public static Result Of(IReadOnlyList<double> best, IReadOnlyList<double> candidate) => Of(best, candidate, null);

    /// <summary>The result of a statistic: p two-sided on <paramref name="df"/> degrees of freedom (0 for an infinite t, 1 for no difference).</summary>
    public static Result WithP(double t, int df, double d)
    {
        if (double.IsPositiveInfinity(t)) return new Result(t, 0, d);
        if (t == 0 && df == 0) return new Result(0, 1, d);
        var p = 2 * (1 - StudentT.CDF(0, 1, df, Math.Abs(t)));
        return new Result(t, Math.Clamp(p, 0, 1), d);
    }

    /// <summary>
    /// t, its degrees of freedom and the mean difference D, without the p-value (which costs an incomplete beta
    /// function; a race computes it only for the comparisons its critical t lets through). Identical differences on
    /// every block: no noise to weigh them against; worse by the same amount every time is t = +∞ (p 0), no
    /// difference at all is t = 0 on 0 df (p 1).
    /// </summary>
    public static (double T, int Df, double D) Statistic(IReadOnlyList<double> best, IReadOnlyList<double> candidate, IReadOnlyList<int>? strata)
    {
        if (best.Count != candidate.Count || (strata is not null && strata.Count != best.Count))
            throw new ArgumentException("paired samples must have the same length");
        var n = best.Count;
        if (n < 2) throw new ArgumentException("a paired t test needs at least two blocks");
        if (strata is not null && Stratified(best, candidate, strata) is { } stratified) return stratified;
        var mean = 0.0;
        for (var i = 0; i < n; i++) mean += best[i] - candidate[i];
        mean /= n;
        var ss = 0.0;
        for (var i = 0; i < n; i++)
        {
            var x = best[i] - candidate[i] - mean;
            ss += x * x;
        }
        var sd = Math.Sqrt(ss / (n - 1));
        return Finish(mean, sd / Math.Sqrt(n), n - 1);
    }

    /// <summary>t = d / se on <paramref name="df"/> degrees of freedom; with no noise to weigh d against, +∞ if d > 0, else no difference (0 on 0 df).</summary>
    internal static (double T, int Df, double D) Finish(double d, double se, int df)
    {
        if (!(se > 1e-12 * Math.Max(1, Math.Abs(d)))) return d > 0 ? (double.PositiveInfinity, df, d) : (0, 0, d);
        return (d / se, df, d);
    }

    /// <summary>The stratified statistic, or null until every regime measured has two blocks (the rule looks at block counts only, never at the data).</summary>
    private static (double, int, double)? Stratified(IReadOnlyList<double> best, IReadOnlyList<double> candidate, IReadOnlyList<int> strata)
    {
        var max = 0;
        for (var i = 0; i < strata.Count; i++) max = Math.Max(max, strata[i]);
        Span<int> count = max < 64 ? stackalloc int[max + 1] : new int[max + 1];
        Span<double> sum = max < 64 ? stackalloc double[max + 1] : new double[max + 1];
        count.Clear();
        sum.Clear();
        for (var i = 0; i < best.Count; i++)
        {
            count[strata[i]]++;
            sum[strata[i]] += best[i] - candidate[i];
        }
        int r = 0, df = 0;
        double d = 0, inverseN = 0;
        for (var k = 0; k <= max; k++)
        {
            if (count[k] == 0) continue;
            if (count[k] < 2) return null;
            r++;
            df += count[k] - 1;
            d += sum[k] / count[k];
            inverseN += 1.0 / count[k];
        }
        var ss = 0.0;
        for (var i = 0; i < best.Count; i++)
        {
            var x = best[i] - candidate[i] - sum[strata[i]] / count[strata[i]];
            ss += x * x;
        }
        d /= r;
        return Finish(d, Math.Sqrt(ss / df * inverseN) / r, df);
    }
}
