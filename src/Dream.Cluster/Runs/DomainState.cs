using Dream.Core.Domain;
using Dream.Core.Packs;
using Dream.Core.Scoring;
using Dream.Trials;
using ScoredCandidate = Dream.Core.Evolution.Scored;

namespace Dream.Cluster.Runs;

/// <summary>
/// What a DomainCoordinator knows, rebuilt from its events (or a snapshot). Mutable, but changed only by
/// <see cref="Apply"/>; actors outside the coordinator are handed copies, never these maps.
/// </summary>
public sealed class DomainState : IJournalEvent
{
    public const string Baseline = "baseline";

    /// <summary>Where the domain stands: each calls for one next step of the coordinator.</summary>
    public enum Stage
    {
        /// <summary>No Start yet.</summary>
        NotStarted,
        /// <summary>The baselines are not fixed yet.</summary>
        Baselines,
        /// <summary>No generation is open: the next is to be proposed, or the domain to be finished.</summary>
        Proposing,
        /// <summary>A generation's candidates are being measured.</summary>
        Measuring,
        /// <summary>Every candidate of the generation is assessed; its completion is to be recorded.</summary>
        Completing,
        Finished,
    }

    internal RunSpec? Run;
    internal string? Domain;
    internal Dictionary<string, Baseline>? Baselines;
    internal Dictionary<string, TrialResult> BaselineTrials = new();
    internal int Generation = -1;
    internal bool GenerationCompleted;
    internal List<Candidate> Candidates = new();
    internal List<IReadOnlyList<ScoredCandidate>> History = new();
    internal Dictionary<string, string> AssessedByGenome = new();
    internal Dictionary<string, CandidatePack> Packs = new();
    internal string? BestCandId;
    internal double? BestScore;
    internal long TrialsRecorded;
    /// <summary>Trials taken from the evidence cache (<see cref="DomainEvent.TrialsReused"/>): in no count of trials recorded.</summary>
    internal long TrialsReused;
    /// <summary>When the generation in progress was proposed: the moment its evidence is looked up and dated by.</summary>
    internal string? ProposedAtUtc;
    internal string? Finished;
    /// <summary>The bandit decisions of the generation in progress, in decision order (<see cref="DomainEvent.BanditChosen"/>).</summary>
    internal List<DomainEvent.BanditChosen> BanditChoices = new();

    /// <summary>One candidate of the generation in progress.</summary>
    public sealed class Candidate
    {
        internal string CandId;
        internal Genome Genome;
        internal Dictionary<string, TrialResult> Results = new();
        internal bool Assessed;
        internal double? Score;
        /// <summary>Set when a race dropped this candidate (its CandidateEliminated event).</summary>
        internal DomainEvent.CandidateEliminated? Elimination;
        /// <summary>The ids of its trials taken from the evidence cache, not measured by this run.</summary>
        internal HashSet<string> Reused = new(StringComparer.Ordinal);

        internal Candidate(string candId, Genome genome)
        {
            CandId = candId;
            Genome = genome;
        }
    }

    public bool Started => Run != null;

    internal RunSpec.DomainPlan Plan() => Run!.Plan(Domain!);

    public Stage Now
    {
        get
        {
            if (Run == null) return Stage.NotStarted;
            if (Finished != null) return Stage.Finished;
            if (Baselines == null) return Stage.Baselines;
            if (Generation < 0 || GenerationCompleted) return Stage.Proposing;
            return AllAssessed() ? Stage.Completing : Stage.Measuring;
        }
    }

    internal Candidate? CandidateOf(string candId) => Candidates.Find(c => c.CandId == candId);

    /// <summary>
    /// Dropped by a race of this generation, or an earlier candidate's eliminated evidence reused: it then ranks below
    /// every survivor and is never the best (<see cref="Dream.Core.Racing.RaceRanking"/>).
    /// </summary>
    internal bool IsEliminated(Candidate c) =>
        c.Elimination != null || (c.Assessed && Packs.TryGetValue(c.CandId, out var p) && p.Evidence is { Eliminated: true });

    internal bool AllAssessed() => Candidates.Count > 0 && Candidates.TrueForAll(c => c.Assessed);

    public static string CandId(int generation, int index) => "gen" + generation + "_c" + index;

