using Dream.Core.Domain;
using Dream.Core.Scoring;
using Dream.Trials;

namespace Dream.Cluster.Runs;

/// <summary>
/// Turns a candidate's recorded trial outcomes into per-regime evidence for the scorer. Values are ordered by trial
/// index, never by arrival, so a resumed run sees exactly what an uninterrupted one saw. Failed trials are
/// counted, never filled in.
/// </summary>
public static class Evidence
{
    /// <param name="partial">
    /// the candidate was eliminated by a race: a regime then needs as many successful trials as it was given (up to
    /// min_successful_trials), not as many as a full evaluation would have given it, so that it is scored on what it earned
    /// </param>
    public static IReadOnlyList<RegimeEvidence> Of(
        RunSpec.DomainPlan plan, IEnumerable<TrialResult> results, IReadOnlyDictionary<string, Baseline>? baselines,
        bool partial = false)
    {
        var all = results.ToList();
        var evidence = new List<RegimeEvidence>();
        foreach (var regime in plan.Regimes)
        {
            var mine = all.Where(r => TrialIds.RegimeOf(r.TrialId) == regime.Name).OrderBy(r => TrialIds.IndexOf(r.TrialId)).ToList();
            var kpis = new SortedDictionary<string, List<double>>(StringComparer.Ordinal);
            var unavailable = new SortedDictionary<string, string>(StringComparer.Ordinal);
            var breaches = new List<CapBreach>();
            int failed = 0, ok = 0;
            foreach (var r in mine)
            {
                foreach (var (k, why) in r.Unavailable) unavailable[k] = why;
                breaches.AddRange(r.CapBreaches);
                if (r.IsOk())
                {
                    ok++;
                    foreach (var (k, v) in r.Kpis)
                    {
                        if (!kpis.TryGetValue(k, out var list)) kpis[k] = list = new List<double>();
                        list.Add(v);
                    }
                }
                else if (r.IsFailure()) failed++;
            }
            foreach (var k in kpis.Keys) unavailable.Remove(k);
            // Too few successful trials cannot vouch for a candidate: it stays out of selection.
            var planned = partial ? Math.Max(1, Math.Min(plan.Execution.Trials, mine.Count)) : plan.Execution.Trials;
            var safe = breaches.Count == 0 && ok >= Math.Min(plan.Global.MinSuccessfulTrials, planned);
            var values = new Dictionary<string, IReadOnlyList<double>>();
            foreach (var (k, v) in kpis) values[k] = v.AsReadOnly();
            evidence.Add(new RegimeEvidence(regime.Name, regime.Weight, ok, failed, values,
                baselines != null && baselines.TryGetValue(regime.Name, out var b) ? b : null, safe, breaches.AsReadOnly(),
                new Dictionary<string, string>(unavailable)));
        }
        return evidence.AsReadOnly();
    }
}
