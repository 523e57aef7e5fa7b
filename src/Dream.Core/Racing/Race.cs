using MathNet.Numerics.Distributions;

namespace Dream.Core.Racing;

/// <summary>
/// The race of one generation, F-race style, as a pure function of the recorded block outcomes: the same outcomes
/// give the same eliminations however often, and after whatever crash, it is replayed.
/// <para>Blocks are taken in <see cref="Block.Order"/>; a block is decided only once every survivor has its outcome.
/// A failed or cap-breached trial eliminates its candidate at once. From the first-test block on, after every block,
/// each survivor is compared with the best (highest mean block score so far) by a paired t test
/// (<see cref="PairedTTest"/>) and the survivors significantly worse are eliminated, smallest p first, never below
/// the floor. Once every survivor has the evidence that scores it (the blocks <c>enough</c> names), the race ends when
/// there is nothing left for a test to decide: when the survivors are down to the floor, or when the tests to come are
/// futile, no survivor having even <see cref="FutilityPower"/> predictive power of being separated from the best by the
/// test after the race's last block (<see cref="Futile"/>). Candidates as good as each other then stop once they have
/// <c>enough</c> blocks instead of running every block to refine scores no test can tell apart.</para>
/// <para>Why paired t: with the first test after one block per regime there are only a few blocks, and Wilcoxon's
/// exact p-value cannot go below 2/2ⁿ (0.125 for four blocks), so it could never eliminate early; Friedman's ranks
/// throw away how much worse a candidate is, which is what score_v2 measures. The block scores are sums of KPI
/// ratios, close enough to normal for t.</para>
/// <para>The error rate is per comparison, spent over the looks (<see cref="Pocock.LevelAt"/>): the first look at half
/// of α, every later look at Pocock's constant nominal level for the other half, so a candidate as good as the best is eliminated, at some look
/// of the race, in at most α = 1 − confidence of the races. There is no correction over the survivors: the question a
/// race answers is, for each candidate, "is it worse than the best?", and the guarantee that matters is that a
/// candidate as good as the best (above all the true best itself) is dropped no more often than α; a family-wise
/// rate over twenty comparisons would protect the claim "none of these is as good as the best", which selection
/// never uses, at the price of keeping nearly every candidate to the end.</para>
/// </summary>
public static class Race
{
    public const string Failed = "failed";
    public const string CapBreach = "cap-breach";

    /// <summary>Where the race stands. <see cref="NextBlock"/> is the first block not yet decided (Blocks when complete);
    /// <see cref="Waiting"/>, the survivors whose outcome of that block is not recorded yet.</summary>
    public sealed record Standing(IReadOnlyList<string> Survivors, IReadOnlyList<Elimination> Eliminations, int NextBlock,
        IReadOnlyList<string> Waiting, bool Complete);

    /// <param name="candidates">the racers, in candidate order (which breaks ties)</param>
    /// <param name="blocks">how many blocks the race has (regimes × trials)</param>
    /// <param name="regimes">how many regimes (for the default first test)</param>
    /// <param name="outcome">a racer's recorded outcome of a block, or null while it is not recorded</param>
    /// <param name="floor">the fewest survivors a test may leave (at least 1)</param>
    /// <param name="enough">the blocks after which a survivor's evidence scores it (min_successful_trials per regime):
    /// once the survivors have that many blocks, the race ends if they are down to the floor (no test can drop
    /// another) or if the remaining blocks are futile (<see cref="Futile"/>: in all likelihood no test would drop
    /// another), since further blocks would only refine scores that the race cannot separate; null: the race runs
    /// every block, down to the floor or not</param>
    public static Standing Run(IReadOnlyList<string> candidates, int blocks, int regimes, Func<string, int, BlockOutcome?> outcome,
        RaceSettings settings, int floor, int? enough = null)
    {
        floor = Math.Max(1, floor);
        var survivors = new List<string>(candidates);
        var eliminations = new List<Elimination>();
        var scores = candidates.ToDictionary(c => c, _ => new List<double>());
        var firstTest = FirstTest(settings, regimes, blocks);
        // Blocks follow Block.Order: block b is in regime b mod R.
        var strata = Enumerable.Range(0, blocks).Select(b => b % Math.Max(1, regimes)).ToList();
        var alpha = 1 - settings.Confidence;
        for (var b = 0; b < blocks; b++)
        {
            var outcomes = new Dictionary<string, BlockOutcome>();
            var waiting = new List<string>();
            foreach (var c in survivors)
            {
                if (outcome(c, b) is { } o) outcomes[c] = o;
                else waiting.Add(c);
            }
            if (waiting.Count > 0) return new Standing(survivors.AsReadOnly(), eliminations.AsReadOnly(), b, waiting.AsReadOnly(), false);
            foreach (var c in survivors.ToList())
            {
                switch (outcomes[c])
                {
                    case BlockOutcome.Failed f:
                        survivors.Remove(c);
                        eliminations.Add(new Elimination(c, b, f.Why, null, null, null));
                        break;
                    case BlockOutcome.Scored s:
                        scores[c].Add(s.Score);
                        break;
                }
            }
            if (b + 1 >= firstTest && survivors.Count > floor)
            {
                foreach (var e in Test(survivors, scores, strata.GetRange(0, b + 1),
                             Pocock.LevelAt(b + 1, firstTest, blocks, alpha), survivors.Count - floor, b))
                {
                    survivors.Remove(e.CandId);
                    eliminations.Add(e);
                }
            }
            if (enough is { } e0 && b + 1 >= e0 && b + 1 < blocks
                && (survivors.Count <= floor || (b + 1 >= firstTest && Futile(survivors, scores, strata, b + 1, blocks, firstTest, alpha))))
                return new Standing(survivors.AsReadOnly(), eliminations.AsReadOnly(), b + 1, [], true);
        }
        return new Standing(survivors.AsReadOnly(), eliminations.AsReadOnly(), blocks, [], true);
    }

