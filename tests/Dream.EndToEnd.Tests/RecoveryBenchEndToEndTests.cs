using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace Dream.EndToEnd.Tests;

/// <summary>
/// <c>dream bench recovery</c>, one scenario per test, end to end: real <c>dream</c> processes, a real fault, and the
/// bench's own checks (the run completes, every trial id once, the undisturbed run's packs and best.json, and the
/// scenario's own). Timings are what the bench is for; none is asserted. Scenario e stops and starts the PostgreSQL
/// cluster named by DREAM_E2E_PG_CTL ("VERSION CLUSTER", on the DREAM_E2E_PG_PORT server), and is skipped by the bench
/// without it; f needs the right to mount a tmpfs, and is skipped by the bench without it. Each test takes one to two
/// minutes of both cores (an undisturbed run, then the disturbed one).
/// </summary>
public sealed class RecoveryBenchEndToEndTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDir _work = new();

    public void Dispose() => _work.Dispose();

    /// <summary>The server the bench makes its databases on, as the other end-to-end tests' (its own database is not used).</summary>
    private static string ServerUrl() =>
        $"postgresql://{Uri.EscapeDataString(PostgresDatabase.User)}"
        + (string.IsNullOrEmpty(PostgresDatabase.Password) ? "" : ":" + Uri.EscapeDataString(PostgresDatabase.Password))
        + $"@{PostgresDatabase.Host}:{PostgresDatabase.Port}/postgres";

    // a (runner SIGKILL), b (coordinator's node SIGKILL) and d (graceful leave) are the scenarios of
    // ClusterFailureEndToEndTests already; run here too they would add six minutes to a suite that must stay under 20.
    [Theory]
    [InlineData("c")]
    [InlineData("e")]
    [InlineData("f")]
    [InlineData("g")]
    public void TheScenarioPassesOrSaysWhyItWasSkipped(string scenario)
    {
        if (scenario != "f" && !E2e.PostgresOrSkip(output)) return;
        var @out = _work.Resolve("recovery.json");
        var args = new List<string> { "bench", "recovery", "--scenarios", scenario, "--pg-url", ServerUrl(), "--data", _work.Resolve("data"),
            "--out", @out };
        if (Environment.GetEnvironmentVariable("DREAM_E2E_PG_CTL") is { Length: > 0 } ctl) args.AddRange(["--pg-ctl", ctl]);
        var r = DreamProcess.Run(_work.Path, E2e.NoEnv, 900, args.ToArray());
        output.WriteLine(r.Output);
        Assert.True(r.Exit == 0, r.Output);
        var doc = JsonNode.Parse(File.ReadAllText(@out))!;
        Assert.Equal("bench_recovery.v1", doc["schema"]!.GetValue<string>());
        var s = doc["scenarios"]!.AsArray().Single()!;
        Assert.Equal(scenario, s["letter"]!.GetValue<string>());
        if (s["skipped"]!.GetValue<bool>())
        {
            Assert.True(scenario is "e" or "f", "only the database and disk scenarios may be skipped: " + s.ToJsonString());
            output.WriteLine("skipped: " + s["skipped_reason"]);
            return;
        }
        Assert.True(s["passed"]!.GetValue<bool>(), s.ToJsonString());
        foreach (var check in s["checks"]!.AsArray()) Assert.True(check!["passed"]!.GetValue<bool>(), check.ToJsonString());
        if (scenario == "b") Assert.NotNull(s["failover_s"]);
    }
}
