using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Xunit.Abstractions;
using static Dream.EndToEnd.Tests.LocalCluster;

namespace Dream.EndToEnd.Tests;

/// <summary>
/// Several <c>dream</c> processes on 127.0.0.1 with the journal on PostgreSQL run a sim campaign with half-second
/// trials, and one of them is killed with SIGKILL: a runner in the middle of a trial, or the node that hosts the run's
/// DomainCoordinator (and the TrialDispatcher). The run must complete, count every trial id once, and end with the
/// files of an undisturbed run with the same seed (run alongside on SQLite: sim results are fixed by the seed). The
/// failover times are printed and written to e2e-kept/cluster-figures/ beside the test assembly. Skipped, saying why,
/// when no PostgreSQL answers.
/// </summary>
public sealed class ClusterFailureEndToEndTests(ITestOutputHelper output) : IDisposable
{
    public static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(300);

    // A log line begins with its local time of day, HH:mm:ss.fff (as the harness's trial lines).
    private const string Time = @"^(\d\d:\d\d:\d\d\.\d{3}) ";

    private readonly TempDir _work = new();
    private PostgresDatabase? _db;
    private LocalCluster? _cluster;
    private string? _test;

    public void Dispose()
    {
        if (_cluster != null)
        {
            _cluster.KillAll();
            _cluster.KeepLogs(E2e.Kept("cluster-logs", _test ?? "cluster"));
        }
        _db?.Dispose();
        _work.Dispose();
    }

    /// <summary>This test's database and cluster, or null (the test is skipped) when no PostgreSQL answers.</summary>
    private LocalCluster? Cluster([System.Runtime.CompilerServices.CallerMemberName] string test = "")
    {
        if (!E2e.PostgresOrSkip(output)) return null;
        _test = test;
        _db = PostgresDatabase.Create("dream_cluster_");
        return _cluster = new LocalCluster(_work.Path, _db);
    }

    /// <summary>
    /// A (coordinator, runner; the seed, so the dispatcher's node), B and C (runners) and the run's own process
    /// (coordinator): B is killed while it runs a candidate's trial. The dispatcher must give that trial to another
    /// runner once B is found gone, and the journal must hold it once.
    /// </summary>
    [Fact]
    public void ARunnerKilledMidTrialHasItsTrialRunAgainElsewhereAndCountedOnce()
    {
        if (Cluster() is not { } cluster) return;
        int population = 8, generations = 2;
        var referenceData = _work.Resolve("reference", "data");
        var reference = DreamProcess.Start(_work.Resolve("reference"), E2e.NoEnv, ReferenceArgs(referenceData, population, generations));

        var a = cluster.StartNode("a", "coordinator,runner", null);
        var b = cluster.StartNode("b", "runner", a);
        var c = cluster.StartNode("c", "runner", a);
        AwaitUp(a, b, c);
        var data = _work.Resolve("d", "data");
        var run = cluster.Run("d", a, "coordinator", Campaign(data, population, generations));

        // B's second trial of generation 0: the generation's 16 trials are queued by then, so the run is
        // mid-generation, and B is killed while that trial is surely in flight (a trial lasts 500 ms).
        var inFlight = AwaitTrialInFlight(b, "/gen0_", 2);
        var killTime = TimeOnly.FromDateTime(DateTime.Now);
        b.Process.Kill();

        var result = AwaitExit(run.Process, RunTimeout);
        Assert.True(result.Exit == 0, result.Output);
        var runId = RunId(result.Output);

        // The dispatcher (on A, the oldest coordinator) put the trial back in its queue, naming B...
        var again = new Regex(Time + @".*?(runner (\S+) is gone; dispatching trial (\S+) again|trial (\S+) on (\S+) passed its deadline; dispatching it again)",
            RegexOptions.Multiline);
        string? redispatch = null;
        TimeOnly redispatchedAt = default;
        foreach (Match m in again.Matches(a.Output()))
        {
            var trial = m.Groups[4].Success ? m.Groups[4].Value : m.Groups[5].Value;
            var runner = m.Groups[3].Success ? m.Groups[3].Value : m.Groups[6].Value;
            if (trial != inFlight) continue;
            Assert.True(b.Address == runner, m.Value);
            redispatch = m.Groups[2].Value;
            redispatchedAt = TimeOnly.ParseExact(m.Groups[1].Value, "HH:mm:ss.fff");
            break;
        }
        Assert.True(redispatch != null, $"no re-dispatch of {inFlight} in the dispatcher's log:\n{a.Output()}");
        // ...and a surviving runner ran it
        TimeOnly? rerunAt = null;
        foreach (var survivor in new[] { a, c })
        {
            var t = StartOf(survivor.Output(), inFlight);
            if (t != null && (rerunAt == null || t < rerunAt)) rerunAt = t;
        }
        Assert.True(rerunAt != null, inFlight + " was not run again by A or C");

        cluster.KillAll();
        AssertSameResults(cluster, reference, referenceData, data, runId);

        var figures = new Figures("runner-killed-mid-trial", output);
        figures.Put("trial_in_flight", inFlight);
        figures.Put("redispatch_log", redispatch!);
        figures.Put("kill_to_redispatch_ms", MillisBetween(killTime, redispatchedAt));
        figures.Put("kill_to_trial_started_again_ms", MillisBetween(killTime, rerunAt!.Value));
        figures.PutUnreachableAndDowned(b.Address, killTime, a.Output(), c.Output(), run.Output());
        figures.Write();
    }

