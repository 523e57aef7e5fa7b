using System.Text.Json.Nodes;
using Dream.Core.Scoring;

namespace Dream.Core.Packs;

/// <summary>
/// The aggregate of a pack: KPI → {regime → mean, "overall" → regime-weighted mean}; score_v2, null when unsafe
/// or not scorable; score_ci95 [lo, hi], null when there is no score or too few trials.
/// </summary>
public sealed record PackAggregate : IJsonWritable, IJsonReadable<PackAggregate>
{
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> Means { get; }
    public double? ScoreV2 { get; }
    public IReadOnlyList<double>? ScoreCi95 { get; }
    public bool ImprovesOverBaseline { get; }

    public PackAggregate(IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> means, double? scoreV2,
        IReadOnlyList<double>? scoreCi95, bool improvesOverBaseline)
    {
        if (scoreCi95 is not null && scoreCi95.Count != 2) throw new ArgumentException("score_ci95 must be [lo, hi]");
        Means = ValueMap<IReadOnlyDictionary<string, double>>.Of(means.Select(p =>
            new KeyValuePair<string, IReadOnlyDictionary<string, double>>(p.Key, ValueMap<double>.Of(p.Value))));
        ScoreV2 = scoreV2;
        ScoreCi95 = scoreCi95 is null ? null : ValueList<double>.Of(scoreCi95);
        ImprovesOverBaseline = improvesOverBaseline;
    }

    public JsonNode ToJson()
    {
        var means = new JsonObject();
        foreach (var (kpi, byRegime) in Means) means[kpi] = Json.NumberMap(byRegime);
        return new JsonObject
        {
            ["means"] = means,
            ["score_v2"] = Json.Number(ScoreV2),
            ["score_ci95"] = ScoreCi95 is null ? null : Json.Numbers(ScoreCi95),
            ["improves_over_baseline"] = ImprovesOverBaseline,
        };
    }

    public static PackAggregate FromJson(JsonNode node)
    {
        var f = JsonFields.Of(node, "aggregate", "means", "score_v2", "score_ci95", "improves_over_baseline");
        if (f.Required("means") is not JsonObject m) throw new ArgumentException("aggregate.means must be an object");
        var means = m.Select(p => new KeyValuePair<string, IReadOnlyDictionary<string, double>>(p.Key,
            JsonFields.NumberMap(p.Value ?? throw new ArgumentException($"aggregate.means.{p.Key} is null"), "aggregate.means." + p.Key)));
        return new PackAggregate(ValueMap<IReadOnlyDictionary<string, double>>.Of(means), f.NullableDouble("score_v2"),
            f.NullableNumbers("score_ci95"), f.Bool("improves_over_baseline"));
    }
}
