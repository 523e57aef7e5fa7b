using System.Net;
using System.Text.Json;
using Akka.Actor;
using Dream.Cluster.Http;
using Dream.Cluster.Metrics;
using Dream.Cluster.Nodes;
using Dream.Cluster.Runs;
using Dream.Cluster.Tests.Runs;
using Dream.Core.Domain;

namespace Dream.Cluster.Tests.Http;

/// <summary>One real single-node DreamNode (SQLite journal in a temporary directory, the sim numbers as trials) for the whole class.</summary>
public sealed class DreamNodeFixture : IAsyncLifetime
{
    public const string NodeClass = "class-mgmt";
    public const string FollowedRun = "2025-01-01T00-00-00_rmgmt1";

    private readonly string _data = Directory.CreateTempSubdirectory("dream-routes-").FullName;

    /// <summary>Holds the first trial of the followed run's second generation until the test releases it.</summary>
    public SimExecutor Sim { get; } = new(s => s.RunId == FollowedRun && s.CandId.StartsWith("gen1_", StringComparison.Ordinal), 1);

    public DreamNode Node { get; private set; } = null!;

    public Uri Endpoint => Node.ManagementUri!;

    public async Task InitializeAsync()
    {
        Node = await DreamNode.StartAsync(NodeSettings.Of(_data, NodeClass) with
        {
            Executor = Sim,
            Overrides = new Dictionary<string, object> { ["akka.management.http.port"] = 0 },
        });
    }

    public async Task DisposeAsync()
    {
        Sim.Release.TrySetResult();
        await Node.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_data, recursive: true); } catch (IOException) { }
    }
}

