using Akka.Actor;
using Akka.TestKit.Xunit2;
using Dream.Cluster.Runs;

namespace Dream.Cluster.Tests.Runs;

public sealed class RunRegistryTests() : TestKit(TestSystems.Local(TestSystems.FreshJournal()))
{
    private static readonly TimeSpan T = TimeSpan.FromSeconds(20);

    private IActorRef Registry(string runId) => Sys.ActorOf(RunRegistry.Props(runId));

    /// <summary>Stops the entity and starts it again from its journal.</summary>
    private IActorRef Restart(IActorRef registry, string runId)
    {
        Watch(registry);
        Sys.Stop(registry);
        ExpectTerminated(registry, T);
        return Registry(runId);
    }

    private Task<IReadOnlyList<object>> Journal(string runId) => TestSystems.Events(Sys, RunRegistry.PersistenceIdOf(runId));

    [Fact]
    public async Task CreateRecordsTheSpecOnceAndGetReturnsItAfterARestart()
    {
        var spec = Fixtures.Run("run-a", "class-a", 3, 4, 2);
        var registry = Registry("run-a");
        var created = await registry.Ask<StatusReply<RunSpec>>(new RunRegistry.Create(spec), T);
        Assert.True(created.IsSuccess);
        Assert.Equal(spec, created.Value);
        Assert.Equal([new RunRegistry.Created(spec)], await Journal("run-a"));

        registry = Restart(registry, "run-a");
        var got = await registry.Ask<StatusReply<RunSpec>>(new RunRegistry.Get("run-a"), T);
        Assert.True(got.IsSuccess);
        Assert.Equal(spec, got.Value);
    }

    [Fact]
    public async Task CreateIsIdempotentAndKeepsTheFirstSpec()
    {
        var first = Fixtures.Run("run-b", "class-a", 3, 4, 2);
        var other = Fixtures.Run("run-b", "class-a", 9, 6, 5);
        Assert.NotEqual(first, other);
        var registry = Registry("run-b");
        await registry.Ask<StatusReply<RunSpec>>(new RunRegistry.Create(first), T);
        var again = await registry.Ask<StatusReply<RunSpec>>(new RunRegistry.Create(first), T);
        Assert.Equal(first, again.Value);
        var conflicting = await registry.Ask<StatusReply<RunSpec>>(new RunRegistry.Create(other), T);
        Assert.Equal(first, conflicting.Value); // a run's recorded spec never changes
        Assert.Single(await Journal("run-b"));
    }

    [Fact]
    public async Task GetOfAnUnknownRunIsAnErrorAndPersistsNothing()
    {
        var registry = Registry("no-such-run");
        var result = await registry.Ask<StatusReply<RunSpec>>(new RunRegistry.Get("no-such-run"), T);
        Assert.False(result.IsSuccess);
        Assert.Equal("unknown run", result.Error?.Message);
        Assert.Empty(await Journal("no-such-run"));
        registry = Restart(registry, "no-such-run");
        Assert.False((await registry.Ask<StatusReply<RunSpec>>(new RunRegistry.Get("no-such-run"), T)).IsSuccess);
    }

    [Fact]
    public void TheCommandsNameTheirEntity()
    {
        var spec = Fixtures.Run("run-c", "class-a", 1, 2, 1);
        Assert.Equal("run-c", ((IEntityMessage)new RunRegistry.Create(spec)).EntityId);
        Assert.Equal("run-c", ((IEntityMessage)new RunRegistry.Get("run-c")).EntityId);
        Assert.Equal("Run|run-c", RunRegistry.PersistenceIdOf("run-c"));
    }
}
