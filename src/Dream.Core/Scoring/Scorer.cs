using System.Globalization;
using Dream.Core.Domain;
using Dream.Core.Statistics;

namespace Dream.Core.Scoring;

/// <summary>
/// Assesses a candidate against the node's baseline (DESIGN.md section 4).
/// <para>Per regime, each KPI is taken as a fraction of its baseline mean: score_r = Σ_k sign_k·w_k·(m_k/b_k − 1),
/// sign +1 when higher is better and −1 when lower is better, weights from the domain file or, when it declares
/// none, perf 1.0, p95 0.2 and watts 0.1 on the KPIs with those roles. The overall score is the regime-weighted
/// mean of the regime scores; the baseline itself scores 0. A regime whose workload does not produce a KPI scores
/// without that term while the other regimes keep it; a KPI the node cannot measure at all drops its term
/// everywhere and is listed in kpis_unavailable (see <see cref="Availability"/>).</para>
/// <para>No score (null, and improves false, with the reason in notes) when the candidate is unsafe, when a regime
/// has no baseline, when a regime has no successful trial, or when a weighted regime has no measurable term.
/// improves_over_baseline requires the score interval's lower bound above 0 and no broken tolerance.</para>
/// </summary>
public static class Scorer
{
    /// <summary>The key of the regime-weighted mean among the regimes of aggregate means.</summary>
    public const string Overall = "overall";

    public static CandidateAssessment Assess(DomainSpec domain, Tolerance tolerance, IReadOnlyList<RegimeEvidence> regimes,
        CiOptions options, long seed, string candidateKey)
    {
        CheckRegimes(regimes);
        var kpiOrder = KpiOrder.Of(domain, regimes);
        var availability = Availability.Of(ScoreTerm.Of(domain), regimes, kpiOrder, domain.Kpis.Keys);
        var notes = new List<string>(availability.Notes);
        var safe = regimes.All(r => r.SafeWithoutBreaches());

        ScoreModel? model = null;
        if (!safe) notes.AddRange(UnsafeReasons(regimes));
        else if (WhyNotScorable(regimes, availability) is { } why) notes.Add(why);
        else model = ScoreModel.Of(availability, regimes);

        var perRegime = new List<RegimeAssessment>();
        for (var i = 0; i < regimes.Count; i++)
            perRegime.Add(RegimeSummary.Of(domain, regimes[i], kpiOrder, options, seed, candidateKey,
                model?.RegimeScore(i), availability.Lacking[i]));

        double? score = null;
        Interval? ci = null;
        IReadOnlyList<string> breaks = [];
        if (model is not null)
        {
            score = model.Point();
            var interval = ScoreInterval.Of(model, options, seed, candidateKey + "/score_v2");
            ci = interval.Interval;
            notes.AddRange(interval.Notes);
            var tol = ToleranceCheck.Check(domain, tolerance, regimes, availability.Unavailable.ToList());
            breaks = tol.Breaks;
            notes.AddRange(tol.Notes);
        }
        var improves = ci is not null && ci.Lo > 0 && breaks.Count == 0;
        return new CandidateAssessment(safe, score, ci, improves, perRegime,
            AggregateMeans(kpiOrder, regimes, perRegime), RiskProfile(kpiOrder, regimes), availability.Unavailable,
            breaks, notes);
    }

    private static void CheckRegimes(IReadOnlyList<RegimeEvidence>? regimes)
    {
        if (regimes is null || regimes.Count == 0) throw new ArgumentException("a candidate needs evidence from at least one regime");
        var seen = new HashSet<string>();
        foreach (var r in regimes)
        {
            if (r.Regime == Overall)
                throw new ArgumentException($"a regime cannot be named '{Overall}': that key holds the regime-weighted mean");
            if (!seen.Add(r.Regime)) throw new ArgumentException($"regime {r.Regime} appears twice in the evidence");
        }
    }

    private static string? WhyNotScorable(IReadOnlyList<RegimeEvidence> regimes, Availability availability)
    {
        foreach (var r in regimes)
        {
            if (r.Baseline is null) return $"no score: regime {r.Regime} has no baseline yet";
            if (!Availability.HasMeasurements(r)) return $"no score: regime {r.Regime} has no successful trial";
        }
        if (availability.Scored.Count == 0) return "no score: none of the score's KPIs can be measured here";
        if (regimes.Sum(r => r.Weight) <= 0) return "no score: every regime weight is 0";
        // A regime score of 0 would be made up: a weighted regime without a single term leaves no score at all.
        for (var i = 0; i < regimes.Count; i++)
            if (regimes[i].Weight > 0 && availability.ScoredIn[i].Count == 0)
                return $"no score: regime {regimes[i].Regime} has a value for none of the score's KPIs";
        return null;
    }

    private static IEnumerable<string> UnsafeReasons(IReadOnlyList<RegimeEvidence> regimes)
    {
        foreach (var r in regimes)
        {
            if (!r.Safe) yield return $"unsafe: regime {r.Regime} was judged unsafe";
            foreach (var b in r.CapBreaches)
                yield return $"unsafe: regime {r.Regime} trial {b.Trial}: {b.Kpi} = {Canonical.FormatDouble(b.Value)} broke the " +
                             $"{b.Bound} cap {Canonical.FormatDouble(b.Limit)} at {b.AtS.ToString("F1", CultureInfo.InvariantCulture)} s";
        }
    }

    /// <summary>{kpi → {regime → mean, "overall" → regime-weighted mean over the regimes that measured it}}.</summary>
    private static IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> AggregateMeans(
        IReadOnlyList<string> kpiOrder, IReadOnlyList<RegimeEvidence> regimes, IReadOnlyList<RegimeAssessment> perRegime)
    {
        var outMeans = new List<KeyValuePair<string, IReadOnlyDictionary<string, double>>>();
        foreach (var kpi in kpiOrder)
        {
            var byRegime = new List<KeyValuePair<string, double>>();
            var weighted = 0.0;
            var weights = 0.0;
            var plain = 0.0;
            for (var i = 0; i < regimes.Count; i++)
            {
                if (!perRegime[i].Means.TryGetValue(kpi, out var m)) continue;
                byRegime.Add(new(regimes[i].Regime, m));
                weighted += regimes[i].Weight * m;
                weights += regimes[i].Weight;
                plain += m;
            }
            if (byRegime.Count == 0) continue;
            // Regimes of weight 0 are outside the score, but a mean is still worth reporting: unweighted then.
            byRegime.Add(new(Overall, weights > 0 ? weighted / weights : plain / byRegime.Count));
            outMeans.Add(new(kpi, ValueMap<double>.Of(byRegime)));
        }
        return ValueMap<IReadOnlyDictionary<string, double>>.Of(outMeans);
    }

    /// <summary>The worst value seen over all regimes (the original kept only the last regime's, defect 12).</summary>
    private static IReadOnlyDictionary<string, double> RiskProfile(IReadOnlyList<string> kpiOrder, IReadOnlyList<RegimeEvidence> regimes)
    {
        var outMax = new List<KeyValuePair<string, double>>();
        foreach (var kpi in kpiOrder)
        {
            double? max = null;
            foreach (var r in regimes)
                foreach (var v in r.Values(kpi))
                    max = max is { } m ? Math.Max(m, v) : v;
            if (max is { } found) outMax.Add(new(kpi, found));
        }
        return ValueMap<double>.Of(outMax);
    }
}
