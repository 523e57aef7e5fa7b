using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Dream.Cli.Commands;
using Dream.Cluster.Metrics;
using Xunit.Abstractions;

namespace Dream.EndToEnd.Tests;

/// <summary>
/// <c>dream ctl</c> against a real <c>dream run</c> process: the members, the run's progress while it runs and its
/// metrics as Prometheus text; once the run's process is gone, its endpoint is unreachable (exit 3).
/// </summary>
public sealed class CtlEndToEndTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDir _work = new();

    public void Dispose() => _work.Dispose();

    private sealed record Ctl(int Exit, string Out, string Err);

    /// <summary><c>dream ctl ...</c> in this process, as a user's shell runs it.</summary>
    private static Ctl RunCtl(params string[] args)
    {
        var @out = new StringWriter();
        var err = new StringWriter();
        int code = Program.Execute(@out, err, args);
        return new Ctl(code, @out.ToString(), err.ToString());
    }

    private static IEnumerable<string> Lines(string text) => text.Split('\n').Select(l => l.TrimEnd('\r'));

    private static double? Metric(string text, string name, IReadOnlyDictionary<string, string> labels) =>
        PrometheusText.Value(PrometheusText.Parse(text), name, labels);

    private static readonly IReadOnlyDictionary<string, string> Up = new Dictionary<string, string> { ["status"] = "up" };
    private static readonly IReadOnlyDictionary<string, string> NoLabels = new Dictionary<string, string>();

    [Fact]
    public void MembersProgressAndMetricsOfARunningRun()
    {
        // Half-second trials and 40 generations (minutes of trials): the run is still running while the test looks
        // at it, however slow the machine; the test then kills it.
        var config = E2e.SlowerConfig(E2e.Config, _work.Resolve("config"), "0.5");
        var run = DreamProcess.Start(_work.Path, E2e.NoEnv, "run", "--domain", "sim", "--config-dir", config, "--data", _work.Resolve("data"),
            "--seed", "7", "--population", "6", "--generations", "40", "--trials", "2", "--regimes", "normal", "--management-port", "0");
        try
        {
            var endpoint = E2e.AwaitGroup(run, new Regex(@"management endpoint (http://\S+)"));
            var runId = E2e.AwaitGroup(run, new Regex(@"run (\S+)  seed 7"));

            var members = RunCtl("ctl", "members", "--json", "--endpoint", endpoint);
            Assert.True(members.Exit == 0, members.Err);
            var m = JsonNode.Parse(members.Out)!;
            var self = m["selfNode"]!.GetValue<string>();
            Assert.Single(m["members"]!.AsArray());
            Assert.Equal("Up", m["members"]![0]!["status"]!.GetValue<string>());
            var table = RunCtl("ctl", "members", "--endpoint", endpoint);
            Assert.True(table.Out.Contains(self + "  Up      coordinator,runner  yes"), table.Out);
            var manifest = JsonNode.Parse(E2e.AwaitFile(_work.Resolve("data", "runs", runId, "manifest.json")))!;
            Assert.True(self == manifest["nodes"]![0]!["address"]!.GetValue<string>(), "the member is the node the run started on");

            var progress = RunCtl("ctl", "run", runId, "--endpoint", endpoint);
            Assert.True(progress.Exit == 0, progress.Err);
            Assert.True(progress.Out.StartsWith("run " + runId + "  running  seed 7", StringComparison.Ordinal), progress.Out);
            var sim = Lines(progress.Out).First(l => l.StartsWith("sim ", StringComparison.Ordinal));
            Assert.True(Regex.IsMatch(sim, @"^sim\s+running\s+(baselines|gen\d+ \(\d+/40\))\s+\d+\s+.*" + Regex.Escape(self) + "$"), sim);

            var metrics = RunCtl("ctl", "metrics", "--raw", "--endpoint", endpoint);
            Assert.True(metrics.Exit == 0, metrics.Err);
            Assert.Equal(1.0, Metric(metrics.Out, "dream_cluster_members", Up));
            Assert.Equal(1.0, Metric(metrics.Out, "dream_trial_runners", NoLabels));

            run.Kill();
            var gone = RunCtl("ctl", "members", "--endpoint", endpoint);
            Assert.Equal(3, gone.Exit);
            Assert.True(gone.Err.Contains("cannot reach the management endpoint " + endpoint.TrimEnd('/')), gone.Err);
        }
        finally
        {
            run.Kill();
        }
    }

    /// <summary>
    /// The same against the three-node test cluster (A coordinator and seed, runners B and C) and the run's own process D
    /// (coordinator), through D's endpoint: every member with its roles, the run's progress and the trials in flight on
    /// the runners. Skipped, saying why, when no PostgreSQL answers.
    /// </summary>
    [Fact]
    public void MembersProgressAndTrialsOfAClusterOfSeveralNodes()
    {
        if (!E2e.PostgresOrSkip(output)) return;
        using var db = PostgresDatabase.Create("dream_ctl_");
        using var cluster = new LocalCluster(_work.Path, db);
        try
        {
            var a = cluster.StartNode("a", "coordinator", null);
            var b = cluster.StartNode("b", "runner", a);
            var c = cluster.StartNode("c", "runner", a);
            LocalCluster.AwaitUp(a, b, c);
            // LocalCluster.Run gives the run's node a free management port (--management-port 0)
            var d = cluster.Run("d", a, "coordinator", LocalCluster.Campaign(_work.Resolve("d", "data"), 6, 40));
            var run = d.Process;
            var endpoint = E2e.AwaitGroup(run, new Regex(@"management endpoint (http://\S+)"), 180);
            var runId = E2e.AwaitGroup(run, new Regex(@"run (\S+)  seed 7"), 180);
            ClusterFailureEndToEndTests.AwaitMoreTrials(b, 1);
            ClusterFailureEndToEndTests.AwaitMoreTrials(c, 1);

            var members = RunCtl("ctl", "members", "--endpoint", endpoint);
            Assert.True(members.Exit == 0, members.Err);
            foreach (var n in new[] { a, b, c, d })
            {
                var roles = n == b || n == c ? "runner" : "coordinator";
                Assert.True(Lines(members.Out).Any(l => Regex.IsMatch(l, "^" + Regex.Escape(n.Address) + @"\s+Up\s+" + roles + @"\s+yes")),
                    $"{n.Name} is not listed as an Up {roles}:\n{members.Out}");
            }
            Assert.True(members.Out.Contains("4 member(s): 4 Up"), members.Out);

            var progress = RunCtl("ctl", "run", runId, "--endpoint", endpoint);
            Assert.True(progress.Exit == 0, progress.Err);
            Assert.True(progress.Out.StartsWith("run " + runId + "  running  seed 7", StringComparison.Ordinal), progress.Out);
            var sim = Lines(progress.Out).First(l => l.StartsWith("sim ", StringComparison.Ordinal));
            // the run's domain coordinator lives on a coordinator node, A or D
            Assert.True(Regex.IsMatch(sim, @"^sim\s+running\s+(baselines|gen\d+ \(\d+/40\))\s+\d+\s+.*("
                + Regex.Escape(a.Address) + "|" + Regex.Escape(d.Address) + ")$"), sim);

            var trials = RunCtl("ctl", "trials", "--json", "--endpoint", endpoint);
            Assert.True(trials.Exit == 0, trials.Err);
            var t = JsonNode.Parse(trials.Out)!;
            Assert.True(t["runners"]!.GetValue<int>() == 2, trials.Out);
            foreach (var f in t["in_flight"]!.AsArray())
            {
                var node = f!["node"]!.GetValue<string>();
                Assert.True(node == b.Address || node == c.Address, trials.Out);
                Assert.True(f["trial_id"]!.GetValue<string>().StartsWith(runId + "/sim/", StringComparison.Ordinal), trials.Out);
            }

            // what an operator sees, kept in the test's output
            output.WriteLine("$ dream ctl members\n" + members.Out + "\n$ dream ctl run " + runId + "\n" + progress.Out
                + "\n$ dream ctl trials\n" + RunCtl("ctl", "trials", "--endpoint", endpoint).Out);

            var metrics = RunCtl("ctl", "metrics", "--raw", "--endpoint", endpoint);
            Assert.True(metrics.Exit == 0, metrics.Err);
            Assert.Equal(4.0, Metric(metrics.Out, "dream_cluster_members", Up));
        }
        finally
        {
            cluster.KillAll();
            cluster.KeepLogs(E2e.Kept("cluster-logs", nameof(MembersProgressAndTrialsOfAClusterOfSeveralNodes)));
        }
    }
}
