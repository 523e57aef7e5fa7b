using Akka;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Dream.Cluster.Baselines;
using Dream.Cluster.Runs;
using Dream.Trials;

namespace Dream.Cluster.Tests.Runs;

/// <summary>
/// A DomainCoordinator of the sim domain driven to the end on a one-node cluster, for the race and bandit tests: the
/// cluster with its baseline stores, the coordinator, its start, its progress until it finishes, its journal.
/// </summary>
internal static class CoordinatorRuns
{
    public static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(90);
    public static readonly TimeSpan T = TimeSpan.FromSeconds(20);

    /// <summary>Joins the node to itself and starts the baseline stores' region; their region is returned.</summary>
    public static async Task<IActorRef> StartCluster(ActorSystem sys)
    {
        await TestSystems.JoinSelf(sys);
        return await ClusterSharding.Get(sys).StartAsync(BaselineStore.TypeName, id => BaselineStore.Props(id),
            ClusterShardingSettings.Create(sys).WithRememberEntities(true), new TestSystems.Extractor());
    }

    public static Props Coordinator(IActorRef stores, IActorRef dispatcher, RunSpec run, IActorRef shard) =>
        DomainCoordinator.Props(DomainCoordinator.EntityId(run.RunId, "sim"), dispatcher, 4, stores, shard);

    public static async Task StartRun(IActorRef coordinator, RunSpec run)
    {
        var reply = await coordinator.Ask<StatusReply<Done>>(new DomainCoordinator.Start(run, "sim"), T);
        Assert.True(reply.IsSuccess, reply.Error?.Message);
    }

    public static async Task<DomainCoordinator.Progress> AwaitFinished(IActorRef coordinator, RunSpec run)
    {
        var deadline = DateTime.UtcNow + RunTimeout;
        while (true)
        {
            var p = await coordinator.Ask<DomainCoordinator.Progress>(new DomainCoordinator.GetProgress(run.RunId, "sim"), T);
            if (p.Finished != null) return p;
            if (DateTime.UtcNow > deadline) throw new TimeoutException("not finished: " + p);
            await Task.Delay(50);
        }
    }

    public static async Task<IReadOnlyList<DomainEvent>> Events(ActorSystem sys, RunSpec run) =>
        (await TestSystems.Events(sys, DomainCoordinator.PersistenceIdOf(run.RunId, "sim"))).Cast<DomainEvent>().ToList();

    /// <summary>A run measured by <paramref name="executor"/> through a dispatcher that runs every trial at once, to its end.</summary>
    public static async Task<(DomainCoordinator.Progress Done, IReadOnlyList<DomainEvent> Events)> RunToEnd(ActorSystem sys, IActorRef stores,
        RunSpec run, ITrialExecutor executor, IActorRef? shard = null)
    {
        var coordinator = sys.ActorOf(Coordinator(stores, sys.ActorOf(SimDispatcher.Props(executor)), run, shard ?? sys.DeadLetters));
        await StartRun(coordinator, run);
        var done = await AwaitFinished(coordinator, run);
        return (done, await Events(sys, run));
    }
}