    /// <summary>
    /// A is the seed and the only coordinator when the run starts (its process, D, is a runner), so the run's
    /// DomainCoordinator and the TrialDispatcher live on A; E (coordinator, runner) joins mid-run; A is killed. The
    /// coordinator must restart on E from the journal and the run go on to the same end.
    /// </summary>
    [Fact]
    public void TheCoordinatorsNodeKilledTheRunGoesOnFromTheJournalOnAnotherNode()
    {
        if (Cluster() is not { } cluster) return;
        int population = 8;
        int generations = 5; // long enough that E, started after the run, joins well before its end
        var referenceData = _work.Resolve("reference", "data");
        var reference = DreamProcess.Start(_work.Resolve("reference"), E2e.NoEnv, ReferenceArgs(referenceData, population, generations));

        var a = cluster.StartNode("a", "coordinator", null);
        AwaitUp(a);
        var data = _work.Resolve("d", "data");
        var run = cluster.Run("d", a, "runner", Campaign(data, population, generations));
        var runId = Await(run.Process, new Regex(@"^run (\S+)  seed", RegexOptions.Multiline), StartTimeout, "the run to start").Groups[1].Value;
        // Started only now, so the coordinator is already on A (a process needs seconds to join).
        var e = cluster.StartNode("e", "coordinator,runner", a);
        AwaitUp(e);
        int seen = LocalCluster.Trials(run.Output()).Count;
        AwaitMoreTrials(run, seen + 1);
        var recovered = new Regex(Time + @".*?domain sim of run " + Regex.Escape(runId)
            + @" recovered on (\S+) at generation (-?\d+) with (\d+) trials recorded", RegexOptions.Multiline);
        Assert.False(recovered.IsMatch(e.Output()), "the coordinator moved to E before A was killed:\n" + e.Output());
        int generation = CurrentGeneration(run.Output());
        Assert.True(generation < generations, "the run reached its last generation before E joined (this machine is too slow for the "
            + "scenario): killing A now might come after the run's end:\n" + run.Output());

        long killedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var killTime = TimeOnly.FromDateTime(DateTime.Now);
        a.Process.Kill();

        var onE = Await(e.Process, recovered, RunTimeout, "the domain coordinator to recover on E");
        Assert.Equal(e.Address, onE.Groups[2].Value);
        var coordinator = PostgresDatabase.CoordinatorId(runId, "sim");
        long continuedAt = -1;
        for (var deadline = DateTime.UtcNow + RunTimeout; continuedAt < 0 && DateTime.UtcNow < deadline;)
        {
            continuedAt = _db!.FirstEventAfter(coordinator, killedAt);
            if (continuedAt < 0) Thread.Sleep(50);
        }
        Assert.True(continuedAt > 0, "the run wrote nothing after A was killed");

        var result = AwaitExit(run.Process, RunTimeout);
        Assert.True(result.Exit == 0, result.Output);

        cluster.KillAll();
        AssertSameResults(cluster, reference, referenceData, data, runId);

        var figures = new Figures("coordinator-node-killed", output);
        var line = onE.Value;
        figures.Put("recovered_log", line[line.IndexOf("domain sim of run", StringComparison.Ordinal)..]);
        figures.Put("kill_to_coordinator_recovered_ms", MillisBetween(killTime, TimeOnly.ParseExact(onE.Groups[1].Value, "HH:mm:ss.fff")));
        figures.Put("kill_to_first_journal_write_ms", continuedAt - killedAt);
        figures.PutUnreachableAndDowned(a.Address, killTime, e.Output(), run.Output());
        figures.Write();
    }

