using Dream.Core.Domain;
using Dream.Trials;

namespace Dream.Cluster.Runs;

/// <summary>
/// What a coordinator asks of the evidence cache and gives it, as pure functions of the journaled state: the trials a
/// proposed generation would measure (looked up before any is dispatched), the reuse event built from the cache's
/// answer, and the entries a completed generation adds.
/// </summary>
public static class EvidenceCache
{
    /// <summary>The default of <c>dream.evidence.max-age</c>, as for baselines.</summary>
    public static readonly TimeSpan DefaultMaxAge = TimeSpan.FromDays(7);

    public const string MaxAgeSetting = "dream.evidence.max-age";

    /// <summary>One trial a generation plans: whose, which, and its content key.</summary>
    public sealed record Planned(string TrialId, string Key);

    /// <summary>
    /// Every (regime × trial) of every candidate of the proposed generation that still needs evidence, in candidate,
    /// regime and trial order; the candidates assessed in the proposal (elites seen before) need none.
    /// </summary>
    public static IReadOnlyList<Planned> Plan(RunSpec run, string domain, DomainEvent.GenerationProposed proposed,
        IReadOnlySet<string> assessed)
    {
        var plan = run.Plan(domain);
        var planned = new List<Planned>();
        for (var i = 0; i < proposed.Genomes.Count; i++)
        {
            var candId = DomainState.CandId(proposed.Generation, i);
            if (assessed.Contains(candId)) continue;
            foreach (var regime in plan.Regimes)
                for (var k = 0; k < plan.Execution.Trials; k++)
                    planned.Add(new Planned(TrialIds.Of(run.RunId, domain, candId, regime.Name, k),
                        TrialKey.Of(run, plan, proposed.Genomes[i], regime, k)));
        }
        return planned;
    }

    /// <summary>The cache's hits as this run's trials, in the planned order.</summary>
    public static DomainEvent.TrialsReused Reused(int generation, IReadOnlyList<Planned> planned,
        IReadOnlyDictionary<string, EvidenceStore.Entry> hits, string atUtc)
    {
        var trials = new List<DomainEvent.ReusedTrial>();
        foreach (var p in planned)
        {
            if (!hits.TryGetValue(p.Key, out var e) || !Reusable(e.Result)) continue;
            trials.Add(new DomainEvent.ReusedTrial(e.Result with { TrialId = p.TrialId }, p.Key, e.Result.TrialId, e.MeasuredAtUtc));
        }
        return new DomainEvent.TrialsReused(generation, planned.Count, trials.AsReadOnly(), atUtc);
    }

    /// <summary>
    /// A measurement of the candidate (or a cap it broke) is evidence; a failed or timed-out trial says more about the
    /// moment than about the candidate, so it is measured again rather than reused.
    /// </summary>
    public static bool Reusable(TrialResult r) => r.IsOk() || r.IsBreach();

    /// <summary>
    /// The trials of the generation in progress that this run measured itself (not reused), as cache entries dated by
    /// the generation's proposal (never later than their measurement).
    /// </summary>
    public static IReadOnlyList<EvidenceStore.Entry> Entries(DomainState s)
    {
        var run = s.Run!;
        var domain = s.Domain!;
        var plan = run.Plan(domain);
        var regimes = plan.Regimes.ToDictionary(r => r.Name);
        var at = s.ProposedAtUtc ?? DomainCoordinator.Now();
        var entries = new List<EvidenceStore.Entry>();
        foreach (var c in s.Candidates)
        {
            foreach (var (id, r) in c.Results.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                if (c.Reused.Contains(id) || !Reusable(r) || !regimes.TryGetValue(TrialIds.RegimeOf(id), out var regime)) continue;
                entries.Add(new EvidenceStore.Entry(TrialKey.Of(run, plan, c.Genome, regime, TrialIds.IndexOf(id)), r, at));
            }
        }
        return entries.AsReadOnly();
    }
}
