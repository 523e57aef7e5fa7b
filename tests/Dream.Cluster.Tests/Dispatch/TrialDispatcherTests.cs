using Akka.Actor;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using Dream.Cluster.Dispatch;
using Dream.Cluster.Tests.Runs;
using Dream.Core.Domain;

namespace Dream.Cluster.Tests.Dispatch;

/// <summary>The dispatcher's protocol, with test probes as runners (one actor system per test, so that runners of one test never answer another's dispatcher).</summary>
public sealed class TrialDispatcherTests : TestKit
{
    public TrialDispatcherTests() : base(TestSystems.PlainLocal()) { }

    private TestProbe Runner()
    {
        var runner = CreateTestProbe();
        var registered = CreateTestProbe();
        RunnerReceptionist.Get(Sys).Tell(new RunnerReceptionist.Register(runner.Ref, registered.Ref));
        registered.ExpectMsg<RunnerReceptionist.Registered>();
        return runner;
    }

    /// <summary>A dispatcher asks each runner it discovers what it is before it leases it anything.</summary>
    private static void Describe(TestProbe runner, string nodeClass, int slots = 1, int prefetch = 0)
    {
        runner.ExpectMsg<TrialRunner.Describe>(TimeSpan.FromSeconds(5));
        runner.LastSender.Tell(new TrialRunner.Description(runner.Ref.Path.Name, nodeClass, slots, new Dictionary<string, long>(),
            Prefetch: prefetch));
    }

    private TrialDispatcher.Status StatusOf(IActorRef dispatcher) =>
        dispatcher.Ask<TrialDispatcher.Status>(new TrialDispatcher.GetStatus(), TimeSpan.FromSeconds(5)).Result;

    [Fact]
    public void LeasesOneTrialPerRunnerSlotAndForwardsTheResult()
    {
        var runner = Runner();
        var dispatcher = Sys.ActorOf(TrialDispatcher.Props(1, TimeSpan.FromSeconds(5)));
        Describe(runner, "nc");
        var requester = CreateTestProbe();
        var a = Fixtures.Trial("gen0_c0", 0);
        var b = Fixtures.Trial("gen0_c0", 1);
        dispatcher.Tell(new TrialDispatcher.Submit(a, null, requester.Ref));
        dispatcher.Tell(new TrialDispatcher.Submit(b, null, requester.Ref));
        var first = runner.ExpectMsg<TrialRunner.Run>();
        Assert.Equal(a.TrialId, first.Spec.TrialId);
        runner.ExpectNoMsg(TimeSpan.FromMilliseconds(200)); // one slot: the second waits
        first.ReplyTo.Tell(new TrialRunner.Ran(first.LeaseId, Fixtures.Ok(a, 10)));
        Assert.Equal(a.TrialId, requester.ExpectMsg<TrialDispatcher.Completed>().Result.TrialId);
        var second = runner.ExpectMsg<TrialRunner.Run>();
        Assert.Equal(b.TrialId, second.Spec.TrialId);
    }

    [Fact]
    public void ARunnerThatPrefetchesHoldsOneLeaseBeyondItsSlots()
    {
        var runner = Runner();
        var dispatcher = Sys.ActorOf(TrialDispatcher.Props(1, TimeSpan.FromSeconds(5)));
        Describe(runner, "nc", slots: 1, prefetch: 1);
        var requester = CreateTestProbe();
        var trials = Enumerable.Range(0, 3).Select(k => Fixtures.Trial("gen0_c5", k)).ToList();
        foreach (var t in trials) dispatcher.Tell(new TrialDispatcher.Submit(t, null, requester.Ref));
        var first = runner.ExpectMsg<TrialRunner.Run>();
        var second = runner.ExpectMsg<TrialRunner.Run>();
        Assert.Equal([trials[0].TrialId, trials[1].TrialId], new[] { first.Spec.TrialId, second.Spec.TrialId });
        runner.ExpectNoMsg(TimeSpan.FromMilliseconds(200)); // the third waits at the dispatcher
        first.ReplyTo.Tell(new TrialRunner.Ran(first.LeaseId, Fixtures.Ok(trials[0], 10)));
        Assert.Equal(trials[2].TrialId, runner.ExpectMsg<TrialRunner.Run>().Spec.TrialId);
    }

    [Fact]
    public void ATrialOfARunnerThatDiesIsDispatchedAgainElsewhere()
    {
        var doomed = Runner();
        var dispatcher = Sys.ActorOf(TrialDispatcher.Props(1, TimeSpan.FromSeconds(30)));
        Describe(doomed, "nc");
        var requester = CreateTestProbe();
        var a = Fixtures.Trial("gen0_c1", 0);
        dispatcher.Tell(new TrialDispatcher.Submit(a, null, requester.Ref));
        var lease = doomed.ExpectMsg<TrialRunner.Run>();
        var survivor = Runner();
        Describe(survivor, "nc");
        Sys.Stop(doomed.Ref);
        var again = survivor.ExpectMsg<TrialRunner.Run>(TimeSpan.FromSeconds(5));
        Assert.Equal(a.TrialId, again.Spec.TrialId);
        Assert.NotEqual(lease.LeaseId, again.LeaseId);
        var status = StatusOf(dispatcher);
        Assert.Equal(1, status.Redispatched);
        Assert.Equal(1, Assert.Single(status.InFlight).Attempt);
    }

