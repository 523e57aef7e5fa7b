using Dream.Core.Domain;

namespace Dream.Core.Scoring;

/// <summary>
/// What each regime lacks, what the node as a whole cannot measure, and which score terms are computed in which
/// regime. Nothing is ever filled in.
/// <para>A regime lacks a KPI when its evidence lists it as unavailable, or when it has measurements but no value
/// for a KPI that is expected there. When the regime's baseline has no value for that KPI either, the lack is the
/// regime's own (its workload does not produce the KPI): the term is dropped in that regime only.</para>
/// <para>A KPI is unavailable on the node (its term dropped in every regime) when no regime measured it, or when a
/// regime lacks it although that regime's baseline measured it: then the candidate's trials lost it, and scoring
/// that regime without the term would reward a candidate for losing a measurement. A term is also dropped
/// everywhere when a baseline has no positive mean for a KPI the candidate measured there.</para>
/// </summary>
/// <param name="Scored">the terms computed in at least one regime</param>
/// <param name="ScoredIn">per regime (evidence order), the KPIs of the terms computed there</param>
/// <param name="Lacking">per regime, KPI (or knob:&lt;name&gt; held at stock) → why the regime has no value for it</param>
/// <param name="Unavailable">the KPIs this node cannot measure at all (kpis_unavailable)</param>
internal sealed record Availability(
    IReadOnlyList<ScoreTerm> Scored,
    IReadOnlyList<IReadOnlySet<string>> ScoredIn,
    IReadOnlyList<IReadOnlyDictionary<string, string>> Lacking,
    IReadOnlyList<string> Unavailable,
    IReadOnlyList<string> Notes)
{
    public const string NoValue = "no value in any successful trial";

    public static Availability Of(IReadOnlyList<ScoreTerm> terms, IReadOnlyList<RegimeEvidence> regimes,
        IReadOnlyList<string> kpiOrder, IEnumerable<string> declaredKpis)
    {
        var declared = declaredKpis.ToHashSet();
        var notes = new List<string>();
        var lacking = regimes.Select(r => new SortedDictionary<string, string>(
            r.Unavailable.ToDictionary(p => p.Key, p => p.Value), StringComparer.Ordinal)).ToList();
        var unavailable = new List<string>();
        foreach (var kpi in kpiOrder)
        {
            var lackedSomewhere = false;
            string? candidateLost = null;
            for (var i = 0; i < regimes.Count; i++)
            {
                var r = regimes[i];
                r.Unavailable.TryGetValue(kpi, out var reason);
                if (reason is null && HasMeasurements(r) && r.Values(kpi).Count == 0 && IsExpected(kpi, declared, r, regimes))
                {
                    reason = NoValue;
                    lacking[i][kpi] = reason;
                }
                if (reason is null) continue;
                lackedSomewhere = true;
                notes.Add($"{kpi} unavailable in regime {r.Regime}: {reason}");
                if (candidateLost is null && BaselineMean(r, kpi) is not null) candidateLost = r.Regime;
            }
            if (!lackedSomewhere) continue;
            if (regimes.All(r => r.Values(kpi).Count == 0)) Add(unavailable, kpi);
            else if (candidateLost is not null)
            {
                Add(unavailable, kpi);
                notes.Add($"{kpi} counts as unavailable on this node: the baseline of regime {candidateLost}" +
                          " measured it but the candidate's trials there did not");
            }
        }

        var scored = new List<ScoreTerm>();
        var scoredIn = regimes.Select(_ => new List<string>()).ToList();
        foreach (var t in terms)
        {
            if (unavailable.Contains(t.Kpi))
            {
                notes.Add($"score term {t.Kpi} dropped: this node cannot measure it");
                continue;
            }
            var baselineProblem = BaselineProblem(t.Kpi, regimes);
            if (baselineProblem is not null)
            {
                notes.Add($"score term {t.Kpi} dropped: {baselineProblem}");
                continue;
            }
            var anywhere = false;
            for (var i = 0; i < regimes.Count; i++)
            {
                var r = regimes[i];
                if (r.Values(t.Kpi).Count > 0)
                {
                    if (!scoredIn[i].Contains(t.Kpi)) scoredIn[i].Add(t.Kpi);
                    anywhere = true;
                }
                else if (lacking[i].TryGetValue(t.Kpi, out var why))
                {
                    notes.Add($"score term {t.Kpi} dropped in regime {r.Regime} only: neither the candidate nor" +
                              $" the baseline has a value for it there ({why})");
                }
            }
            if (anywhere) scored.Add(t);
            else notes.Add($"score term {t.Kpi} dropped: no regime has a value for it");
        }
        return new Availability(scored,
            scoredIn.Select(s => (IReadOnlySet<string>)s.ToHashSet()).ToList(),
            lacking.Select(m => (IReadOnlyDictionary<string, string>)ValueMap<string>.Of(m)).ToList(),
            unavailable, notes);
    }

    public static bool HasMeasurements(RegimeEvidence r) => r.Kpis.Values.Any(v => v.Count > 0);

    private static void Add(List<string> set, string kpi)
    {
        if (!set.Contains(kpi)) set.Add(kpi);
    }

    /// <summary>
    /// A KPI is expected in a regime when the domain declares it or another regime measured it; an undeclared KPI
    /// that only some other trial reported is not a gap of this one.
    /// </summary>
    private static bool IsExpected(string kpi, HashSet<string> declared, RegimeEvidence r, IReadOnlyList<RegimeEvidence> regimes) =>
        declared.Contains(kpi) || regimes.Any(o => !ReferenceEquals(o, r) && o.Values(kpi).Count > 0);

    private static double? BaselineMean(RegimeEvidence r, string kpi) =>
        r.Baseline is not null && r.Baseline.Means.TryGetValue(kpi, out var m) ? m : null;

    /// <summary>Only regimes where the candidate measured the KPI need a baseline mean for it.</summary>
    private static string? BaselineProblem(string kpi, IReadOnlyList<RegimeEvidence> regimes)
    {
        foreach (var r in regimes)
        {
            if (r.Baseline is null || r.Values(kpi).Count == 0) continue;
            if (!r.Baseline.Means.TryGetValue(kpi, out var b)) return $"the baseline of regime {r.Regime} has no value for it";
            if (!(b > 0)) return $"the baseline of regime {r.Regime} is {Canonical.FormatDouble(b)}, so a ratio to it means nothing";
        }
        return null;
    }
}
