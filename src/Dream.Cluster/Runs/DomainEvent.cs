using Dream.Core.Domain;
using Dream.Core.Packs;
using Dream.Core.Scoring;
using Dream.Trials;

namespace Dream.Cluster.Runs;

/// <summary>
/// The run history of one domain: the DomainCoordinator's journal, and the source of every output file. Each case
/// is stored by <see cref="JournalSerializer"/> under its own versioned manifest.
/// </summary>
public abstract record DomainEvent(string AtUtc) : IJournalEvent
{
    public sealed record Started(RunSpec Run, string Domain, string AtUtc) : DomainEvent(AtUtc);

    /// <summary>The baselines every candidate of this run is compared with, per regime; fixed once per run.</summary>
    public sealed record BaselinesFixed(
        IReadOnlyDictionary<string, Baseline> Baselines, IReadOnlyDictionary<string, BaselineRecord> Records, string AtUtc)
        : DomainEvent(AtUtc);

    public sealed record GenerationProposed(int Generation, IReadOnlyList<Genome> Genomes, string AtUtc) : DomainEvent(AtUtc);

    /// <summary>Final outcomes of trials, each trial id at most once in the whole journal.</summary>
    public sealed record TrialsRecorded(IReadOnlyList<TrialResult> Results, string AtUtc) : DomainEvent(AtUtc);

    /// <summary>
    /// The evidence cache's answer for a generation, journaled with its proposal (<see cref="EvidenceStore"/>): of the
    /// <see cref="LookedUp"/> trials of its candidates, those already measured younger than dream.evidence.max-age, each
    /// under this run's trial id (never measured again, and not counted as recorded by this run). Journaled, so a
    /// resumed run reuses exactly what it reused before.
    /// </summary>
    public sealed record TrialsReused(int Generation, int LookedUp, IReadOnlyList<ReusedTrial> Trials, string AtUtc) : DomainEvent(AtUtc);

    /// <summary>One reused trial: its outcome under this run's trial id, its content key, and the trial that measured it.</summary>
    public sealed record ReusedTrial(TrialResult Result, string Key, string SourceTrialId, string MeasuredAtUtc);

    /// <summary><see cref="ReusedFrom"/> names the candidate whose evidence was reused (an elite seen before), else null.</summary>
    public sealed record CandidateAssessed(
        int Generation, string CandId, CandidatePack Pack, double? Score, string? ReusedFrom, string AtUtc) : DomainEvent(AtUtc);

    /// <summary>
    /// A raced candidate dropped after block <see cref="Block"/> (0-based): by <see cref="Test"/> (paired-t-pocock, paired-t-holm in journals of earlier builds, with its
    /// <see cref="Statistic"/>, <see cref="PValue"/> and the best it was <see cref="ComparedWith"/>), or because a trial
    /// failed or broke a cap (then those three are null). Decided from recorded trials alone, so a replay decides it again.
    /// </summary>
    public sealed record CandidateEliminated(
        int Generation, string CandId, int Block, string Test, double? Statistic, double? PValue, string? ComparedWith, string AtUtc)
        : DomainEvent(AtUtc);

    /// <summary>
    /// A bandit's decision (<c>--allocation ucb|thompson|egreedy</c>): runner slot <see cref="Slot"/> measures
    /// <see cref="Block"/> (0-based, in the race's block order) of <see cref="CandId"/> next. Journaled before the trial is
    /// dispatched, so a resumed coordinator replays the decision instead of drawing it again; <see cref="Indexes"/> holds
    /// every open arm's index value at that moment, <see cref="Stream"/> the random stream drawn from (null for UCB).
    /// </summary>
    public sealed record BanditChosen(
        int Generation, string Strategy, int Decision, int Slot, string CandId, int Block, IReadOnlyDictionary<string, double> Indexes,
        IReadOnlyList<string> Alternatives, string? Stream, string AtUtc) : DomainEvent(AtUtc);

    public sealed record GenerationCompleted(
        int Generation, string? BestCandId, double? BestScore, IReadOnlyList<double>? BestScoreCi95, int Safe, int Evaluated,
        string AtUtc) : DomainEvent(AtUtc);

    /// <summary>
    /// An anomaly (<see cref="Anomalies"/>): <see cref="Kind"/> stall, node-failures or baseline-drift; <see cref="Subject"/>
    /// what it is about (the domain, a node, regime/KPI); <see cref="Value"/> against <see cref="Threshold"/> (stall: generations
    /// without improvement against K; node-failures: the node's failure rate against the other nodes'; baseline-drift: the
    /// move in half-widths of the previous baseline's 95% interval against 1). <see cref="Generation"/> is -1 for a baseline.
    /// </summary>
    public sealed record AnomalyDetected(
        int Generation, string Kind, string Subject, double Value, double Threshold, string Detail, string AtUtc) : DomainEvent(AtUtc);

    /// <summary>
    /// A population operator decision for <see cref="Generation"/>, journaled with the proposal it changed (runs with
    /// operators on): <see cref="Operator"/> diversify or specialize, the <see cref="Rule"/> that fired, how many proposals
    /// it replaced, and the gain in the best score so far it expects; the realised gain is read from the generation's
    /// completion (<see cref="Dream.Core.Evolution.PopulationOperators.RealisedGain"/>).
    /// </summary>
    public sealed record OperatorDecided(int Generation, string Operator, string Rule, int Count, double ExpectedGain, string AtUtc)
        : DomainEvent(AtUtc);

    /// <summary><see cref="Outcome"/>: "completed", or why the domain stopped early.</summary>
    public sealed record Finished(string Outcome, string? BestCandId, double? BestScore, string AtUtc) : DomainEvent(AtUtc);
}
