using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Dream.EndToEnd.Tests;

/// <summary>
/// The evidence cache through real <c>dream</c> processes: a second identical campaign in the same data directory,
/// within dream.evidence.max-age, measures no trial already recorded (its report says so, with the hit rate) and
/// decides as the first did. (<c>--no-reuse</c>, another node class and two coordinators are the actor tests'
/// EvidenceClusterTests: each process here costs seconds.)
/// </summary>
public sealed class EvidenceEndToEndTests : IDisposable
{
    private readonly TempDir _work = new();

    public void Dispose() => _work.Dispose();

    private string[] Run(string data, params string[] extra) =>
        ["run", "--domain", "sim", "--config-dir", E2e.Config, "--data", data, "--seed", "5", "--population", "4", "--generations", "2",
            "--trials", "2", "--regimes", "normal", .. extra];

    private (string RunId, string Report) RunAndReport(string data, params string[] extra)
    {
        var before = Directory.Exists(Path.Combine(data, "runs")) ? E2e.RunDirs(data) : [];
        var r = DreamProcess.Run(_work.Path, E2e.NoEnv, 120, Run(data, extra));
        Assert.True(r.Exit == 0, r.Output);
        var runId = E2e.RunDirs(data).Except(before).Single();
        var report = DreamProcess.Run(_work.Path, E2e.NoEnv, 60, "report", runId, "--data", data);
        Assert.True(report.Exit == 0, report.Output);
        return (runId, report.Output);
    }

    private static int Recorded(string report) =>
        int.Parse(Regex.Match(report, @"trials recorded (\d+), distinct trial ids \d+, recorded more than once 0").Groups[1].Value);

    [Fact]
    public void ASecondIdenticalCampaignMeasuresNoTrialAlreadyRecorded()
    {
        var data = _work.Resolve("data");
        var firstRun = DreamProcess.Run(_work.Path, E2e.NoEnv, 120, Run(data));
        Assert.True(firstRun.Exit == 0, firstRun.Output);
        var first = Assert.Single(E2e.RunDirs(data));

        var (second, report) = RunAndReport(data);
        Assert.Equal(0, Recorded(report)); // baselines from the baseline store, every candidate trial from the evidence cache
        var m = Regex.Match(report, @"trials reused (\d+) from the evidence cache \(hit rate 100\.0%: \d+ reused, 0 measured; (\d+) looked up\)");
        Assert.True(m.Success, report);
        var reused = int.Parse(m.Groups[1].Value);
        Assert.True(reused > 0 && reused <= int.Parse(m.Groups[2].Value), report);
        var evidence = JsonNode.Parse(File.ReadAllText(Path.Combine(data, "runs", second, "evidence.json")))!["domains"]!["sim"]!;
        Assert.Equal(1.0, (double)evidence["hit_rate"]!);
        Assert.Equal(reused, (long)evidence["reused"]!);
        Assert.Equal(File.ReadAllText(Path.Combine(data, "runs", first, "best.json")).Replace(first, ""),
            File.ReadAllText(Path.Combine(data, "runs", second, "best.json")).Replace(second, ""));
        // the first run looked up too, found nothing, and measured exactly what the second reused
        var before = JsonNode.Parse(File.ReadAllText(Path.Combine(data, "runs", first, "evidence.json")))!["domains"]!["sim"]!;
        Assert.Equal(0, (long)before["reused"]!);
        Assert.Equal(reused, (long)before["measured"]!);
        Assert.Equal(0.0, (double)before["hit_rate"]!);
    }
}