    /// <summary>
    /// A (coordinator; the seed) and B (runner) run the campaign of D (coordinator); C, a runner, joins mid-run and must
    /// start taking trials; then B is stopped with SIGTERM while it runs a trial. B must finish that trial and have it
    /// recorded before it leaves: nobody runs it again. The run ends as an undisturbed one does.
    /// </summary>
    [Fact]
    public void ARunnerJoiningMidRunTakesTrialsAndOneLeavingFinishesItsTrialFirst()
    {
        if (Cluster() is not { } cluster) return;
        int population = 6, generations = 4;
        var referenceData = _work.Resolve("reference", "data");
        var reference = DreamProcess.Start(_work.Resolve("reference"), E2e.NoEnv, ReferenceArgs(referenceData, population, generations));

        var a = cluster.StartNode("a", "coordinator", null);
        var b = cluster.StartNode("b", "runner", a);
        AwaitUp(a, b);
        var data = _work.Resolve("d", "data");
        var run = cluster.Run("d", a, "coordinator", Campaign(data, population, generations));
        AwaitMoreTrials(b, 2);

        var c = cluster.StartNode("c", "runner", a);
        AwaitUp(c);
        AwaitMoreTrials(c, 1);
        Assert.False(run.Process.Process.HasExited, "the run ended before C took a trial:\n" + run.Output());

        int seen = LocalCluster.Trials(b.Output()).Keys.Count(t => t.Contains("/gen", StringComparison.Ordinal));
        var inFlight = AwaitTrialInFlight(b, "/gen", seen + 1);
        DreamProcess.Signal(b.Process.Process.Id, 15); // SIGTERM: leave gracefully
        Assert.True(b.Process.Process.WaitForExit(TimeSpan.FromSeconds(60)), "B did not leave:\n" + b.Output());
        Assert.True(LocalCluster.Trials(b.Output()).GetValueOrDefault(inFlight), $"B left without finishing {inFlight}:\n{b.Output()}");
        Assert.True(b.Output().Contains("leaving: finishing 1 trial(s) in flight first"), b.Output());

        var result = AwaitExit(run.Process, RunTimeout);
        Assert.True(result.Exit == 0, result.Output);
        Assert.False(LocalCluster.Trials(c.Output()).ContainsKey(inFlight), $"{inFlight} was run again on C:\n{c.Output()}");
        Assert.False(a.Output().Contains(inFlight + " again"), $"the dispatcher dispatched {inFlight} again:\n{a.Output()}");
        cluster.KillAll();
        AssertSameResults(cluster, reference, referenceData, data, RunId(result.Output));
    }

    public static string[] ReferenceArgs(string data, int population, int generations) => ["run", .. Campaign(data, population, generations)];

    public static string RunId(string output)
    {
        var m = Regex.Match(output, @"^run (\S+)  seed", RegexOptions.Multiline);
        Assert.True(m.Success, output);
        return m.Groups[1].Value;
    }

