using Akka.Actor;
using Dream.Cluster.Nodes;

namespace Dream.Cluster.Tests.Nodes;

/// <summary>What a node refuses before it starts anything.</summary>
public sealed class DreamNodeTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("dream-node-").FullName;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [Fact]
    public async Task AMultiNodeCoordinatorOnItsOwnSqliteFileIsRefused()
    {
        var s = NodeSettings.Of(_data, "c") with { Roles = new HashSet<string> { DreamNode.Coordinator }, Join = ["127.0.0.1:1"] };
        Assert.True(s.Clustered);
        var e = await Assert.ThrowsAsync<DreamNode.Refused>(() => DreamNode.StartAsync(s));
        Assert.Contains("PostgreSQL", e.Message);
        Assert.Contains("--roles runner", e.Message);
    }

    [Fact]
    public async Task ARunnerWithoutAnExecutorIsABug()
    {
        var s = NodeSettings.Of(_data, "c") with { Roles = new HashSet<string> { DreamNode.Runner } };
        Assert.False(s.Clustered);
        await Assert.ThrowsAsync<ArgumentException>(() => DreamNode.StartAsync(s));
    }

    [Fact]
    public async Task ANodeThatCannotJoinSaysWhichSeedsItTried()
    {
        // a runner-only node keeps no journal, so nothing is written; the seed is a port nobody listens on
        var s = NodeSettings.Of(_data, "c") with
        {
            Roles = new HashSet<string> { DreamNode.Runner },
            Executor = new Dispatch.GatedExecutor(),
            Join = ["127.0.0.1:" + StackProof.FreePorts.Next()],
            Overrides = new Dictionary<string, object> { ["dream.join-timeout"] = TimeSpan.FromSeconds(2), ["dream.management.enabled"] = false },
        };
        var e = await Assert.ThrowsAsync<InfrastructureException>(() => DreamNode.StartAsync(s));
        Assert.Contains("seed nodes: akka.tcp://Dream@127.0.0.1:", e.Message);
    }

    [Fact]
    public async Task AServiceScheduleIsShardedAndJournaledOnANode()
    {
        var s = NodeSettings.Of(_data, "c") with
        {
            Roles = new HashSet<string> { DreamNode.Coordinator },
            Overrides = new Dictionary<string, object> { ["dream.management.enabled"] = false },
        };
        var t0 = DateTimeOffset.Parse("2026-01-01T00:00:00Z");
        var t = TimeSpan.FromSeconds(30);
        await using (var node = await DreamNode.StartAsync(s))
        {
            var schedules = Dream.Cluster.Service.ServiceSchedule.Init(node.System);
            await schedules.Ask<Dream.Cluster.Service.ServiceSchedule.State>(
                new Akka.Cluster.Sharding.ShardingEnvelope("cpu", new Dream.Cluster.Service.ServiceSchedule.Begin("run-1", t0, t0)), t);
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        await using (var again = await DreamNode.StartAsync(s))
        {
            var schedules = Dream.Cluster.Service.ServiceSchedule.Init(again.System);
            var state = await schedules.Ask<Dream.Cluster.Service.ServiceSchedule.State>(
                new Akka.Cluster.Sharding.ShardingEnvelope("cpu", new Dream.Cluster.Service.ServiceSchedule.Get()), t);
            Assert.Equal("run-1", state.Active?.RunId);
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }
}
