using System.Text.Json.Nodes;
using Dream.Core.Domain;
using Dream.Core.Scoring;

namespace Dream.Core.Packs;

/// <summary>
/// runs/&lt;run_id&gt;/best.json: {domain → the best candidate so far, or null when no candidate of that domain has
/// been safe and scored}. Domains are sorted by name.
/// </summary>
public sealed record BestFile : IJsonWritable, IJsonReadable<BestFile>
{
    public sealed record Entry : IJsonWritable
    {
        public string CandId { get; }
        public int Generation { get; }
        public Genome Genome { get; }
        public double ScoreV2 { get; }
        public IReadOnlyList<double>? ScoreCi95 { get; }
        public bool ImprovesOverBaseline { get; }

        public Entry(string candId, int generation, Genome genome, double scoreV2, IReadOnlyList<double>? scoreCi95,
            bool improvesOverBaseline)
        {
            CandId = candId;
            Generation = generation;
            Genome = genome;
            ScoreV2 = scoreV2;
            ScoreCi95 = scoreCi95 is null ? null : ValueList<double>.Of(scoreCi95);
            ImprovesOverBaseline = improvesOverBaseline;
        }

        public static Entry Of(CandidatePack p) =>
            new(p.CandId, p.Generation, p.Genome,
                p.Aggregate.ScoreV2 ?? throw new ArgumentException($"{p.CandId} has no score and cannot be the best"),
                p.Aggregate.ScoreCi95, p.Aggregate.ImprovesOverBaseline);

        public JsonNode ToJson() => new JsonObject
        {
            ["cand_id"] = CandId,
            ["generation"] = Generation,
            ["genome"] = Json.GenomeJson(Genome),
            ["score_v2"] = Json.Number(ScoreV2),
            ["score_ci95"] = ScoreCi95 is null ? null : Json.Numbers(ScoreCi95),
            ["improves_over_baseline"] = ImprovesOverBaseline,
        };

        internal static Entry FromJson(JsonNode node)
        {
            var f = JsonFields.Of(node, "best.json entry", "cand_id", "generation", "genome", "score_v2", "score_ci95",
                "improves_over_baseline");
            return new Entry(f.String("cand_id"), f.Int("generation"), f.Genome("genome"), f.Double("score_v2"),
                f.NullableNumbers("score_ci95"), f.Bool("improves_over_baseline"));
        }
    }

    public IReadOnlyDictionary<string, Entry?> Domains { get; }

    public BestFile(IReadOnlyDictionary<string, Entry?> domains) => Domains = ValueMap<Entry?>.Sorted(domains);

    public JsonNode ToJson()
    {
        var o = new JsonObject();
        foreach (var (domain, entry) in Domains) o[domain] = entry?.ToJson();
        return o;
    }

    public static BestFile FromJson(JsonNode node)
    {
        if (node is not JsonObject o) throw new ArgumentException("best.json must be a JSON object");
        return new BestFile(ValueMap<Entry?>.Of(o.Select(p =>
            new KeyValuePair<string, Entry?>(p.Key, p.Value is null ? null : Entry.FromJson(p.Value)))));
    }
}
