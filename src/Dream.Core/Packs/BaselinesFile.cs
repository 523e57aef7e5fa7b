using System.Text.Json.Nodes;
using Dream.Core.Scoring;

namespace Dream.Core.Packs;

/// <summary>
/// baselines.json, <c>"schema": "baselines.v2"</c>: {domain → {regime → {kpis, ci95, trials, genome, node_class,
/// code_hash, timestamp, baseline_id}}}. Domains and regimes are sorted by name so that a re-export of the same
/// baselines is byte-identical. Immutable; <see cref="With"/> returns an updated copy.
/// <para>The layout holds one baseline per (domain, regime); with nodes of several classes, the export keeps the one
/// last added (the store itself keeps them per node class).</para>
/// </summary>
public sealed class BaselinesFile : IJsonWritable, IJsonReadable<BaselinesFile>
{
    public const string Schema = "baselines.v2";
    private const string SchemaKey = "schema";

    private BaselinesFile(IReadOnlyDictionary<string, IReadOnlyDictionary<string, BaselineRecord>> domains) => Domains = domains;

    /// <summary>domain → regime → baseline, sorted by name.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, BaselineRecord>> Domains { get; }

    public static BaselinesFile Empty() => new(ValueMap<IReadOnlyDictionary<string, BaselineRecord>>.Empty);

    /// <summary>The same as <see cref="BaselineRecord.MakeBaselineId"/>.</summary>
    public static string BaselineId(string domain, string regime, DateTimeOffset t) => BaselineRecord.MakeBaselineId(domain, regime, t);

    public BaselinesFile With(BaselineRecord r)
    {
        if (r.Domain == SchemaKey) throw new ArgumentException($"a domain cannot be named '{SchemaKey}'");
        var copy = Domains.ToDictionary(p => p.Key, p => p.Value.ToDictionary(q => q.Key, q => q.Value));
        if (!copy.TryGetValue(r.Domain, out var regimes)) copy[r.Domain] = regimes = new Dictionary<string, BaselineRecord>();
        regimes[r.Regime] = r;
        return new BaselinesFile(ValueMap<IReadOnlyDictionary<string, BaselineRecord>>.Sorted(copy.Select(p =>
            new KeyValuePair<string, IReadOnlyDictionary<string, BaselineRecord>>(p.Key, ValueMap<BaselineRecord>.Sorted(p.Value)))));
    }

    public BaselineRecord? Get(string domain, string regime) =>
        Domains.TryGetValue(domain, out var regimes) && regimes.TryGetValue(regime, out var r) ? r : null;

    public JsonNode ToJson()
    {
        var root = new JsonObject { [SchemaKey] = Schema };
        foreach (var (domain, regimes) in Domains)
        {
            var d = new JsonObject();
            foreach (var (regime, r) in regimes) d[regime] = Entry(r);
            root[domain] = d;
        }
        return root;
    }

    public static BaselinesFile FromJson(JsonNode node)
    {
        if (node is not JsonObject root || !root.TryGetPropertyValue(SchemaKey, out var s) ||
            s is not JsonValue sv || JsonScalars.Of(sv) as string != Schema)
            throw new ArgumentException($"not a {Schema} file: its \"schema\" is " +
                                        (node is JsonObject o && o.TryGetPropertyValue(SchemaKey, out var got) ? got?.ToJsonString() ?? "null" : "missing"));
        var file = Empty();
        foreach (var (domain, regimes) in root)
        {
            if (domain == SchemaKey) continue;
            if (regimes is not JsonObject ro) throw new ArgumentException($"baselines of domain {domain} must be an object");
            foreach (var (regime, e) in ro) file = file.With(Record(domain, regime, e));
        }
        return file;
    }

    public void Write(string file) => Json.WriteAtomically(file, this);

    public static BaselinesFile Read(string file) => Json.ReadFile<BaselinesFile>(file);

    private static JsonObject Entry(BaselineRecord r) => new()
    {
        ["kpis"] = Json.NumberMap(r.Kpis),
        ["ci95"] = Json.SeriesMap(r.Ci95),
        ["trials"] = r.Trials,
        ["genome"] = Json.GenomeJson(r.Genome),
        ["node_class"] = r.NodeClass,
        ["code_hash"] = r.CodeHash,
        ["timestamp"] = Timestamps.Utc(r.Timestamp),
        ["baseline_id"] = r.BaselineId,
    };

    private static BaselineRecord Record(string domain, string regime, JsonNode? e)
    {
        var f = JsonFields.Of(e, $"baseline {domain}/{regime}", "kpis", "ci95", "trials", "genome", "node_class", "code_hash",
            "timestamp", "baseline_id");
        return new BaselineRecord(domain, regime, f.NumberMap("kpis"), f.SeriesMap("ci95"), f.Int("trials"), f.Genome("genome"),
            f.String("node_class"), f.String("code_hash"), Timestamps.ParseUtc(f.String("timestamp")), f.String("baseline_id"));
    }
}
