using System.Text.Json.Nodes;
using Dream.Cluster.Reports;
using Dream.Cluster.Runs;
using Dream.Core.Domain;
using Dream.Trials;

namespace Dream.Cluster.Tests.Reports;

/// <summary>evidence.json and the report's counts, from a run's events alone.</summary>
public sealed class EvidenceFileTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("dream-evidence-").FullName;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    private static TrialResult Ok(string cand, int k) =>
        new(TrialIds.Of("run-1", "sim", cand, "normal", k), TrialOutcome.Ok, new Dictionary<string, double> { ["perf"] = 1 },
            new Dictionary<string, string>(), [], null, 0, "n");

    [Fact]
    public void CountsReusedAndMeasuredTrialsPerGenerationWithTheHitRate()
    {
        var files = new RunFiles(_data, "run-1");
        files.OnEvent("sim", new DomainEvent.TrialsRecorded([Ok("baseline", 0), Ok("baseline", 1)], "2026-01-01T00:00:00Z"));
        files.OnEvent("sim", new DomainEvent.GenerationProposed(0, [Genome.Of(("x", 1L)), Genome.Of(("x", 2L))], "2026-01-01T00:00:00Z"));
        Assert.False(File.Exists(Path.Combine(files.RunDir, EvidenceFile.Name)));
        var reused = new DomainEvent.ReusedTrial(Ok("gen0_c0", 0), "k", "run-0/sim/gen0_c0/normal/0", "2025-12-31T00:00:00Z");
        files.OnEvent("sim", new DomainEvent.TrialsReused(0, 4, [reused, reused with { Result = Ok("gen0_c0", 1) }, reused with { Result = Ok("gen0_c1", 0) }],
            "2026-01-01T00:00:00Z"));
        files.OnEvent("sim", new DomainEvent.TrialsRecorded([Ok("gen0_c1", 1)], "2026-01-01T00:00:01Z"));
        files.OnEvent("sim", new DomainEvent.GenerationCompleted(0, null, null, null, 0, 2, "2026-01-01T00:00:02Z"));

        var p = files.Progress()["sim"];
        Assert.Equal(3, p.TrialsReused);
        Assert.Equal(4, p.EvidenceLookedUp);
        Assert.Equal(1, p.Trials); // measured by this run: the baselines apart
        Assert.Equal("trials reused 3 from the evidence cache (hit rate 75.0%: 3 reused, 1 measured; 4 looked up)",
            EvidenceFile.ReportLine(p));

        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(files.RunDir, EvidenceFile.Name)))!;
        Assert.Equal("evidence.v1", (string?)json["schema"]);
        var sim = json["domains"]!["sim"]!;
        Assert.Equal(4, (long)sim["looked_up"]!);
        Assert.Equal(3, (long)sim["reused"]!);
        Assert.Equal(1, (long)sim["measured"]!);
        Assert.Equal(0.75, (double)sim["hit_rate"]!);
        Assert.Equal(0, (int)sim["generations"]![0]!["generation"]!);
    }
}
