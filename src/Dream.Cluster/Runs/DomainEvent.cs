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

    /// <summary><see cref="ReusedFrom"/> names the candidate whose evidence was reused (an elite seen before), else null.</summary>
    public sealed record CandidateAssessed(
        int Generation, string CandId, CandidatePack Pack, double? Score, string? ReusedFrom, string AtUtc) : DomainEvent(AtUtc);

    /// <summary>
    /// A raced candidate dropped after block <see cref="Block"/> (0-based): by <see cref="Test"/> (paired-t-holm, with its
    /// <see cref="Statistic"/>, <see cref="PValue"/> and the best it was <see cref="ComparedWith"/>), or because a trial
    /// failed or broke a cap (then those three are null). Decided from recorded trials alone, so a replay decides it again.
    /// </summary>
    public sealed record CandidateEliminated(
        int Generation, string CandId, int Block, string Test, double? Statistic, double? PValue, string? ComparedWith, string AtUtc)
        : DomainEvent(AtUtc);

    public sealed record GenerationCompleted(
        int Generation, string? BestCandId, double? BestScore, IReadOnlyList<double>? BestScoreCi95, int Safe, int Evaluated,
        string AtUtc) : DomainEvent(AtUtc);

    /// <summary><see cref="Outcome"/>: "completed", or why the domain stopped early.</summary>
    public sealed record Finished(string Outcome, string? BestCandId, double? BestScore, string AtUtc) : DomainEvent(AtUtc);
}
