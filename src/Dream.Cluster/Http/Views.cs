using System.Text.Json;

namespace Dream.Cluster.Http;

/// <summary>
/// The JSON bodies of the <c>/dream</c> routes, snake_case like every other Dream output (written with
/// <see cref="Json"/>). <c>dream ctl</c> reads them back with these same records and options.
/// </summary>
public static class Views
{
    /// <summary>A domain's or a run's state, as far as the journal and the live coordinators tell.</summary>
    public const string Running = "running";
    public const string Finished = "finished";
    /// <summary>Not finished and no coordinator runs it: interrupted; <c>dream run --resume RUN_ID</c> continues it.</summary>
    public const string Stopped = "stopped";
    public const string NotStarted = "not started";
    /// <summary>Not finished, and some coordinator node did not answer, so whether it runs is not known.</summary>
    public const string Unknown = "unknown";

    /// <summary>snake_case names, indented, and never NaN or Infinity (System.Text.Json refuses them by default).</summary>
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        WriteIndented = true,
    };

    public sealed record RunSummary(
        string RunId, string State, string StartedAtUtc, IReadOnlyList<string> Domains, int Generations, long Seed,
        string NodeClass, IReadOnlyList<string> Nodes);

    public sealed record Runs(IReadOnlyList<RunSummary> RunList)
    {
        // the body is {"runs": [...]}; the property cannot share the record's name
        [System.Text.Json.Serialization.JsonPropertyName("runs")]
        public IReadOnlyList<RunSummary> RunList { get; init; } = RunList;
    }

    /// <summary>
    /// One domain of a run. <see cref="Generation"/>: the generation in progress or last completed, -1 while the
    /// baselines are measured; <see cref="Coordinator"/>: the node whose coordinator runs it, when running;
    /// <see cref="Outcome"/>: "completed", or why it stopped early, once finished.
    /// </summary>
    public sealed record DomainProgress(
        string Domain, string State, string? Coordinator, int Generation, int Generations, int Population,
        IReadOnlyList<string> Regimes, int TrialsPerCandidate, long TrialsRecorded, string? BestCandId,
        double? BestScore, string? Outcome);

    public sealed record RunDetail(RunSummary Run, string DreamVersion, string CodeHash, IReadOnlyList<DomainProgress> Domains);

    public sealed record TrialInFlight(string TrialId, string Node, long AgeMs, int Attempt);

    public sealed record Trials(int Runners, int Queued, IReadOnlyList<TrialInFlight> InFlight, long Dispatched, long Redispatched);

    public sealed record Error(string Message)
    {
        [System.Text.Json.Serialization.JsonPropertyName("error")]
        public string Message { get; init; } = Message;
    }
}
