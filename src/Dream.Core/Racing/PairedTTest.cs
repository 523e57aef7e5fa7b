using MathNet.Numerics.Distributions;

namespace Dream.Core.Racing;

/// <summary>
/// The paired t test of a candidate against the best on their per-block scores: d_j = best_j − candidate_j,
/// t = mean(d) / (sd(d) / √n) with n − 1 degrees of freedom, p two-sided. Two-sided because the best is chosen by
/// the same data: with two equal candidates, "the other is worse than the better-looking one" is a two-sided question.
/// </summary>
public static class PairedTTest
{
    public const string Name = "paired-t-holm";

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
        if (strata is null) return Of(best, candidate);
        if (strata.Count != best.Count || best.Count != candidate.Count) throw new ArgumentException("paired samples must have the same length");
        var byStratum = new SortedDictionary<int, List<double>>();
        for (var i = 0; i < best.Count; i++)
        {
            if (!byStratum.TryGetValue(strata[i], out var l)) byStratum[strata[i]] = l = new List<double>();
            l.Add(best[i] - candidate[i]);
        }
        // Until every regime measured has two blocks, the within-regime noise rests on too few degrees of freedom
        // (one, after R + 1 blocks): the plain test decides, on n − 1. The rule looks at the block count only, never
        // at the data, so each look is still one test at its level.
        if (byStratum.Values.Any(l => l.Count < 2)) return Of(best, candidate);
        var df = byStratum.Values.Sum(l => l.Count - 1);
        double d = 0, ss = 0, inverseN = 0;
        foreach (var l in byStratum.Values)
        {
            var m = l.Average();
            d += m;
            inverseN += 1.0 / l.Count;
            foreach (var x in l) ss += (x - m) * (x - m);
        }
        var r = byStratum.Count;
        d /= r;
        var se = Math.Sqrt(ss / df * inverseN) / r;
        if (!(se > 1e-12 * Math.Max(1, Math.Abs(d))))
            return d > 0 ? new Result(double.PositiveInfinity, 0, d) : new Result(0, 1, d);
        var t = d / se;
        var p = 2 * (1 - StudentT.CDF(0, 1, df, Math.Abs(t)));
        return new Result(t, Math.Clamp(p, 0, 1), d);
    }

    public static Result Of(IReadOnlyList<double> best, IReadOnlyList<double> candidate)
    {
        if (best.Count != candidate.Count) throw new ArgumentException("paired samples must have the same length");
        var n = best.Count;
        if (n < 2) throw new ArgumentException("a paired t test needs at least two blocks");
        var d = new double[n];
        for (var i = 0; i < n; i++) d[i] = best[i] - candidate[i];
        var mean = d.Average();
        var ss = 0.0;
        foreach (var x in d) ss += (x - mean) * (x - mean);
        var sd = Math.Sqrt(ss / (n - 1));
        // Identical differences on every block: no noise to weigh them against. Worse by the same amount every time is
        // as significant as it gets; no difference at all is no evidence.
        if (!(sd > 1e-12 * Math.Max(1, Math.Abs(mean))))
            return mean > 0 ? new Result(double.PositiveInfinity, 0, mean) : new Result(0, 1, mean);
        var t = mean / (sd / Math.Sqrt(n));
        var p = 2 * (1 - StudentT.CDF(0, 1, n - 1, Math.Abs(t)));
        return new Result(t, Math.Clamp(p, 0, 1), mean);
    }
}
