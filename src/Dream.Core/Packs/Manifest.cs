using System.Text.Json.Nodes;
using Dream.Core.Scoring;

namespace Dream.Core.Packs;

/// <summary>
/// runs/&lt;run_id&gt;/manifest.json: what a run was started with, so that it can be reproduced, resumed and
/// audited (the original recorded seeds it never applied and hashed only two of its source files, 8.4).
/// <see cref="CodeHash"/> is the hash of the running build; <see cref="ConfigHashes"/> maps a config file (relative
/// to the config directory) to the sha256 of its bytes; <see cref="Settings"/> holds the effective settings (CLI
/// options and HOCON values that shape the run) by name: strings, bools, numbers, null, lists and maps of those.
/// </summary>
public sealed record Manifest : IJsonWritable, IJsonReadable<Manifest>
{
    /// <summary>A cluster member at the start of the run.</summary>
    public sealed record Node(string Address, string NodeClass);

    public string RunId { get; }
    public string StartedAtUtc { get; }
    public string DreamVersion { get; }
    public string CodeHash { get; }
    public IReadOnlyDictionary<string, string> ConfigHashes { get; }
    public long Seed { get; }
    public IReadOnlyList<string> Domains { get; }
    public IReadOnlyList<Node> Nodes { get; }
    public IReadOnlyDictionary<string, object?> Settings { get; }

    public Manifest(string runId, string startedAtUtc, string dreamVersion, string codeHash,
        IReadOnlyDictionary<string, string> configHashes, long seed, IReadOnlyList<string> domains, IReadOnlyList<Node> nodes,
        IReadOnlyDictionary<string, object?> settings)
    {
        RunId = runId;
        StartedAtUtc = startedAtUtc;
        DreamVersion = dreamVersion;
        CodeHash = codeHash;
        ConfigHashes = ValueMap<string>.Of(configHashes);
        Seed = seed;
        Domains = ValueList<string>.Of(domains);
        Nodes = ValueList<Node>.Of(nodes);
        Settings = ValueMap<object?>.Of(settings);
    }

    public JsonNode ToJson()
    {
        var nodes = new JsonArray();
        foreach (var n in Nodes) nodes.Add(new JsonObject { ["address"] = n.Address, ["node_class"] = n.NodeClass });
        return new JsonObject
        {
            ["run_id"] = RunId,
            ["started_at_utc"] = StartedAtUtc,
            ["dream_version"] = DreamVersion,
            ["code_hash"] = CodeHash,
            ["config_hashes"] = Json.TextMap(ConfigHashes),
            ["seed"] = Seed,
            ["domains"] = Json.Texts(Domains),
            ["nodes"] = nodes,
            ["settings"] = Json.Tree(Settings),
        };
    }

    public static Manifest FromJson(JsonNode node)
    {
        var f = JsonFields.Of(node, "manifest", "run_id", "started_at_utc", "dream_version", "code_hash", "config_hashes",
            "seed", "domains", "nodes", "settings");
        var nodes = f.Array("nodes").Select(n =>
        {
            var nf = JsonFields.Of(n, "manifest node", "address", "node_class");
            return new Node(nf.String("address"), nf.String("node_class"));
        }).ToList();
        if (f.Required("settings") is not JsonObject settings) throw new ArgumentException("manifest: settings must be an object");
        return new Manifest(f.String("run_id"), f.String("started_at_utc"), f.String("dream_version"), f.String("code_hash"),
            f.TextMap("config_hashes"), f.Long("seed"), f.Texts("domains"), nodes,
            (ValueMap<object?>)Plain(settings)!);
    }

    /// <summary>A settings value as plain data: long, double, string, bool, null, value lists and value maps.</summary>
    private static object? Plain(JsonNode? n) => n switch
    {
        null => null,
        JsonObject o => ValueMap<object?>.Of(o.Select(p => new KeyValuePair<string, object?>(p.Key, Plain(p.Value)))),
        JsonArray a => ValueList<object?>.Of(a.Select(Plain).ToList()),
        JsonValue v => JsonScalars.Of(v) is JsonScalars.BigInteger big ? big.Text : JsonScalars.Of(v),
        _ => throw new ArgumentException("unknown JSON node"),
    };
}
