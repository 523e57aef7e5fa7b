using Akka.Actor;
using Akka.TestKit.Xunit2;
using Dream.Cluster.Dispatch;
using Dream.Cluster.Tests.Runs;
using Dream.Trials;

namespace Dream.Cluster.Tests.Dispatch;

/// <summary>
/// Two cluster nodes on loopback: a dispatcher on one finds the runner of the other through the replicated
/// receptionist, and when that node goes, its trial is run again on a runner that is left.
/// </summary>
public sealed class ClusterDispatchTests : TestKit, IAsyncLifetime
{
    private static readonly string Journal = TestSystems.FreshJournal();
    private ActorSystem? _other;

    public ClusterDispatchTests() : base(TestSystems.Cluster(Journal), "Dream") { }

    public async Task InitializeAsync()
    {
        await TestSystems.JoinSelf(Sys);
        _other = ActorSystem.Create("Dream", TestSystems.Cluster(Journal));
        var up = new TaskCompletionSource();
        var cluster = Akka.Cluster.Cluster.Get(_other);
        cluster.RegisterOnMemberUp(() => up.TrySetResult());
        cluster.Join(Akka.Cluster.Cluster.Get(Sys).SelfAddress);
        await up.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    public async Task DisposeAsync()
    {
        if (_other != null) await _other.Terminate().WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task ATrialOfARunnerWhoseNodeLeavesIsRunAgainOnANodeThatStays()
    {
        var remoteExecutor = new GatedExecutor();
        var localExecutor = new GatedExecutor();
        _other!.ActorOf(TrialRunner.Props(remoteExecutor, 1, "nc"), "runner");
        var listing = CreateTestProbe();
        RunnerReceptionist.Get(Sys).Tell(new RunnerReceptionist.Subscribe(listing.Ref));
        var otherAddress = Akka.Cluster.Cluster.Get(_other).SelfAddress;
        listing.FishForMessage<RunnerReceptionist.Listing>(l => l.Reachable.Any(r => r.Path.Address == otherAddress),
            TimeSpan.FromSeconds(20));

        var dispatcher = Sys.ActorOf(TrialDispatcher.Props(1, TimeSpan.FromSeconds(30)));
        var requester = CreateTestProbe();
        var spec = Fixtures.Trial("gen0_c0", 0);
        dispatcher.Tell(new TrialDispatcher.Submit(spec, "nc", requester.Ref));
        remoteExecutor.ThreadOf(spec.TrialId); // it runs over there
        var status = await dispatcher.Ask<TrialDispatcher.Status>(new TrialDispatcher.GetStatus(), TimeSpan.FromSeconds(5));
        Assert.Equal(otherAddress.ToString(), Assert.Single(status.InFlight).Node);

        Sys.ActorOf(TrialRunner.Props(localExecutor, 1, "nc"), "runner");
        await _other.Terminate().WaitAsync(TimeSpan.FromSeconds(30));
        remoteExecutor.ReleaseAll();

        localExecutor.ThreadOf(spec.TrialId);
        localExecutor.Release(spec.TrialId);
        var completed = requester.ExpectMsg<TrialDispatcher.Completed>(TimeSpan.FromSeconds(30));
        Assert.Equal(spec.TrialId, completed.Result.TrialId);
        Assert.Equal(TrialOutcome.Ok, completed.Result.Outcome);
        var after = await dispatcher.Ask<TrialDispatcher.Status>(new TrialDispatcher.GetStatus(), TimeSpan.FromSeconds(5));
        Assert.Equal(1, after.Redispatched);
        Assert.Equal(1, after.Runners);
    }
}