    /// <summary>The blocks measured before the race's first test (never fewer than two: a t on one difference decides nothing).</summary>
    public static int FirstTest(RaceSettings settings, int regimes, int blocks) => Math.Max(2, settings.FirstTestFor(regimes, blocks));

    /// <summary>
    /// The blocks up to which every survivor of <paramref name="standing"/> will be measured, whatever the outcomes
    /// (short of a failure, which eliminates at once): once the survivors are down to the floor, up to
    /// <paramref name="enough"/> (or the last block), since no test runs there and the race ends there; before the first
    /// test, up to it, since nothing is tested before it; otherwise just the next block. Measuring those blocks at once rather than one by one decides nothing differently
    /// and keeps the runners busy while a block's stragglers finish.
    /// </summary>
    public static int SureUntil(Standing standing, int blocks, int regimes, RaceSettings settings, int floor, int? enough)
    {
        if (standing.Complete) return standing.NextBlock;
        var next = standing.NextBlock;
        if (standing.Survivors.Count <= Math.Max(1, floor)) return enough is { } e ? Math.Min(Math.Max(e, next + 1), blocks) : blocks;
        var firstTest = FirstTest(settings, regimes, blocks);
        // a race may have fewer blocks than its first test needs (one regime, one trial): it then just runs them all
        return Math.Min(blocks, next < firstTest ? firstTest : next + 1);
    }

    /// <summary>The best survivor (highest mean block score, the first in candidate order on a tie) and each other
    /// survivor's comparison with it: t, its degrees of freedom and the mean difference D = best − candidate.</summary>
    private static (string Best, List<(string CandId, double T, int Df, double D)> Others) Compare(List<string> survivors,
        Dictionary<string, List<double>> scores, List<int> strata)
    {
        var best = survivors[0];
        var bestMean = scores[best].Average();
        foreach (var c in survivors)
        {
            var m = scores[c].Average();
            if (m > bestMean)
            {
                best = c;
                bestMean = m;
            }
        }
        var stratified = Stratifiable(strata);
        var pooled = stratified ? null : PooledResidual(survivors, scores);
        var pooledStrata = stratified ? PooledStratifiedResidual(survivors, scores, strata) : null;
        var others = new List<(string, double, int, double)>(survivors.Count - 1);
        foreach (var c in survivors)
        {
            if (c == best) continue;
            var (t, df, d) = pooled is { } pr ? Pooled(scores[best], scores[c], pr)
                : pooledStrata is { } ps ? PooledStratified(scores[best], scores[c], strata, ps)
                : PairedTTest.Statistic(scores[best], scores[c], strata);
            others.Add((c, t, df, d));
        }
        return (best, others);
    }

    private static IEnumerable<Elimination> Test(List<string> survivors, Dictionary<string, List<double>> scores, List<int> strata,
        double alpha, int capacity, int block)
    {
        var (best, others) = Compare(survivors, scores, strata);
        var rejected = new List<(string CandId, PairedTTest.Result Result)>();
        foreach (var (c, t, df, d) in others)
        {
            // Only a t beyond the critical value can be significant; its p-value decides (and is recorded), so the
            // decision is p ≤ level exactly, whatever the rounding of the critical t.
            if (!(d > 0) || (df > 0 && t < Critical(df, alpha) * (1 - 1e-9))) continue;
            var r = PairedTTest.WithP(t, df, d);
            if (r.PValue <= alpha) rejected.Add((c, r));
        }
        return rejected.OrderBy(x => x.Result.PValue).ThenBy(x => survivors.IndexOf(x.CandId)).Take(capacity)
            .Select(x => new Elimination(x.CandId, block, PairedTTest.Name, x.Result.Statistic, x.Result.PValue, best)).ToList();
    }