    /// <summary>Waits until <paramref name="node"/> starts the <paramref name="nth"/> trial whose id contains <paramref name="part"/>, and returns it while it runs.</summary>
    public static string AwaitTrialInFlight(Node node, string part, int nth)
    {
        var deadline = DateTime.UtcNow + RunTimeout;
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(node.Process.Process.HasExited, node.Name + " ended:\n" + node.Output());
            var matching = LocalCluster.Trials(node.Output()).Where(t => t.Key.Contains(part, StringComparison.Ordinal)).ToList();
            if (matching.Count >= nth && !matching[^1].Value) return matching[^1].Key;
            Thread.Sleep(5);
        }
        throw new Xunit.Sdk.XunitException($"{node.Name} ran no trial like {part}:\n{node.Output()}");
    }

    /// <summary>The generation (from 1) that the run's progress line shows last.</summary>
    public static int CurrentGeneration(string output)
    {
        int g = 0;
        foreach (Match m in Regex.Matches(output, @"sim gen (\d+)/\d+")) g = int.Parse(m.Groups[1].Value);
        return g;
    }

    public static void AwaitMoreTrials(Node node, int n)
    {
        var deadline = DateTime.UtcNow + RunTimeout;
        while (LocalCluster.Trials(node.Output()).Count < n)
        {
            Assert.False(node.Process.Process.HasExited, $"{node.Name} ended before it had run {n} trial(s):\n{node.Output()}");
            Assert.True(DateTime.UtcNow < deadline, node.Output());
            Thread.Sleep(10);
        }
    }

    /// <summary>
    /// The cluster run's best.json and packs are the reference's, and <c>dream report</c> finds every trial id of the
    /// reference recorded exactly once.
    /// </summary>
    private void AssertSameResults(LocalCluster cluster, DreamProcess reference, string referenceData, string data, string runId)
    {
        var refResult = AwaitExit(reference, RunTimeout);
        Assert.True(refResult.Exit == 0, refResult.Output);
        var refRun = RunFiles.OnlyRun(referenceData);
        var clusterRun = Path.Combine(data, "runs", runId);
        Assert.Equal(RunFiles.Json(Path.Combine(refRun, "best.json")), RunFiles.Json(Path.Combine(clusterRun, "best.json")));
        var refPacks = RunFiles.Packs(refRun);
        var clusterPacks = RunFiles.Packs(clusterRun);
        Assert.Equal(refPacks.Keys, clusterPacks.Keys);
        foreach (var pack in refPacks.Keys) Assert.True(refPacks[pack] == clusterPacks[pack], pack + "\n" + refPacks[pack] + "\n" + clusterPacks[pack]);

        var refReport = DreamProcess.Start(_work.Resolve("reference"), E2e.NoEnv, "report", Path.GetFileName(refRun), "--data", referenceData);
        var report = cluster.Command("report", "report", runId, "--data", data);
        var expected = AwaitExit(refReport, RunTimeout);
        var actual = AwaitExit(report, RunTimeout);
        Assert.True(expected.Exit == 0, expected.Output);
        Assert.True(actual.Exit == 0, actual.Output);
        var want = Counts.Of(expected.Output);
        var got = Counts.Of(actual.Output);
        Assert.True(got.Twice == 0, actual.Output);
        Assert.True(want.Recorded == got.Recorded, actual.Output);
        Assert.True(want.Recorded == got.Distinct, actual.Output);
    }

    /// <summary>Measured times of one scenario, printed and written to e2e-kept/cluster-figures/NAME.json.</summary>
    private sealed class Figures
    {
        private readonly string _name;
        private readonly ITestOutputHelper _output;
        private readonly JsonObject _json = new();

        public Figures(string name, ITestOutputHelper output)
        {
            _name = name;
            _output = output;
            _json["scenario"] = name;
            _json["measured_at_utc"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ");
        }

        public void Put(string key, string value) => _json[key] = value;

        public void Put(string key, long value) => _json[key] = value;

        /// <summary>When the survivors first marked the killed node unreachable, and when the Split Brain Resolver (on the leader) downed it.</summary>
        public void PutUnreachableAndDowned(string killed, TimeOnly killTime, params string[] survivorLogs)
        {
            var log = string.Join("\n", survivorLogs);
            if (First(log, @".*Marking node\(?s?\)? as UNREACHABLE \[[^\]]*" + Regex.Escape(killed), killTime) is { } u) _json["kill_to_unreachable_ms"] = u;
            if (First(log, @".*SBR took decision \S+ and is downing \[[^\]]*" + Regex.Escape(killed), killTime) is { } d) _json["kill_to_downed_ms"] = d;
        }

        /// <summary>Milliseconds from the kill to the earliest log line matching <paramref name="regex"/>.</summary>
        private static long? First(string log, string regex, TimeOnly killTime)
        {
            long? earliest = null;
            foreach (Match m in Regex.Matches(log, Time + regex, RegexOptions.Multiline))
            {
                var ms = MillisBetween(killTime, TimeOnly.ParseExact(m.Groups[1].Value, "HH:mm:ss.fff"));
                if (earliest == null || ms < earliest) earliest = ms;
            }
            return earliest;
        }

        public void Write()
        {
            var dir = E2e.Kept("cluster-figures");
            Directory.CreateDirectory(dir);
            var text = _json.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
            File.WriteAllText(Path.Combine(dir, _name + ".json"), text);
            _output.WriteLine("cluster figures: " + _json.ToJsonString());
        }
    }
}
