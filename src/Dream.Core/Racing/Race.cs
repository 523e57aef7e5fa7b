namespace Dream.Core.Racing;

/// <summary>
/// The race of one generation, F-race style, as a pure function of the recorded block outcomes: the same outcomes
/// give the same eliminations however often, and after whatever crash, it is replayed.
/// <para>Blocks are taken in <see cref="Block.Order"/>; a block is decided only once every survivor has its outcome.
/// A failed or cap-breached trial eliminates its candidate at once. From the first-test block on, after every block,
/// each survivor is compared with the best (highest mean block score so far) by a paired t test
/// (<see cref="PairedTTest"/>) and the survivors significantly worse are eliminated, Holm-corrected over the
/// comparisons of that test, smallest p first, never below the floor.</para>
/// <para>Why paired t with Holm: with the first test after one block per regime there are only a few blocks, and
/// Wilcoxon's exact p-value cannot go below 2/2ⁿ (0.125 for four blocks), so it could never eliminate early;
/// Friedman's ranks throw away how much worse a candidate is, which is what score_v2 measures. The block scores are
/// sums of KPI ratios, close enough to normal for t.</para>
/// <para>The error rate is per race: each look is tested at α / L, with α = 1 − confidence and L the number of looks
/// the race can take (blocks − first test + 1), so by Bonferroni over the looks and Holm within each, a candidate
/// as good as the best is eliminated in at most α of the races.</para>
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
    public static Standing Run(IReadOnlyList<string> candidates, int blocks, int regimes, Func<string, int, BlockOutcome?> outcome,
        RaceSettings settings, int floor)
    {
        floor = Math.Max(1, floor);
        var survivors = new List<string>(candidates);
        var eliminations = new List<Elimination>();
        var scores = candidates.ToDictionary(c => c, _ => new List<double>());
        var firstTest = Math.Max(2, settings.FirstTestFor(regimes, blocks));
        // Blocks follow Block.Order: block b is in regime b mod R.
        var strata = Enumerable.Range(0, blocks).Select(b => b % Math.Max(1, regimes)).ToList();
        var looks = Math.Max(1, blocks - firstTest + 1);
        var alpha = (1 - settings.Confidence) / looks;
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
            if (b + 1 < firstTest || survivors.Count <= floor) continue;
            foreach (var e in Test(survivors, scores, strata.Take(b + 1).ToList(), alpha, survivors.Count - floor, b))
            {
                survivors.Remove(e.CandId);
                eliminations.Add(e);
            }
        }
        return new Standing(survivors.AsReadOnly(), eliminations.AsReadOnly(), blocks, [], true);
    }

    private static IEnumerable<Elimination> Test(List<string> survivors, Dictionary<string, List<double>> scores, IReadOnlyList<int> strata,
        double alpha, int capacity, int block)
    {
        var best = survivors[0];
        foreach (var c in survivors)
            if (scores[c].Average() > scores[best].Average()) best = c;
        var others = survivors.Where(c => c != best).ToList();
        var results = others.Select(c => PairedTTest.Of(scores[best], scores[c], strata)).ToList();
        var rejected = Holm.Rejected(results.Select(r => r.PValue).ToList(), alpha);
        return rejected.Where(i => results[i].MeanDifference > 0).Take(capacity)
            .Select(i => new Elimination(others[i], block, PairedTTest.Name, results[i].Statistic, results[i].PValue, best)).ToList();
    }
}
