using System.Globalization;
using Dream.Cluster.Runs;
using Dream.Core.Packs;
using Dream.Trials;

namespace Dream.Cluster.Reports;

/// <summary>
/// What the figures of <c>dream report --html</c> are drawn from: a projection of the domain journals kept in memory
/// (the run, each domain's baselines, every assessed candidate, every generation's best and every recorded trial).
/// Fed like <see cref="RunFiles"/>, event by event in journal order; it never writes. Thread-safe: the domains'
/// streams feed it concurrently.
/// </summary>
public sealed class RunHistory
{
    private readonly object _lock = new();
    private readonly SortedDictionary<string, Domain> _domains = new(StringComparer.Ordinal);

    public RunSpec? Run { get; private set; }

    /// <summary>One recorded trial. <see cref="RecordedAtUtc"/> is when its outcome reached the journal (the batch's time).</summary>
    public sealed record Trial(string TrialId, string CandId, string Regime, TrialOutcome Outcome, string Node, double DurationS,
        int CapBreaches, DateTimeOffset RecordedAtUtc)
    {
        public bool IsBaseline => CandId == "baseline";
    }

    public sealed record Candidate(int Generation, string CandId, CandidatePack Pack, double? Score, string? ReusedFrom);

    /// <summary>A raced candidate dropped after block <see cref="Block"/> (0-based) by <see cref="Test"/>.</summary>
    public sealed record Elimination(int Generation, string CandId, int Block, string Test);

    /// <summary>One domain's history, in journal order.</summary>
    public sealed class Domain
    {
        public string Name { get; }
        public IReadOnlyDictionary<string, BaselineRecord> Baselines { get; internal set; } = new Dictionary<string, BaselineRecord>();
        public List<Candidate> Candidates { get; } = new();
        public List<DomainEvent.GenerationCompleted> Generations { get; } = new();
        public List<Trial> Trials { get; } = new();
        public List<Elimination> Eliminations { get; } = new();
        /// <summary>Stalls, nodes failing more than others and drifted baselines, as the coordinator recorded them.</summary>
        public List<DomainEvent.AnomalyDetected> Anomalies { get; } = new();
        /// <summary>Population operator decisions (runs with --operators), in the order journaled.</summary>
        public List<DomainEvent.OperatorDecided> Operators { get; } = new();
        public string? Finished { get; internal set; }

        public Domain(string name) => Name = name;

        /// <summary>
        /// The winner: the best safe candidate over all generations, the one best.json names (the first generation's
        /// best wins a tie, as in <see cref="RunFiles"/>).
        /// </summary>
        public Candidate? Winner()
        {
            DomainEvent.GenerationCompleted? best = null;
            foreach (var g in Generations)
                if (g.BestCandId is not null && g.BestScore is { } s && (best?.BestScore is not { } b || s > b)) best = g;
            return best is null ? null : Candidates.LastOrDefault(c => c.CandId == best.BestCandId);
        }

        internal Domain Copy()
        {
            var d = new Domain(Name) { Baselines = Baselines, Finished = Finished };
            d.Candidates.AddRange(Candidates);
            d.Generations.AddRange(Generations);
            d.Trials.AddRange(Trials);
            d.Eliminations.AddRange(Eliminations);
            d.Anomalies.AddRange(Anomalies);
            d.Operators.AddRange(Operators);
            return d;
        }
    }

    /// <summary>A copy of every domain's history so far.</summary>
    public IReadOnlyDictionary<string, Domain> Domains()
    {
        lock (_lock) return _domains.ToDictionary(kv => kv.Key, kv => kv.Value.Copy());
    }

    public void OnEvent(string domain, DomainEvent e)
    {
        lock (_lock)
        {
            if (!_domains.TryGetValue(domain, out var d)) _domains[domain] = d = new Domain(domain);
            switch (e)
            {
                case DomainEvent.Started s:
                    Run = s.Run;
                    break;
                case DomainEvent.BaselinesFixed b:
                    d.Baselines = b.Records.Values.ToDictionary(r => r.Regime, r => r, StringComparer.Ordinal);
                    break;
                case DomainEvent.TrialsRecorded t:
                    var at = Parse(t.AtUtc);
                    foreach (var r in t.Results)
                        d.Trials.Add(new Trial(r.TrialId, TrialIds.CandOf(r.TrialId), TrialIds.RegimeOf(r.TrialId), r.Outcome, r.Node,
                            r.DurationS, r.CapBreaches.Count, at));
                    break;
                case DomainEvent.CandidateAssessed a:
                    d.Candidates.Add(new Candidate(a.Generation, a.CandId, a.Pack, a.Score, a.ReusedFrom));
                    break;
                case DomainEvent.GenerationCompleted g:
                    d.Generations.Add(g);
                    break;
                case DomainEvent.CandidateEliminated x:
                    d.Eliminations.Add(new Elimination(x.Generation, x.CandId, x.Block, x.Test));
                    break;
                case DomainEvent.AnomalyDetected a:
                    d.Anomalies.Add(a);
                    break;
                case DomainEvent.OperatorDecided o:
                    d.Operators.Add(o);
                    break;
                case DomainEvent.Finished f:
                    d.Finished = f.Outcome;
                    break;
            }
        }
    }

    private static DateTimeOffset Parse(string utc) =>
        DateTimeOffset.Parse(utc, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}