    [Fact]
    public void AResubmittedTrialIsNotQueuedTwice()
    {
        var dispatcher = Sys.ActorOf(TrialDispatcher.Props(1, TimeSpan.FromSeconds(5)));
        var requester = CreateTestProbe();
        var a = Fixtures.Trial("gen0_c2", 0);
        dispatcher.Tell(new TrialDispatcher.Submit(a, null, requester.Ref));
        dispatcher.Tell(new TrialDispatcher.Submit(a, null, requester.Ref));
        var s = StatusOf(dispatcher);
        Assert.Equal(1, s.Queued + s.InFlight.Count);
    }

    [Fact]
    public void CancelDropsTheQueuedTrialsOfACandidate()
    {
        var dispatcher = Sys.ActorOf(TrialDispatcher.Props(1, TimeSpan.FromSeconds(5)));
        var requester = CreateTestProbe();
        dispatcher.Tell(new TrialDispatcher.Submit(Fixtures.Trial("gen0_c2", 0), null, requester.Ref));
        dispatcher.Tell(new TrialDispatcher.Submit(Fixtures.Trial("gen0_c2", 1), null, requester.Ref));
        dispatcher.Tell(new TrialDispatcher.Submit(Fixtures.Trial("gen0_c3", 0), null, requester.Ref));
        dispatcher.Tell(new TrialDispatcher.Cancel("r1/sim/gen0_c2/"));
        Assert.Equal(1, StatusOf(dispatcher).Queued);
    }

    [Fact]
    public void ALeasePastItsDeadlineIsDispatchedAgain()
    {
        var runner = Runner();
        var dispatcher = Sys.ActorOf(TrialDispatcher.Props(1, TimeSpan.FromMilliseconds(100)));
        Describe(runner, "nc", slots: 2);
        var requester = CreateTestProbe();
        var a = Fixtures.Trial("gen0_c3", 0); // deadline: max(1 s, 0 s x 1.5) + 100 ms grace
        dispatcher.Tell(new TrialDispatcher.Submit(a, null, requester.Ref));
        var first = runner.ExpectMsg<TrialRunner.Run>();
        var second = runner.ExpectMsg<TrialRunner.Run>(TimeSpan.FromSeconds(5));
        Assert.Equal(a.TrialId, second.Spec.TrialId);
        // the late answer of the expired lease is dropped; the live lease's answer counts
        first.ReplyTo.Tell(new TrialRunner.Ran(first.LeaseId, Fixtures.Ok(a, 1)));
        requester.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        second.ReplyTo.Tell(new TrialRunner.Ran(second.LeaseId, Fixtures.Ok(a, 2)));
        Assert.Equal(2.0, requester.ExpectMsg<TrialDispatcher.Completed>().Result.Kpis["perf"]);
    }