    internal bool Recorded(string trialId)
    {
        var cand = TrialIds.CandOf(trialId);
        if (cand == Baseline) return BaselineTrials.ContainsKey(trialId);
        return CandidateOf(cand) is { } c && c.Results.ContainsKey(trialId);
    }

    public DomainState Apply(DomainEvent e)
    {
        switch (e)
        {
            case DomainEvent.Started s:
                Run = s.Run;
                Domain = s.Domain;
                break;
            case DomainEvent.BaselinesFixed b:
                Baselines = new Dictionary<string, Baseline>(b.Baselines);
                break;
            case DomainEvent.GenerationProposed g:
                if (Generation >= 0) History.Add(ScoredOfCurrent());
                Generation = g.Generation;
                GenerationCompleted = false;
                ProposedAtUtc = g.AtUtc;
                Candidates = g.Genomes.Select((genome, i) => new Candidate(CandId(g.Generation, i), genome)).ToList();
                BanditChoices = new();
                break;
            case DomainEvent.TrialsRecorded t:
                foreach (var r in t.Results)
                {
                    if (Recorded(r.TrialId)) continue;
                    var cand = TrialIds.CandOf(r.TrialId);
                    if (cand == Baseline) BaselineTrials[r.TrialId] = r;
                    else if (CandidateOf(cand) is { } c) c.Results[r.TrialId] = r;
                    else continue; // a late result of an earlier generation: counted there already
                    TrialsRecorded++;
                }
                break;
            case DomainEvent.TrialsReused u:
                foreach (var t in u.Trials)
                {
                    if (u.Generation != Generation || Recorded(t.Result.TrialId)) continue;
                    if (CandidateOf(TrialIds.CandOf(t.Result.TrialId)) is not { } c) continue;
                    c.Results[t.Result.TrialId] = t.Result;
                    c.Reused.Add(t.Result.TrialId);
                    TrialsReused++;
                }
                break;
            case DomainEvent.CandidateEliminated x:
                if (x.Generation == Generation && CandidateOf(x.CandId) is { } dropped) dropped.Elimination ??= x;
                break;
            case DomainEvent.BanditChosen b:
                // each decision once, in order: a decision sent again after a restart is already here
                if (b.Generation == Generation && b.Decision == BanditChoices.Count) BanditChoices.Add(b);
                break;
            case DomainEvent.CandidateAssessed a:
                var assessed = CandidateOf(a.CandId)
                    ?? throw new InvalidOperationException($"assessment of {a.CandId}, which generation {Generation} does not have");
                assessed.Assessed = true;
                assessed.Score = a.Score;
                Packs[a.CandId] = a.Pack;
                AssessedByGenome.TryAdd(assessed.Genome.Key(), a.CandId);
                if (a.Score is { } score && !IsEliminated(assessed) && (BestScore == null || score > BestScore))
                {
                    BestScore = score;
                    BestCandId = a.CandId;
                }
                break;
            case DomainEvent.GenerationCompleted:
                GenerationCompleted = true;
                break;
            case DomainEvent.Finished f:
                Finished = f.Outcome;
                break;
        }
        return this;
    }

    /// <summary>What selection sees of the current generation: after a race, the eliminated below the survivors.</summary>
    internal IReadOnlyList<ScoredCandidate> ScoredOfCurrent()
    {
        var scores = Dream.Core.Racing.RaceRanking.SelectionScores(Candidates.Select(c => (c.Score, IsEliminated(c))).ToList());
        return Candidates.Select((c, i) => new ScoredCandidate(c.Genome, scores[i])).ToList().AsReadOnly();
    }

    /// <summary>The scored history the strategy sees when proposing generation <c>Generation + 1</c>.</summary>
    internal IReadOnlyList<IReadOnlyList<ScoredCandidate>> HistoryIncludingCurrent()
    {
        var h = new List<IReadOnlyList<ScoredCandidate>>(History);
        if (Generation >= 0) h.Add(ScoredOfCurrent());
        return h;
    }

    /// <summary>A deep copy (through the journal's own form), for a snapshot that is written while the state moves on.</summary>
    internal DomainState Copy() => JournalJson.ReadDomainState(JournalJson.Parse(JournalJson.Bytes(w => JournalJson.Write(w, this))));
}