/// <summary>Dream's /dream routes and /metrics of a real node, spoken to over HTTP on the port it bound.</summary>
public sealed class DreamRoutesTests(DreamNodeFixture fixture) : IClassFixture<DreamNodeFixture>
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private static readonly TimeSpan T = TimeSpan.FromSeconds(30);

    private DreamNode Node => fixture.Node;

    private async Task<JsonElement> GetJson(string path)
    {
        var r = await Http.GetAsync(new Uri(fixture.Endpoint, path));
        var body = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == HttpStatusCode.OK, path + ": " + body);
        Assert.StartsWith("application/json", r.Content.Headers.ContentType!.ToString());
        return JsonDocument.Parse(body).RootElement;
    }

    private static async Task<T2> Eventually<T2>(Func<Task<T2>> check)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            try
            {
                return await check();
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }

    private async Task<RunSpec> Register(string runId, string regime)
    {
        var run = Fixtures.Run(runId, DreamNodeFixture.NodeClass, 2, 3, new ExecutionSpec(2, 0, 0, 1, 1.5), new GlobalCaps(3, 60, 2),
            [Fixtures.Regime(regime, 0)]);
        var created = await Node.Region(RunRegistry.TypeName).Ask<StatusReply<RunSpec>>(new RunRegistry.Create(run), T);
        Assert.True(created.IsSuccess);
        return run;
    }

    private Task<DomainCoordinator.Progress> AskProgress(string runId) =>
        Node.Region(DomainCoordinator.TypeName).Ask<DomainCoordinator.Progress>(new DomainCoordinator.GetProgress(runId, "sim"), T);

    private async Task<IReadOnlyList<PrometheusText.Sample>> Metrics()
    {
        var r = await Http.GetAsync(new Uri(fixture.Endpoint, "/metrics"));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        return PrometheusText.Parse(await r.Content.ReadAsStringAsync());
    }

    private static Dictionary<string, string> Labels(params (string K, string V)[] kv) => kv.ToDictionary(p => p.K, p => p.V);

    [Fact]
    public async Task BindsLoopbackOnlyAndShowsThisNodeUp()
    {
        Assert.Equal("127.0.0.1", fixture.Endpoint.Host);
        var members = await GetJson("/cluster/members");
        Assert.Equal(Node.Address, members.GetProperty("selfNode").GetString());
        var self = Assert.Single(members.GetProperty("members").EnumerateArray());
        Assert.Equal("Up", self.GetProperty("status").GetString());
        var roles = self.GetProperty("roles").EnumerateArray().Select(r => r.GetString()).ToList();
        Assert.Contains(DreamNode.Coordinator, roles);
        Assert.Contains(DreamNode.Runner, roles);
        Assert.Equal(HttpStatusCode.OK, (await Http.GetAsync(new Uri(fixture.Endpoint, "/ready"))).StatusCode);
        Assert.True((await GetJson("/cluster/shards/" + DomainCoordinator.TypeName)).TryGetProperty("regions", out _));
    }

    [Fact]
    public async Task ARunIsFollowedWhileInFlightAndAfterItFinishes()
    {
        var runId = DreamNodeFixture.FollowedRun;
        var run = await Register(runId, "mgmt");
        var started = await Node.Region(DomainCoordinator.TypeName).Ask<StatusReply<Akka.Done>>(new DomainCoordinator.Start(run, "sim"), T);
        Assert.True(started.IsSuccess, started.Error?.Message);
        var heldTrial = await fixture.Sim.Held.Task.WaitAsync(TimeSpan.FromSeconds(60));

        // In flight: the dispatcher's lease, the run's progress and the gauges all show the held trial. The runner
        // prefetches (dream.runner.prefetch = 1), so the next trial's lease waits there too, behind the held one.
        var trials = await Eventually(async () =>
        {
            var t = await GetJson("/dream/trials");
            Assert.Contains(heldTrial, t.GetProperty("in_flight").EnumerateArray().Select(f => f.GetProperty("trial_id").GetString()));
            return t;
        });
        Assert.Equal(1, trials.GetProperty("runners").GetInt32());
        var leased = trials.GetProperty("in_flight").GetArrayLength();
        Assert.InRange(leased, 1, 2);
        var flight = trials.GetProperty("in_flight").EnumerateArray().Single(f => f.GetProperty("trial_id").GetString() == heldTrial);
        Assert.Equal(heldTrial, flight.GetProperty("trial_id").GetString());
        Assert.Equal(Node.Address, flight.GetProperty("node").GetString());
        Assert.Equal(0, flight.GetProperty("attempt").GetInt32());
        Assert.True(flight.GetProperty("age_ms").GetInt64() >= 0);

        var running = await GetJson("/dream/runs/" + runId);
        Assert.Equal("running", running.GetProperty("run").GetProperty("state").GetString());
        Assert.Equal(runId, running.GetProperty("run").GetProperty("run_id").GetString());
        Assert.Equal(7, running.GetProperty("run").GetProperty("seed").GetInt64());
        var domain = running.GetProperty("domains")[0];
        Assert.Equal("sim", domain.GetProperty("domain").GetString());
        Assert.Equal("running", domain.GetProperty("state").GetString());
        Assert.Equal(Node.Address, domain.GetProperty("coordinator").GetString());
        Assert.Equal(1, domain.GetProperty("generation").GetInt32());
        Assert.Equal(2, domain.GetProperty("generations").GetInt32());
        Assert.Equal(3, domain.GetProperty("population").GetInt32());
        Assert.Equal("mgmt", domain.GetProperty("regimes")[0].GetString());
        Assert.Equal(2, domain.GetProperty("trials_per_candidate").GetInt32());
        var live = await AskProgress(runId);
        Assert.Equal(live.BestCandId, domain.GetProperty("best_cand_id").GetString());
        Assert.Equal(live.BestScore, domain.GetProperty("best_score").GetDouble());

        var m = await Metrics();
        Assert.Equal(leased, PrometheusText.Value(m, "dream_trials_in_flight", Labels()));
        Assert.Equal(1.0, PrometheusText.Value(m, "dream_trial_runners", Labels()));

        // Finished: the journal's view equals the coordinator's own answer, and every trial is counted.
        fixture.Sim.Release.TrySetResult();
        var finished = await Eventually(async () =>
        {
            var r = await GetJson("/dream/runs/" + runId);
            Assert.Equal("finished", r.GetProperty("run").GetProperty("state").GetString());
            return r;
        });
        var d = finished.GetProperty("domains")[0];
        var end = await AskProgress(runId);
        Assert.Equal("completed", end.Finished);
        Assert.Equal(end.Finished, d.GetProperty("outcome").GetString());
        Assert.Equal(end.Generation, d.GetProperty("generation").GetInt32());
        Assert.Equal(end.TrialsRecorded, d.GetProperty("trials_recorded").GetInt64());
        Assert.Equal(end.BestCandId, d.GetProperty("best_cand_id").GetString());
        Assert.Equal(end.BestScore, d.GetProperty("best_score").GetDouble());
        Assert.Equal(JsonValueKind.Null, d.GetProperty("coordinator").ValueKind);

        var after = await Metrics();
        var ok = Labels(("domain", "sim"), ("regime", "mgmt"), ("outcome", "ok"));
        Assert.Equal(fixture.Sim.Executed, (int)PrometheusText.Value(after, "dream_trials_total", ok)!);
        Assert.Equal(end.TrialsRecorded, (long)PrometheusText.Value(after, "dream_trials_total", ok)!);
        Assert.Equal(0.0, PrometheusText.Value(after, "dream_trials_in_flight", Labels()));

        var runs = await GetJson("/dream/runs");
        var listed = runs.GetProperty("runs").EnumerateArray().Single(r => r.GetProperty("run_id").GetString() == runId);
        Assert.Equal("finished", listed.GetProperty("state").GetString());
        Assert.Equal("sim", listed.GetProperty("domains")[0].GetString());
        Assert.Equal(DreamNodeFixture.NodeClass, listed.GetProperty("node_class").GetString());

        var baselines = await GetJson("/dream/baselines/sim");
        Assert.Equal("baselines.v2", baselines.GetProperty("schema").GetString());
        var mgmt = baselines.GetProperty("sim").GetProperty("mgmt");
        Assert.Equal(DreamNodeFixture.NodeClass, mgmt.GetProperty("node_class").GetString());
        Assert.True(mgmt.GetProperty("kpis").TryGetProperty("perf", out _));
        var other = await GetJson("/dream/baselines/sim?node_class=another");
        Assert.Equal("baselines.v2", other.GetProperty("schema").GetString());
        Assert.Single(other.EnumerateObject()); // no baselines for another node class
    }

    [Fact]
    public async Task LookingAtARunStartsNothing()
    {
        var runId = "2025-01-01T00-00-00_rlook1";
        await Register(runId, "look");
        var r = await GetJson("/dream/runs/" + runId);
        Assert.Equal("not started", r.GetProperty("run").GetProperty("state").GetString());
        Assert.Equal("not started", r.GetProperty("domains")[0].GetProperty("state").GetString());
        var alive = await ShardedEntities.AliveAsync(Node.System, DomainCoordinator.TypeName, DreamNode.Coordinator, TimeSpan.FromSeconds(10));
        Assert.True(alive.Complete);
        Assert.False(alive.Where.ContainsKey(DomainCoordinator.EntityId(runId, "sim")), "no coordinator was woken");
    }

    [Fact]
    public async Task AnUnknownRunIsNotFound()
    {
        var r = await Http.GetAsync(new Uri(fixture.Endpoint, "/dream/runs/no-such-run"));
        Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
        Assert.Contains("no-such-run", JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString());
    }
}