    [Fact]
    public void AnExpiredLeaseKeepsItsSlotUntilTheRunnerAnswersIt()
    {
        // The Java dispatcher freed the slot at expiry: with one slot the trial bounced between the dispatcher and
        // the busy runner (Run, Refused, Run ...) until the old trial ended.
        var runner = Runner();
        var dispatcher = Sys.ActorOf(TrialDispatcher.Props(1, TimeSpan.FromMilliseconds(100)));
        Describe(runner, "nc");
        var requester = CreateTestProbe();
        var a = Fixtures.Trial("gen0_c6", 0);
        dispatcher.Tell(new TrialDispatcher.Submit(a, null, requester.Ref));
        var first = runner.ExpectMsg<TrialRunner.Run>();
        runner.ExpectNoMsg(TimeSpan.FromSeconds(2)); // expired, but the runner is still busy with it
        var s = StatusOf(dispatcher);
        Assert.Equal(1, s.Queued);
        Assert.Equal(1, s.Redispatched);
        first.ReplyTo.Tell(new TrialRunner.Ran(first.LeaseId, Fixtures.Ok(a, 1)));
        var again = runner.ExpectMsg<TrialRunner.Run>(TimeSpan.FromSeconds(5));
        Assert.Equal(a.TrialId, again.Spec.TrialId);
        requester.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void ARefusedTrialGoesToTheFrontAndTheRunnerIsAskedAgainLater()
    {
        var runner = Runner();
        var dispatcher = Sys.ActorOf(TrialDispatcher.Props(1, TimeSpan.FromSeconds(30)));
        Describe(runner, "nc");
        var requester = CreateTestProbe();
        var a = Fixtures.Trial("gen0_c7", 0);
        dispatcher.Tell(new TrialDispatcher.Submit(a, null, requester.Ref));
        var first = runner.ExpectMsg<TrialRunner.Run>();
        first.ReplyTo.Tell(new TrialRunner.Refused(first.LeaseId, "all 1 slots busy"));
        // no bouncing: the runner is asked what it runs before it gets the trial again
        runner.ExpectMsg<TrialRunner.Describe>(TimeSpan.FromSeconds(5));
        runner.LastSender.Tell(new TrialRunner.Description("r", "nc", 1, new Dictionary<string, long>()));
        var again = runner.ExpectMsg<TrialRunner.Run>(TimeSpan.FromSeconds(5));
        Assert.Equal(a.TrialId, again.Spec.TrialId);
        Assert.Equal(0, StatusOf(dispatcher).Redispatched);
    }

    [Fact]
    public void TrialsGoOnlyToRunnersOfTheRunsNodeClass()
    {
        var other = Runner();
        var dispatcher = Sys.ActorOf(TrialDispatcher.Props(1, TimeSpan.FromSeconds(5)));
        Describe(other, "other-class");
        var requester = CreateTestProbe();
        var a = Fixtures.Trial("gen0_c4", 0);
        dispatcher.Tell(new TrialDispatcher.Submit(a, "mine", requester.Ref));
        other.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        var mine = Runner();
        Describe(mine, "mine");
        Assert.Equal(a.TrialId, mine.ExpectMsg<TrialRunner.Run>().Spec.TrialId);
        other.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void ARunnerLeavingGracefullyFinishesItsTrialAndGetsNoNewOne()
    {
        var leaving = Runner();
        var dispatcher = Sys.ActorOf(TrialDispatcher.Props(1, TimeSpan.FromSeconds(30)));
        Describe(leaving, "nc");
        var requester = CreateTestProbe();
        var a = Fixtures.Trial("gen0_c5", 0);
        var b = Fixtures.Trial("gen0_c5", 1);
        dispatcher.Tell(new TrialDispatcher.Submit(a, null, requester.Ref));
        var lease = leaving.ExpectMsg<TrialRunner.Run>();

        // what a draining TrialRunner does: it deregisters, its node still reachable
        var deregistered = CreateTestProbe();
        RunnerReceptionist.Get(Sys).Tell(new RunnerReceptionist.Deregister(leaving.Ref, deregistered.Ref));
        deregistered.ExpectMsg<RunnerReceptionist.Deregistered>();
        var other = Runner();
        Describe(other, "nc");
        dispatcher.Tell(new TrialDispatcher.Submit(b, null, requester.Ref));
        // the new runner takes the new trial, not the one in flight on the leaving runner
        Assert.Equal(b.TrialId, other.ExpectMsg<TrialRunner.Run>().Spec.TrialId);
        other.ExpectNoMsg(TimeSpan.FromMilliseconds(300));

        lease.ReplyTo.Tell(new TrialRunner.Ran(lease.LeaseId, Fixtures.Ok(a, 7)));
        var completed = requester.ExpectMsg<TrialDispatcher.Completed>();
        Assert.Equal(a.TrialId, completed.Result.TrialId);
        Assert.Equal(7.0, completed.Result.Kpis["perf"]);
        leaving.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        var s = StatusOf(dispatcher);
        Assert.Equal(0, s.Redispatched);
        Assert.Equal(1, s.Runners); // the leaving runner is forgotten once drained
    }

    [Fact]
    public void TrialsQueuedBeforeARunnerIsDescribedStillGetOneSlotEach()
    {
        var runner = Runner();
        var dispatcher = Sys.ActorOf(TrialDispatcher.Props(1, TimeSpan.FromSeconds(30)));
        var requester = CreateTestProbe();
        dispatcher.Tell(new TrialDispatcher.Submit(Fixtures.Trial("gen0_c9", 0), null, requester.Ref));
        dispatcher.Tell(new TrialDispatcher.Submit(Fixtures.Trial("gen0_c9", 1), null, requester.Ref));
        Describe(runner, "nc");
        runner.ExpectMsg<TrialRunner.Run>();
        runner.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        Assert.Equal(1, StatusOf(dispatcher).Queued);
    }

    [Fact]
    public void TheLeaseCoversTheCoolDownOfATrialThatTouchesTheMachine()
    {
        // The Java lease was deadline + grace only: a trial with trial_delay_s 30 was leased again while it ran.
        var spec = Fixtures.Trial("gen0_c8", 0) with
        {
            RegimeSpec = new RegimeSpec("normal", new WorkloadSpec("builtin-cpu", null), 10, 1.0),
            Execution = new ExecutionSpec(1, 1, 30, 0, 1.5),
            Global = new GlobalCaps(3, 300, 1),
        };
        Assert.Equal(TimeSpan.FromSeconds((1 + 10) * 1.5 + 30), TrialDispatcher.LeaseDuration(spec));
        Assert.Equal(TimeSpan.FromSeconds(1), TrialDispatcher.LeaseDuration(Fixtures.Trial("gen0_c8", 1)));
    }
}