    /// <summary>
    /// The predictive power below which a race stops for futility (<see cref="Futile"/>): the chance, given what the
    /// blocks so far show, that the test after the last block would still separate some survivor from the best.
    /// 0.2 is the usual threshold of futility stopping in group-sequential trials (0.1 to 0.2).
    /// </summary>
    public const double FutilityPower = 0.2;

    /// <summary>
    /// Stochastic curtailment for futility with predictive power (Spiegelhalter, Freedman and Blackburn 1986; Jennison
    /// and Turnbull 2000, ch. 10): after <paramref name="measured"/> blocks, each survivor's statistic against the best
    /// is a B-value B(τ) = t·√τ at information fraction τ; with a flat prior on the drift θ (posterior N(B(τ)/τ, 1/τ)),
    /// the statistic after the last block is B(1) ~ N(t/√τ, (1 − τ)/τ), and its predictive power is the probability
    /// that |B(1)| passes the last look's critical value (normal, Pocock's level), either way. When no comparison has
    /// <see cref="FutilityPower"/>, the remaining blocks would, in all likelihood, drop no one and only refine the
    /// scores of candidates the race cannot tell apart: it stops. Predictive power, not conditional power on the
    /// current trend, since the trend after a third of the blocks is too uncertain to extrapolate as if known.
    /// Stopping for futility only takes away chances to reject, so a candidate as good as the best is still
    /// eliminated in at most α of the races.
    /// </summary>
    private static bool Futile(List<string> survivors, Dictionary<string, List<double>> scores, List<int> allStrata, int measured,
        int blocks, int firstTest, double alpha)
    {
        var tau = InformationFraction(allStrata, measured);
        if (!(tau > 0 && tau < 1)) return false;
        var (_, others) = Compare(survivors, scores, allStrata.GetRange(0, measured));
        var c = Normal.InvCDF(0, 1, 1 - Pocock.LevelAt(blocks, firstTest, blocks, alpha) / 2);
        var sd = Math.Sqrt((1 - tau) / tau);
        foreach (var (_, t, _, _) in others)
        {
            if (!double.IsFinite(t)) return false;
            var mean = t / Math.Sqrt(tau);
            var power = 1 - Normal.CDF(0, 1, (c - mean) / sd) + Normal.CDF(0, 1, (-c - mean) / sd);
            if (power >= FutilityPower) return false;
        }
        return true;
    }

    /// <summary>
    /// The information of a comparison after <paramref name="measured"/> blocks as a share of the whole race's: with
    /// the regimes as strata Var(D) ∝ Σ(1/n_r), so (Σ 1/N_r) / (Σ 1/n_r); before, n / N.
    /// </summary>
    private static double InformationFraction(List<int> strata, int measured)
    {
        var regimes = strata.Max() + 1;
        var now = new int[regimes];
        var all = new int[regimes];
        for (var b = 0; b < strata.Count; b++)
        {
            all[strata[b]]++;
            if (b < measured) now[strata[b]]++;
        }
        if (now.Any(n => n < 2)) return (double)measured / strata.Count;
        return all.Sum(n => 1.0 / n) / now.Sum(n => 1.0 / n);
    }

    /// <summary>Whether every regime measured has two blocks, so that the stratified paired t applies.</summary>
    private static bool Stratifiable(List<int> strata)
    {
        var counts = new Dictionary<int, int>();
        foreach (var r in strata) counts[r] = counts.GetValueOrDefault(r) + 1;
        return counts.Values.All(n => n >= 2);
    }

    /// <summary>
    /// Before the regimes can be strata, the noise of a comparison is taken from all the survivors of the look: the
    /// residual of the two-way layout (survivor × block), s² = ΣΣ(y − ȳ_c − ȳ_b + ȳ)² / ((k − 1)(n − 1)). A pair on
    /// its own has n − 1 degrees of freedom, three after one block per regime, and a t on three df decides almost
    /// nothing; the survivors together have (k − 1)(n − 1). The residual also holds how differently candidates fare
    /// per regime, which only makes the test more cautious.
    /// </summary>
    private static (double S2, int Df)? PooledResidual(List<string> survivors, Dictionary<string, List<double>> scores)
    {
        var k = survivors.Count;
        var n = scores[survivors[0]].Count;
        if (k < 3 || n < 2) return null;
        var rowMean = survivors.Select(c => scores[c].Average()).ToArray();
        var colMean = new double[n];
        foreach (var c in survivors)
            for (var b = 0; b < n; b++) colMean[b] += scores[c][b] / k;
        var grand = rowMean.Average();
        var ss = 0.0;
        for (var i = 0; i < k; i++)
            for (var b = 0; b < n; b++)
            {
                var e = scores[survivors[i]][b] - rowMean[i] - colMean[b] + grand;
                ss += e * e;
            }
        var df = (k - 1) * (n - 1);
        return (ss / df, df);
    }

