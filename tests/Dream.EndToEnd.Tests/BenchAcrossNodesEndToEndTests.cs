using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace Dream.EndToEnd.Tests;

/// <summary>
/// The benchmarks across runner nodes, end to end: <c>dream bench scaling</c> and <c>dream bench throughput
/// --runner-nodes</c> start real runner processes, and every trial of the measured run is recorded once, by one of
/// those runners, spread over all of them. Their timings are what the benchmarks are for, so none is asserted here.
/// </summary>
public sealed class BenchAcrossNodesEndToEndTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDir _work = new();

    public void Dispose() => _work.Dispose();

    /// <summary>
    /// The bench makes a fresh database per measurement on 127.0.0.1:5432 as postgres (its default, as in the Java
    /// tree); the server's password, where it needs one, comes as DREAM_DB_PASSWORD.
    /// </summary>
    private static IReadOnlyDictionary<string, string> BenchEnv() =>
        string.IsNullOrEmpty(PostgresDatabase.Password) ? E2e.NoEnv : new Dictionary<string, string> { ["DREAM_DB_PASSWORD"] = PostgresDatabase.Password };

    [Fact]
    public void ScalingSpreadsEachRunOverItsRunnerNodesAndComparesWithTheIdeal()
    {
        if (!E2e.PostgresOrSkip(output)) return;
        var @out = _work.Resolve("scaling.json");
        var r = DreamProcess.Run(_work.Path, BenchEnv(), 600, "bench", "scaling", "--runners", "1,2", "--population", "4",
            "--trials", "2", "--trial-seconds", "0.1", "--warmup-generations", "1", "--data", _work.Resolve("data"), "--out", @out);
        Assert.True(r.Exit == 0, r.Output);
        var doc = JsonNode.Parse(File.ReadAllText(@out))!;
        Assert.Equal("bench_scaling.v1", doc["schema"]!.GetValue<string>());
        var results = doc["results"]!.AsArray();
        Assert.True(results.Count == 2, doc.ToJsonString());
        for (int i = 0; i < 2; i++)
        {
            var m = results[i]!;
            int runners = i + 1;
            Assert.Equal(runners, m["runners"]!.GetValue<int>());
            // the baseline and 4 candidates, 2 regimes x 2 trials each
            Assert.True(m["trials"]!.GetValue<long>() == 20, m.ToJsonString());
            Assert.True(m["baseline_trials"]!.GetValue<long>() == 4, m.ToJsonString());
            Assert.True(m["duplicate_trial_ids"]!.GetValue<long>() == 0, m.ToJsonString());
            Assert.True(m["failed_trials"]!.GetValue<long>() == 0, m.ToJsonString());
            Assert.Equal("completed", m["outcome"]!.GetValue<string>());
            AssertSpread(m["trials_by_node"]!.AsObject(), runners, 20);
            Assert.True(m["wall_s"]!.GetValue<double>() >= 20 * 0.1 / runners, m.ToJsonString()); // no run beats its trials' own time
            Assert.True(m["efficiency"] is JsonValue v && v.TryGetValue<double>(out _), m.ToJsonString());
        }
        Assert.Equal(1.0, results[0]!["efficiency"]!.GetValue<double>());
        Assert.True(r.Output.Contains("efficiency"), r.Output);
        // the runner nodes were stopped, and their data directories removed with the measurement's
        Assert.Empty(Directory.GetDirectories(_work.Resolve("data", "bench")));
    }

    [Fact]
    public void ThroughputAcrossRunnerNodesRecordsEveryTrialOnceOnThoseNodes()
    {
        if (!E2e.PostgresOrSkip(output)) return;
        var @out = _work.Resolve("throughput.json");
        var r = DreamProcess.Run(_work.Path, BenchEnv(), 600, "bench", "throughput", "--runner-nodes", "2", "--population", "3",
            "--generations", "1", "--trials", "2", "--warmup-generations", "1", "--data", _work.Resolve("data"), "--out", @out);
        Assert.True(r.Exit == 0, r.Output);
        var doc = JsonNode.Parse(File.ReadAllText(@out))!;
        Assert.Equal(2, doc["runner_nodes"]!.GetValue<int>());
        var results = doc["results"]!.AsArray();
        Assert.True(results.Count == 1, doc.ToJsonString());
        var m = results[0]!;
        Assert.Equal("postgres", m["db"]!.GetValue<string>());
        Assert.True(m["trials"]!.GetValue<long>() == (3 + 1) * 2 * 2, m.ToJsonString());
        Assert.Equal(0, m["duplicate_trial_ids"]!.GetValue<long>());
        AssertSpread(m["trials_by_node"]!.AsObject(), 2, m["trials"]!.GetValue<long>());
        // the executor is in the runner nodes, so this process cannot say what it saw
        Assert.True(m.AsObject().ContainsKey("executor_ms_per_trial") && m["executor_ms_per_trial"] is null, m.ToJsonString());
    }

    [Fact]
    public void RunnerNodesNeedPostgres()
    {
        // the embedded journal is SQLite here (H2 in the Java tree)
        var r = DreamProcess.Run(_work.Path, E2e.NoEnv, 120, "bench", "throughput", "--runner-nodes", "2", "--db", "sqlite",
            "--data", _work.Resolve("data"));
        Assert.True(r.Exit == 2, r.Output);
        Assert.True(r.Output.Contains("--runner-nodes needs the PostgreSQL journal"), r.Output);
    }

    /// <summary><paramref name="byNode"/>: trials per cluster member; each of <paramref name="nodes"/> runner nodes ran some, none ran in this process.</summary>
    private static void AssertSpread(JsonObject byNode, int nodes, long trials)
    {
        Assert.True(byNode.Count == nodes, byNode.ToJsonString());
        long sum = 0;
        foreach (var (node, count) in byNode)
        {
            Assert.True(node.StartsWith("akka.tcp://Dream@127.0.0.1:", StringComparison.Ordinal), byNode.ToJsonString());
            Assert.True(count!.GetValue<long>() != 0, byNode.ToJsonString());
            sum += count.GetValue<long>();
        }
        Assert.True(sum == trials, byNode.ToJsonString());
    }
}
