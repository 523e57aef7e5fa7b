using Dream.Core.Domain;
using Dream.Core.Statistics;

namespace Dream.Core.Scoring;

/// <summary>Per-regime statistics of a candidate: means, intervals, deltas to the baseline and p-values.</summary>
internal static class RegimeSummary
{
    /// <summary>
    /// Each KPI's interval gets its own random stream, (seed, "candidateKey/regime/kpi"), so that no two metrics
    /// share a resample sequence (the original used one fixed seed for all of them, defect 14).
    /// </summary>
    public static RegimeAssessment Of(DomainSpec domain, RegimeEvidence r, IReadOnlyList<string> kpiOrder, CiOptions options,
        long seed, string candidateKey, double? score, IReadOnlyDictionary<string, string> unavailable)
    {
        var means = new List<KeyValuePair<string, double>>();
        var ci = new List<KeyValuePair<string, Interval>>();
        var delta = r.Baseline is null ? null : new List<KeyValuePair<string, IReadOnlyList<double>>>();
        var p = new List<KeyValuePair<string, double>>();
        foreach (var kpi in kpiOrder)
        {
            var xs = r.Values(kpi);
            if (xs.Count == 0) continue;
            means.Add(new(kpi, Stats.Mean(xs)));
            if (ConfidenceIntervals.Mean(xs, options, seed, candidateKey + "/" + r.Regime + "/" + kpi) is { } interval)
                ci.Add(new(kpi, interval));
            if (r.Baseline is null || !r.Baseline.Means.TryGetValue(kpi, out var b)) continue;
            delta!.Add(new(kpi, xs.Select(x => x - b).ToList()));
            var bt = r.Baseline.Trials.TryGetValue(kpi, out var t) ? t : [];
            if (domain.Kpis.TryGetValue(kpi, out var declared) && WelchTest.PImproves(xs, bt, declared.Better) is { } pv)
                p.Add(new(kpi, pv));
        }
        return new RegimeAssessment(r.Regime, ValueMap<double>.Of(means), ValueMap<Interval>.Of(ci),
            Weakest(ci.Select(c => c.Value)), delta is null ? null : Frozen.Series(delta), score, ValueMap<double>.Of(p), unavailable);
    }

    /// <summary>One method per regime in the pack: the least trustworthy one among its intervals.</summary>
    public static CiMethod Weakest(IEnumerable<Interval> intervals)
    {
        CiMethod? weakest = null;
        foreach (var i in intervals)
            if (weakest is null || Rank(i.Method) < Rank(weakest.Value)) weakest = i.Method;
        return weakest ?? CiMethod.None;
    }

    private static int Rank(CiMethod m) => m switch
    {
        CiMethod.None => 0,
        CiMethod.StudentT => 1,
        CiMethod.Percentile => 2,
        CiMethod.Bca => 3,
        _ => throw new ArgumentOutOfRangeException(nameof(m)),
    };
}