    /// <summary>
    /// Once the regimes are strata, the same pooling over the survivors, within regimes: the residual of survivor ×
    /// block with each survivor's own mean per regime, s² = ΣΣ(y − ȳ_cr − ȳ_b + ȳ_r)² / ((k − 1)Σ(n_r − 1)). How
    /// differently a candidate fares per regime is left out of the noise, as in the stratified pair
    /// (<see cref="PairedTTest"/>), but the noise is estimated from every survivor: the pair alone has Σ(n_r − 1)
    /// degrees of freedom (four at two trials of four regimes), and a t on four df at a later look's level decides
    /// almost nothing. Assumes, as the pooling before it does, that candidates' trials are about equally noisy.
    /// </summary>
    private static (double S2, int Df, double[] InverseN, int Regimes)? PooledStratifiedResidual(List<string> survivors,
        Dictionary<string, List<double>> scores, List<int> strata)
    {
        var k = survivors.Count;
        var n = strata.Count;
        if (k < 3) return null;
        var regimes = strata.Max() + 1;
        var count = new int[regimes];
        foreach (var r in strata) count[r]++;
        var blockMean = new double[n];
        foreach (var c in survivors)
            for (var b = 0; b < n; b++) blockMean[b] += scores[c][b] / k;
        var regimeMean = new double[regimes];
        for (var b = 0; b < n; b++) regimeMean[strata[b]] += blockMean[b] / count[strata[b]];
        var ss = 0.0;
        var cellMean = new double[regimes];
        foreach (var c in survivors)
        {
            Array.Clear(cellMean);
            for (var b = 0; b < n; b++) cellMean[strata[b]] += scores[c][b] / count[strata[b]];
            for (var b = 0; b < n; b++)
            {
                var e = scores[c][b] - cellMean[strata[b]] - blockMean[b] + regimeMean[strata[b]];
                ss += e * e;
            }
        }
        var df = 0;
        var inverseN = new double[regimes];
        var measured = 0;
        for (var r = 0; r < regimes; r++)
        {
            if (count[r] == 0) continue;
            measured++;
            df += (k - 1) * (count[r] - 1);
            inverseN[r] = 1.0 / count[r];
        }
        return df > 0 ? (ss / df, df, inverseN, measured) : null;
    }

    /// <summary>D = mean over the regimes of the pair's mean difference; Var(D) = 2s²·Σ(1/n_r)/R².</summary>
    private static (double T, int Df, double D) PooledStratified(List<double> best, List<double> candidate, List<int> strata,
        (double S2, int Df, double[] InverseN, int Regimes) pooled)
    {
        var sum = new double[pooled.InverseN.Length];
        for (var i = 0; i < best.Count; i++) sum[strata[i]] += best[i] - candidate[i];
        double d = 0, inverseN = 0;
        for (var r = 0; r < sum.Length; r++)
        {
            if (pooled.InverseN[r] == 0) continue;
            d += sum[r] * pooled.InverseN[r];
            inverseN += pooled.InverseN[r];
        }
        d /= pooled.Regimes;
        return PairedTTest.Finish(d, Math.Sqrt(2 * pooled.S2 * inverseN) / pooled.Regimes, pooled.Df);
    }

    private static (double T, int Df, double D) Pooled(List<double> best, List<double> candidate, (double S2, int Df) pooled)
    {
        var n = best.Count;
        var d = 0.0;
        for (var i = 0; i < n; i++) d += best[i] - candidate[i];
        d /= n;
        return PairedTTest.Finish(d, Math.Sqrt(2 * pooled.S2 / n), pooled.Df);
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(int, double), double> Criticals = new();

    /// <summary>The two-sided critical t at <paramref name="level"/> on <paramref name="df"/> degrees of freedom.</summary>
    private static double Critical(int df, double level) =>
        Criticals.GetOrAdd((df, level), k => StudentT.InvCDF(0, 1, k.Item1, 1 - k.Item2 / 2));
}
