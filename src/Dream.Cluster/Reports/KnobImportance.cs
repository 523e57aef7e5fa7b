using System.Globalization;

namespace Dream.Cluster.Reports;

/// <summary>
/// How much of the spread of the score each knob explains on its own: the first-order (main-effect) variance share
/// of fANOVA on the simplest model there is, a piecewise-constant function of one knob. For each knob the scored
/// candidates are grouped by its value (a categorical knob by category; a numeric knob by value when it has at
/// most <see cref="MaxBins"/> distinct values, else into that many equal-count bins of its sorted values, equal
/// values always in one bin) and the share is the bias-corrected correlation ratio, omega squared:
/// <c>(SS_between − (k − 1)·MS_within) / (SS_total + MS_within)</c>, clamped at 0. Uncorrected, the share
/// (eta squared) of a knob that does nothing grows with its number of groups by chance alone; corrected, its
/// expectation is about 0. Interactions are not attributed (the shares need not add up to 1), and knobs that the
/// search moved together share credit: a ranking to look at, not a causal claim.
/// </summary>
public static class KnobImportance
{
    public const int MaxBins = 5;

    /// <summary>One scored candidate: its knob values (long, double, string or bool) and its score.</summary>
    public sealed record Sample(IReadOnlyDictionary<string, object> Knobs, double Score);

    /// <summary>
    /// <see cref="Share"/>: omega squared in [0, 1], null when there are too few candidates for it (fewer than two
    /// groups, or no more candidates than groups). <see cref="EtaSquared"/>: the uncorrected share.
    /// </summary>
    public sealed record Entry(string Knob, double? Share, double? EtaSquared, int Groups, int Samples);

    /// <summary>
    /// The knobs, most important first (knobs without a share last, ties by name). <paramref name="categorical"/>
    /// names the knobs to group by category whatever their values look like.
    /// </summary>
    public static IReadOnlyList<Entry> Rank(IReadOnlyList<Sample> samples, IReadOnlyList<string> knobs, ISet<string> categorical)
    {
        var entries = knobs.Select(k => Of(samples, k, categorical.Contains(k))).ToList();
        return entries
            .OrderByDescending(e => e.Share ?? double.NegativeInfinity)
            .ThenBy(e => e.Knob, StringComparer.Ordinal)
            .ToList();
    }

    private static Entry Of(IReadOnlyList<Sample> all, string knob, bool categorical)
    {
        var samples = all.Where(s => s.Knobs.ContainsKey(knob) && double.IsFinite(s.Score)).ToList();
        int n = samples.Count;
        var groups = Groups(samples, knob, categorical);
        int k = groups.Count;
        if (k < 2 || n <= k) return new Entry(knob, null, null, k, n);
        double mean = samples.Average(s => s.Score);
        double ssTotal = samples.Sum(s => (s.Score - mean) * (s.Score - mean));
        double ssBetween = groups.Sum(g =>
        {
            var m = g.Average(s => s.Score);
            return g.Count * (m - mean) * (m - mean);
        });
        if (ssTotal <= 0) return new Entry(knob, 0, 0, k, n); // every score equal: no knob explains anything
        double msWithin = (ssTotal - ssBetween) / (n - k);
        double omega = (ssBetween - (k - 1) * msWithin) / (ssTotal + msWithin);
        return new Entry(knob, Math.Clamp(omega, 0, 1), ssBetween / ssTotal, k, n);
    }

    private static List<List<Sample>> Groups(List<Sample> samples, string knob, bool categorical)
    {
        var numeric = !categorical && samples.All(s => s.Knobs[knob] is long or int or double or float);
        if (!numeric)
            return samples.GroupBy(s => Text(s.Knobs[knob]), StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => g.ToList()).ToList();
        var byValue = samples.GroupBy(s => Convert.ToDouble(s.Knobs[knob], CultureInfo.InvariantCulture))
            .OrderBy(g => g.Key).Select(g => g.ToList()).ToList();
        if (byValue.Count <= MaxBins) return byValue;
        // Equal-count bins over the sorted values; a value's candidates all go to the bin where its first one falls.
        var bins = Enumerable.Range(0, MaxBins).Select(_ => new List<Sample>()).ToList();
        int seen = 0;
        foreach (var g in byValue)
        {
            bins[Math.Min(MaxBins - 1, seen * MaxBins / samples.Count)].AddRange(g);
            seen += g.Count;
        }
        return bins.Where(b => b.Count > 0).ToList();
    }

    private static string Text(object v) => v switch
    {
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => v.ToString() ?? "",
    };
}
