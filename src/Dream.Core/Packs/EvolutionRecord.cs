using System.Text.Json.Nodes;
using Dream.Core.Scoring;

namespace Dream.Core.Packs;

/// <summary>
/// One line of runs/&lt;run_id&gt;/evolution.jsonl: a finished generation of a domain. The best safe candidate of the
/// generation by score_v2, null (with its score, interval and pack path) when no candidate was safe and scored;
/// safe, evaluated and unsafe counts; the best candidate's pack relative to the run directory (e.g.
/// <c>candidates/cpu/gen3_c4.json</c>), so that a run directory can be moved or copied whole; UTC timestamp
/// <c>YYYY-MM-DDTHH:MM:SSZ</c>.
/// </summary>
public sealed record EvolutionRecord : IJsonWritable, IJsonReadable<EvolutionRecord>
{
    public string RunId { get; }
    public string Domain { get; }
    public int Generation { get; }
    public string? BestCandId { get; }
    public double? BestScoreV2 { get; }
    public IReadOnlyList<double>? BestScoreCi95 { get; }
    public int SafeCount { get; }
    public int Evaluated { get; }
    public int Unsafe { get; }
    public string? PackPath { get; }
    public string Timestamp { get; }

    public EvolutionRecord(string runId, string domain, int generation, string? bestCandId, double? bestScoreV2,
        IReadOnlyList<double>? bestScoreCi95, int safeCount, int evaluated, int @unsafe, string? packPath, string timestamp)
    {
        RunId = runId;
        Domain = domain;
        Generation = generation;
        BestCandId = bestCandId;
        BestScoreV2 = bestScoreV2;
        BestScoreCi95 = bestScoreCi95 is null ? null : ValueList<double>.Of(bestScoreCi95);
        SafeCount = safeCount;
        Evaluated = evaluated;
        Unsafe = @unsafe;
        PackPath = packPath;
        Timestamp = timestamp;
    }

    public JsonNode ToJson() => new JsonObject
    {
        ["run_id"] = RunId,
        ["domain"] = Domain,
        ["generation"] = Generation,
        ["best_cand_id"] = BestCandId,
        ["best_score_v2"] = Json.Number(BestScoreV2),
        ["best_score_ci95"] = BestScoreCi95 is null ? null : Json.Numbers(BestScoreCi95),
        ["safe_count"] = SafeCount,
        ["evaluated"] = Evaluated,
        ["unsafe"] = Unsafe,
        ["pack_path"] = PackPath,
        ["timestamp"] = Timestamp,
    };

    public static EvolutionRecord FromJson(JsonNode node)
    {
        var f = JsonFields.Of(node, "evolution record", "run_id", "domain", "generation", "best_cand_id", "best_score_v2",
            "best_score_ci95", "safe_count", "evaluated", "unsafe", "pack_path", "timestamp");
        return new EvolutionRecord(f.String("run_id"), f.String("domain"), f.Int("generation"), f.NullableString("best_cand_id"),
            f.NullableDouble("best_score_v2"), f.NullableNumbers("best_score_ci95"), f.Int("safe_count"), f.Int("evaluated"),
            f.Int("unsafe"), f.NullableString("pack_path"), f.String("timestamp"));
    }
}
