using System.Globalization;
using System.Text.Json.Nodes;
using Dream.Core.Packs;
using Dream.Core.Statistics;

namespace Dream.Core.Tests.Packs;

public sealed class OtherArtifactsTests : IDisposable
{
    private const string Sha = "3f786850e387550fdab836ed7e6dc881de23001b3f786850e387550fdab836ed";
    private readonly string _dir = Directory.CreateTempSubdirectory("dream-artifacts-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static DateTimeOffset Utc(string s) => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);

    private static BaselineRecord Baseline(string regime)
    {
        var trials = new Dictionary<string, IReadOnlyList<double>>
        {
            ["perf"] = [500.0, 505.0, 495.0],
            ["watts"] = [60.0, 60.5, 59.5],
        };
        return BaselineRecord.Measured("sim", regime, trials, 3, PackFixtures.Genome(), "x86_64-8c-16g-6.8", "sha256:0123456789abcdef",
            Utc("2025-10-08T15:46:00.900Z"), CiOptions.Default, 1);
    }

    [Fact]
    public void Baseline_ids_follow_the_contract()
    {
        Assert.Equal("cpu_idle_2025-10-08T15-46-00Z", BaselineRecord.MakeBaselineId("cpu", "idle", Utc("2025-10-08T15:46:00.731Z")));
        Assert.Equal("cpu_idle_2025-10-08T15-46-00Z", BaselinesFile.BaselineId("cpu", "idle", Utc("2025-10-08T15:46:00.731Z")));
    }

    [Fact]
    public void Baselines_export_validates_and_reads_back()
    {
        var file = BaselinesFile.Empty().With(Baseline("stress")).With(Baseline("idle"));
        var json = file.ToJson();
        Assert.Empty(SchemaValidator.Validate(SchemaValidator.Baselines, json));
        Assert.Equal("baselines.v2", (string?)json["schema"]);
        var idle = json["sim"]!["idle"]!;
        Assert.Equal(["kpis", "ci95", "trials", "genome", "node_class", "code_hash", "timestamp", "baseline_id"], PackFixtures.Keys(idle));
        Assert.Equal(["idle", "stress"], PackFixtures.Keys(json["sim"])); // sorted by name
        Assert.Equal(500.0, (double)idle["kpis"]!["perf"]!, 1e-9);
        Assert.Equal("2025-10-08T15:46:00Z", (string?)idle["timestamp"]);
        Assert.Equal("sim_idle_2025-10-08T15-46-00Z", (string?)idle["baseline_id"]);

        var path = Path.Combine(_dir, "baselines.json");
        file.Write(path);
        var back = BaselinesFile.Read(path);
        Assert.Equal(file.Domains, back.Domains);
        Assert.Equal(File.ReadAllText(path), Json.Pretty(back) + "\n");
        Assert.Equal(500.0, back.Get("sim", "idle")!.ToBaseline().Means["perf"], 1e-9);

        var broken = (JsonObject)json.DeepClone();
        ((JsonObject)broken["sim"]!["idle"]!).Remove("code_hash");
        Assert.NotEmpty(SchemaValidator.Validate(SchemaValidator.Baselines, broken));
        Assert.Throws<ArgumentException>(() => BaselinesFile.FromJson(Json.Parse("{\"sim\": {}}")));
    }

    [Fact]
    public void Manifest_validates()
    {
        var settings = new Dictionary<string, object?>
        {
            ["population"] = 20,
            ["generations"] = 10,
            ["ci"] = new Dictionary<string, object> { ["method"] = "bca", ["resamples"] = 2000 },
        };
        var m = new Manifest(PackFixtures.RunId, "2025-10-08T15:46:00Z", "0.1.0", "sha256:0123456789abcdef",
            new Dictionary<string, string> { ["regimes.yaml"] = Sha, ["domains/cpu.yaml"] = Sha }, 42L, ["cpu"],
            [new Manifest.Node("127.0.0.1:25520", "x86_64-8c-16g-6.8")], settings);
        var json = (JsonObject)Json.Tree(m)!;
        Assert.Empty(SchemaValidator.Validate(SchemaValidator.Manifest, json));
        Assert.Equal("x86_64-8c-16g-6.8", (string?)json["nodes"]![0]!["node_class"]);
        var back = Json.Read<Manifest>(Json.Compact(m));
        Assert.Equal(m.RunId, back.RunId);
        Assert.Equal(Json.Compact(m), Json.Compact(back));
        var bad = (JsonObject)json.DeepClone();
        bad["config_hashes"]!["caps.yaml"] = "not-a-hash";
        Assert.NotEmpty(SchemaValidator.Validate(SchemaValidator.Manifest, bad));
        bad.Remove("seed");
        Assert.Contains(SchemaValidator.Validate(SchemaValidator.Manifest, bad), e => e.Contains("seed"));
    }

    [Fact]
    public void Evolution_lines_validate_and_append()
    {
        var best = PackFixtures.Pack(false, true);
        var found = new EvolutionRecord(PackFixtures.RunId, "sim", 3, best.CandId, best.Aggregate.ScoreV2, best.Aggregate.ScoreCi95,
            7, 8, 1, best.RelativePath(), "2025-10-08T15:52:17Z");
        var none = new EvolutionRecord(PackFixtures.RunId, "sim", 4, null, null, null, 0, 8, 8, null, "2025-10-08T15:58:00Z");
        Assert.Empty(SchemaValidator.Validate(SchemaValidator.Evolution, Json.Tree(found)));
        Assert.Empty(SchemaValidator.Validate(SchemaValidator.Evolution, Json.Tree(none)));
        var absolute = new EvolutionRecord(PackFixtures.RunId, "sim", 3, best.CandId, 0.1, null, 7, 8, 1,
            "/data/runs/x/candidates/sim/gen3_c4.json", "2025-10-08T15:52:17Z");
        Assert.NotEmpty(SchemaValidator.Validate(SchemaValidator.Evolution, Json.Tree(absolute)));

        var file = Path.Combine(_dir, "evolution.jsonl");
        Json.AppendLine(file, found);
        Json.AppendLine(file, none);
        var lines = File.ReadAllLines(file);
        Assert.Equal(2, lines.Length);
        Assert.Equal(found, Json.Read<EvolutionRecord>(lines[0]));
        Assert.Equal(none, Json.Read<EvolutionRecord>(lines[1]));
        Assert.StartsWith("{\"run_id\":\"2025-10-08T15-46-00_rk3x9q0\",\"domain\":\"sim\",\"generation\":4,\"best_cand_id\":null,", lines[1]);
    }

    [Fact]
    public void Best_file_validates()
    {
        var p = PackFixtures.Pack(false, true);
        var domains = new Dictionary<string, BestFile.Entry?> { ["sim"] = BestFile.Entry.Of(p), ["cpu"] = null };
        var best = new BestFile(domains);
        var json = Json.Tree(best)!;
        Assert.Empty(SchemaValidator.Validate(SchemaValidator.Best, json));
        Assert.Null(json["cpu"]);
        Assert.True(((JsonObject)json).ContainsKey("cpu"));
        Assert.Equal(["cpu", "sim"], PackFixtures.Keys(json));
        Assert.Equal("gen3_c4", (string?)json["sim"]!["cand_id"]);
        Assert.Equal(best, Json.Read<BestFile>(Json.Compact(best)));
        Assert.Throws<ArgumentException>(() => BestFile.Entry.Of(PackFixtures.Pack(true, true)));
    }
}
