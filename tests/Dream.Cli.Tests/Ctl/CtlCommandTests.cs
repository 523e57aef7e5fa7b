using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using Akka.Actor;
using Dream.Cli.Commands;
using Dream.Cli.Tests.Commands;
using Dream.Cluster.Http;
using Dream.Cluster.Metrics;
using Dream.Cluster.Nodes;
using Dream.Cluster.Runs;
using Dream.Core.Config;
using Dream.Trials;

namespace Dream.Cli.Tests.Ctl;

using Cli = Dream.Cli.Tests.Commands.Cli;

/// <summary>The real executor, holding the first trial of generation 1 until the test lets it go.</summary>
public sealed class HoldingExecutor(ITrialExecutor real) : ITrialExecutor
{
    public readonly TaskCompletionSource<string> Held = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public readonly TaskCompletionSource Release = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TrialResult Run(TrialSpec spec) => Run(spec, CancellationToken.None);

    public TrialResult Run(TrialSpec spec, CancellationToken cancel)
    {
        if (spec.CandId.StartsWith("gen1_", StringComparison.Ordinal) && Held.TrySetResult(spec.TrialId))
        {
            if (!Release.Task.Wait(TimeSpan.FromSeconds(60))) throw new InvalidOperationException("held trial never released");
        }
        return real.Run(spec, cancel);
    }

    public void FinishTrialsOnShutdown(TimeSpan grace) => real.FinishTrialsOnShutdown(grace);
}

/// <summary>
/// A single-node DreamNode (SQLite journal in a temporary directory, the shipped sim domain) with one run held with a
/// trial in flight, for the whole class.
/// </summary>
public sealed class CtlNodeFixture : IAsyncLifetime
{
    public const string RunId = "2025-01-01T00-00-00_rctl001";
    public const string NodeClass = "class-ctl";

    private readonly TempDir _data = new();

    public DreamNode Node { get; private set; } = null!;
    public HoldingExecutor Executor { get; private set; } = null!;
    public string Endpoint { get; private set; } = null!;
    public string HeldTrial { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Executor = new HoldingExecutor(Dream.Cli.Commands.Trials.Executor(_data.Path));
        Node = await DreamNode.StartAsync(NodeSettings.Of(_data.Path, NodeClass) with
        {
            Executor = Executor,
            Overrides = new Dictionary<string, object> { ["akka.management.http.port"] = 0 },
        });
        Endpoint = Node.ManagementUri!.ToString();
        var run = RunSpecs.Create(ConfigLoader.Load(Path.Combine(Cli.RepoRoot(), "config")),
                new RunSpecs.Choices(["sim"], 3, 2, 1, ["normal"], 7, null, false), RunId, DateTimeOffset.UtcNow, NodeClass)
            .WithNodes([Node.Address]);
        var t = TimeSpan.FromSeconds(20);
        var created = await Node.Region(RunRegistry.TypeName).Ask<StatusReply<RunSpec>>(new RunRegistry.Create(run), t);
        if (!created.IsSuccess) throw new InvalidOperationException("run not created: " + created.Error?.Message);
        var started = await Node.Region(DomainCoordinator.TypeName).Ask<StatusReply<Akka.Done>>(new DomainCoordinator.Start(run, "sim"), t);
        if (!started.IsSuccess) throw new InvalidOperationException("run not started: " + started.Error?.Message);
        HeldTrial = await Executor.Held.Task.WaitAsync(TimeSpan.FromSeconds(60));
    }

    public async Task DisposeAsync()
    {
        Executor?.Release.TrySetResult();
        if (Node is not null) await Node.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _data.Dispose();
    }
}

/// <summary>
/// <c>dream ctl</c> against a single-node DreamNode started by the test: one run is held with a trial in flight,
/// looked at, let go and looked at again when it has finished.
/// </summary>
public sealed class CtlCommandTests(CtlNodeFixture fixture) : IClassFixture<CtlNodeFixture>
{
    private DreamNode Node => fixture.Node;

    private Cli Ctl(params string[] args) => Cli.Run(["ctl", .. args, "--endpoint", fixture.Endpoint]);

    private static void Ok(Cli r) => Assert.True(r.ExitCode == ExitCodes.Ok, r.Err + r.Out);

    /// <summary>The lines of <paramref name="s"/>, as Java's String.lines(): no empty last line after the final newline.</summary>
    private static string[] Lines(string s)
    {
        var a = s.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        return a.Length > 0 && a[^1].Length == 0 ? a[..^1] : a;
    }

