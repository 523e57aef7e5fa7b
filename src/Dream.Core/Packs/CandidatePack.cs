using System.Text.Json.Nodes;
using Dream.Core.Domain;
using Dream.Core.Scoring;

namespace Dream.Core.Packs;

/// <summary>
/// A candidate pack, <c>"schema": "candidate_pack.v2"</c> (DESIGN.md section 4): everything measured and concluded
/// about one candidate. Written to runs/&lt;run_id&gt;/candidates/&lt;domain&gt;/&lt;cand_id&gt;.json.
/// </summary>
public sealed record CandidatePack : IJsonWritable, IJsonReadable<CandidatePack>
{
    public const string SchemaName = "candidate_pack.v2";

    /// <summary>The reason of a held knob that a pack of an older build listed among its KPIs without saying why.</summary>
    public const string HeldWithoutReason = "held at stock (the build that wrote this pack recorded no reason)";

    public string Schema { get; }
    public string RunId { get; }
    public string Domain { get; }
    public string CandId { get; }
    public int Generation { get; }
    public Genome Genome { get; }
    public string NodeClass { get; }
    public IReadOnlyList<PackRegime> Regimes { get; }
    public PackAggregate Aggregate { get; }
    public bool Safe { get; }
    public IReadOnlyDictionary<string, double> RiskProfile { get; }
    public IReadOnlyList<string> KpisUnavailable { get; }
    public IReadOnlyDictionary<string, string> UnavailableReasons { get; }
    public string CreatedAtUtc { get; }

    /// <summary>Raced candidates only (see <see cref="PackEvidence"/>); null, and absent from the JSON, otherwise.</summary>
    public PackEvidence? Evidence { get; init; }

    /// <summary>
    /// Packs are kept in journal events, so packs of older builds are read back on resume and by dream report:
    /// those lack unavailable_reasons (read as empty) and list held knobs in kpis_unavailable, where this build
    /// lists KPIs only (a held knob moves to unavailable_reasons).
    /// </summary>
    public CandidatePack(string schema, string runId, string domain, string candId, int generation, Genome genome,
        string nodeClass, IReadOnlyList<PackRegime> regimes, PackAggregate aggregate, bool safe,
        IReadOnlyDictionary<string, double> riskProfile, IReadOnlyList<string>? kpisUnavailable,
        IReadOnlyDictionary<string, string>? unavailableReasons, string createdAtUtc)
    {
        if (schema != SchemaName) throw new ArgumentException($"not a {SchemaName} pack: schema {schema}");
        var reasons = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in unavailableReasons ?? ValueMap<string>.Empty) reasons[k] = v;
        var kpis = new List<string>();
        foreach (var name in kpisUnavailable ?? [])
        {
            if (RegimeEvidence.IsHeldKnob(name)) reasons.TryAdd(name, HeldWithoutReason);
            else kpis.Add(name);
        }
        Schema = schema;
        RunId = runId;
        Domain = domain;
        CandId = candId;
        Generation = generation;
        Genome = genome;
        NodeClass = nodeClass;
        Regimes = ValueList<PackRegime>.Of(regimes);
        Aggregate = aggregate;
        Safe = safe;
        RiskProfile = ValueMap<double>.Of(riskProfile);
        KpisUnavailable = ValueList<string>.Of(kpis);
        UnavailableReasons = ValueMap<string>.Of(reasons);
        CreatedAtUtc = createdAtUtc;
    }

    /// <summary>The pack of an assessed candidate; regimes are paired with their evidence by position and name.</summary>
    public static CandidatePack Of(string runId, string domain, string candId, int generation, Genome genome,
        string nodeClass, IReadOnlyList<RegimeEvidence> evidence, CandidateAssessment assessment, DateTimeOffset createdAtUtc)
    {
        if (evidence.Count != assessment.Regimes.Count)
            throw new ArgumentException($"{evidence.Count} regimes of evidence but {assessment.Regimes.Count} assessed");
        var regimes = evidence.Select((e, i) => PackRegime.Of(e, assessment.Regimes[i])).ToList();
        var aggregate = new PackAggregate(assessment.Means, assessment.ScoreV2, assessment.ScoreCi95?.Bounds(),
            assessment.ImprovesOverBaseline);
        return new CandidatePack(SchemaName, runId, domain, candId, generation, genome, nodeClass, regimes, aggregate,
            assessment.Safe, assessment.RiskProfile, assessment.KpisUnavailable,
            Packs.UnavailableReasons.Of(evidence, assessment.KpisUnavailable), Timestamps.Utc(createdAtUtc));
    }

    /// <summary>
    /// The same evidence under another candidate id: an elite carried into a later generation keeps what was
    /// measured for it instead of being measured again.
    /// </summary>
    public CandidatePack Reissued(string newCandId, int newGeneration) =>
        new(Schema, RunId, Domain, newCandId, newGeneration, Genome, NodeClass, Regimes, Aggregate, Safe, RiskProfile,
            KpisUnavailable, UnavailableReasons, CreatedAtUtc) { Evidence = Evidence };

    /// <summary>runs/&lt;run_id&gt;/candidates/&lt;domain&gt;/&lt;cand_id&gt;.json, relative to the run directory.</summary>
    public string RelativePath() => "candidates/" + Domain + "/" + CandId + ".json";

    public JsonNode ToJson()
    {
        var o = Plain();
        if (Evidence is not null) o["evidence"] = Evidence.ToJson();
        return o;
    }

    private JsonObject Plain() => new JsonObject
    {
        ["schema"] = Schema,
        ["run_id"] = RunId,
        ["domain"] = Domain,
        ["cand_id"] = CandId,
        ["generation"] = Generation,
        ["genome"] = Json.GenomeJson(Genome),
        ["node_class"] = NodeClass,
        ["regimes"] = new JsonArray(Regimes.Select(r => (JsonNode?)r.ToJson()).ToArray()),
        ["aggregate"] = Aggregate.ToJson(),
        ["safe"] = Safe,
        ["risk_profile"] = Json.NumberMap(RiskProfile),
        ["kpis_unavailable"] = Json.Texts(KpisUnavailable),
        ["unavailable_reasons"] = Json.TextMap(UnavailableReasons),
        ["created_at_utc"] = CreatedAtUtc,
    };

    public static CandidatePack FromJson(JsonNode node)
    {
        var f = JsonFields.Of(node, "candidate pack", "schema", "run_id", "domain", "cand_id", "generation", "genome",
            "node_class", "regimes", "aggregate", "safe", "risk_profile", "kpis_unavailable", "unavailable_reasons", "created_at_utc", "evidence");
        return new CandidatePack(f.String("schema"), f.String("run_id"), f.String("domain"), f.String("cand_id"),
            f.Int("generation"), f.Genome("genome"), f.String("node_class"),
            f.Array("regimes").Select(r => PackRegime.FromJson(r ?? throw new ArgumentException("a pack regime is null"))).ToList(),
            PackAggregate.FromJson(f.Required("aggregate")), f.Bool("safe"), f.NumberMap("risk_profile"),
            f.Texts("kpis_unavailable"),
            f.Nullable("unavailable_reasons") is not null ? f.TextMap("unavailable_reasons") : null,
            f.String("created_at_utc")) { Evidence = f.Nullable("evidence") is { } ev ? PackEvidence.FromJson(ev) : null };
    }
}