    private static string Line(string @out, string containing) =>
        Lines(@out).FirstOrDefault(l => l.Contains(containing, StringComparison.Ordinal))
        ?? throw new Xunit.Sdk.XunitException("no line with " + containing + " in:\n" + @out);

    private static List<string> Cells(string line) => line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).ToList();

    private static T Eventually<T>(Func<T> check)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            try
            {
                return check();
            }
            catch (Xunit.Sdk.XunitException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(100);
            }
        }
    }

    [Fact]
    public void MembersShowsThisNodeUpWithItsRoles()
    {
        var r = Ctl("members");
        Ok(r);
        var lines = Lines(r.Out);
        Assert.Equal(["NODE", "STATUS", "ROLES", "REACHABLE"], Cells(lines[0]));
        var row = Line(r.Out, Node.Address);
        Assert.Equal([Node.Address, "Up", "coordinator,runner", "yes", "leader", "oldest", "(this", "endpoint)"], Cells(row));
        Assert.Equal("1 member(s): 1 Up", lines[^1]);

        var json = Ctl("members", "--json");
        Ok(json);
        var m = JsonNode.Parse(json.Out)!;
        Assert.Equal(Node.Address, m["selfNode"]!.GetValue<string>());
        Assert.Equal("Up", m["members"]![0]!["status"]!.GetValue<string>());
    }

    [Fact]
    public void ARunInFlightThenFinished()
    {
        var runId = CtlNodeFixture.RunId;
        // While the held trial is in flight.
        var trials = Ctl("trials");
        Ok(trials);
        // the held trial, and the next one leased to the runner's prefetch (dream.runner.prefetch = 1) or queued:
        // generation 1 has three trials, all of them leased or queued while the first is held
        var head = System.Text.RegularExpressions.Regex.Match(trials.Out, @"^1 runner\(s\), (\d+) trial\(s\) in flight, (\d+) queued;");
        Assert.True(head.Success, trials.Out);
        var (inFlight, queued) = (int.Parse(head.Groups[1].Value), int.Parse(head.Groups[2].Value));
        Assert.InRange(inFlight, 1, 2);
        Assert.Equal(3, inFlight + queued);
        var row = Cells(Line(trials.Out, fixture.HeldTrial));
        Assert.Equal(fixture.HeldTrial, row[0]);
        Assert.Equal(Node.Address, row[1]);
        Assert.Equal("s", row[3]);
        Assert.True(row[4] == "1", "first attempt: " + trials.Out);

        var running = Ctl("run", runId);
        Ok(running);
        Assert.True(running.Out.StartsWith("run " + runId + "  running  seed 7  started ", StringComparison.Ordinal), running.Out);
        var sim = Cells(Line(running.Out, "sim  "));
        Assert.Equal(["sim", "running", "gen1", "(2/2)"], sim.Take(4));
        Assert.Equal(Node.Address, sim[^1]);
        Assert.Contains("sim: population 3, 2 generation(s), regimes normal, 1 trial(s) per candidate and regime", running.Out);

        var runs = Ctl("runs");
        Ok(runs);
        Assert.Equal([runId, "running"], Cells(Line(runs.Out, runId)).Take(2));

        // Let it finish; the table then says what the JSON says, and the JSON what the coordinator says.
        fixture.Executor.Release.TrySetResult();
        var done = Eventually(() =>
        {
            var j = Ctl("run", runId, "--json");
            Ok(j);
            var d = JsonSerializer.Deserialize<Views.RunDetail>(j.Out, Views.Json)!;
            Assert.True(d.Run.State == Views.Finished, j.Out);
            return d;
        });
        var p = Node.Region(DomainCoordinator.TypeName)
            .Ask<DomainCoordinator.Progress>(new DomainCoordinator.GetProgress(runId, "sim"), TimeSpan.FromSeconds(20))
            .WaitAsync(TimeSpan.FromSeconds(30)).GetAwaiter().GetResult();
        var d = done.Domains[0];
        Assert.Equal(p.TrialsRecorded, d.TrialsRecorded);
        Assert.Equal(p.BestCandId, d.BestCandId);
        Assert.Equal(p.BestScore, d.BestScore);
        Assert.Equal("completed", d.Outcome);

        var finished = Ctl("run", runId);
        Ok(finished);
        Assert.True(finished.Out.StartsWith("run " + runId + "  finished  seed 7", StringComparison.Ordinal), finished.Out);
        Assert.Equal(["sim", "finished", "gen1", "(2/2)", p.TrialsRecorded.ToString(CultureInfo.InvariantCulture), p.BestCandId!,
            p.BestScore!.Value.ToString("0.0000", CultureInfo.InvariantCulture), "completed"], Cells(Line(finished.Out, "sim  ")));

        var after = Ctl("runs");
        Ok(after);
        Assert.Equal([runId, Views.Finished], Cells(Line(after.Out, runId)).Take(2));
        var listed = JsonSerializer.Deserialize<Views.Runs>(Ctl("runs", "--json").Out, Views.Json)!;
        Assert.Equal(["sim"], listed.RunList[0].Domains);

        var idle = Ctl("trials");
        Ok(idle);
        Assert.True(idle.Out.StartsWith("1 runner(s), 0 trial(s) in flight, 0 queued;", StringComparison.Ordinal), idle.Out);

        var baselines = Ctl("baselines", "sim");
        Ok(baselines);
        Assert.Equal("baselines of sim, node class " + CtlNodeFixture.NodeClass, Lines(baselines.Out)[0]);
        Assert.True(Lines(baselines.Out).Any(l => l.StartsWith("normal ", StringComparison.Ordinal)), baselines.Out);
        var json = JsonNode.Parse(Ctl("baselines", "sim", "--json").Out)!;
        var perfMean = json["sim"]!["normal"]!["kpis"]!["perf"]!.GetValue<double>().ToString("0.0000", CultureInfo.InvariantCulture);
        var perf = Cells(Line(baselines.Out, " perf ").Trim());
        Assert.Equal(perfMean, perf[perf.IndexOf("perf") + 1]);
    }

    [Fact]
    public void MetricsAreValidPrometheusTextShownAsATable()
    {
        var raw = Ctl("metrics", "--raw");
        Ok(raw);
        var samples = PrometheusText.Parse(raw.Out);
        Assert.Equal(1.0, PrometheusText.Value(samples, "dream_cluster_members", new Dictionary<string, string> { ["status"] = "up" }));
        var table = Ctl("metrics");
        Ok(table);
        Assert.Equal(["dream_cluster_members", "status=up", "1"], Cells(Line(table.Out, "status=up")));
        Assert.True(Lines(table.Out).All(l => !l.Contains("_bucket", StringComparison.Ordinal)), table.Out);
    }

    [Fact]
    public void BaselinesOfAnotherNodeClassAreNone()
    {
        var r = Ctl("baselines", "sim", "--node-class", "nowhere");
        Ok(r);
        Assert.True(r.Out.StartsWith("no baselines of sim for node class nowhere", StringComparison.Ordinal), r.Out);
    }

    [Fact]
    public void AnUnknownRunIsBadUsage()
    {
        var r = Ctl("run", "no-such-run");
        Assert.Equal(ExitCodes.Usage, r.ExitCode);
        Assert.Contains("no run no-such-run in the journal", r.Err);
    }

    [Fact]
    public void LeaveAndDownAreRefusedWhileTheRoutesAreReadOnly()
    {
        foreach (var op in new[] { "leave", "down" })
        {
            var r = Ctl(op, Node.Address);
            Assert.True(r.ExitCode == ExitCodes.Usage, op + ": " + r.Err);
            Assert.Contains("refuses changes: its management routes are read-only", r.Err);
            Assert.Contains("dream.management.read-only = off", r.Err);
        }
    }

    [Fact]
    public void AnUnreachableEndpointIsExit3()
    {
        int closed;
        var s = new TcpListener(IPAddress.Loopback, 0);
        s.Start();
        try
        {
            closed = ((IPEndPoint)s.LocalEndpoint).Port;
        }
        finally
        {
            s.Stop();
        }
        var r = Cli.Run("ctl", "members", "--endpoint", "http://127.0.0.1:" + closed);
        Assert.Equal(ExitCodes.Infrastructure, r.ExitCode);
        Assert.Contains("cannot reach the management endpoint http://127.0.0.1:" + closed, r.Err);
        Assert.Equal("", r.Out);
    }

    [Fact]
    public void ABadEndpointIsBadUsage()
    {
        var r = Cli.Run("ctl", "members", "--endpoint", "ftp://127.0.0.1:1");
        Assert.Equal(ExitCodes.Usage, r.ExitCode);
        Assert.Contains("--endpoint must be an http(s) URL", r.Err);
    }

    [Fact]
    public void TheEndpointComesFromTheHoconFilesWhenNotGiven()
    {
        using var dir = new TempDir();
        var conf = dir.Resolve("node.conf");
        File.WriteAllText(conf, "akka.management.http.port = " + Node.ManagementUri!.Port + "\n");
        var r = Cli.Run("ctl", "members", "--hocon", conf);
        Ok(r);
        Assert.NotNull(Line(r.Out, Node.Address));
    }
}
