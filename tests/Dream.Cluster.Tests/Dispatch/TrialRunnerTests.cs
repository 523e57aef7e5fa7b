using Akka.Actor;
using Akka.TestKit.Xunit2;
using Dream.Cluster.Dispatch;
using Dream.Cluster.Tests.Runs;
using Dream.Trials;

namespace Dream.Cluster.Tests.Dispatch;

public sealed class TrialRunnerTests : TestKit
{
    private readonly GatedExecutor _executor = new();

    public TrialRunnerTests() : base(TestSystems.PlainLocal()) { }

    protected override void AfterAll()
    {
        _executor.ReleaseAll();
        base.AfterAll();
    }

    private sealed class Throwing : ITrialExecutor
    {
        public TrialResult Run(TrialSpec spec) => throw new InvalidOperationException("probe exploded");
    }

    private sealed class Interrupted : ITrialExecutor
    {
        public TrialResult Run(TrialSpec spec) => new(spec.TrialId, TrialOutcome.Failed, new Dictionary<string, double>(),
            new Dictionary<string, string>(), [], TrialResult.InterruptedError, 0.1, "stub");
    }

    [Fact]
    public void RunsATrialOnTheBlockingDispatcherAndAnswersWithTheSameLeaseId()
    {
        var runner = Sys.ActorOf(TrialRunner.Props(_executor, 1, "class-a"));
        var replies = CreateTestProbe();
        var spec = Fixtures.Trial("gen0_c0", 0);
        runner.Tell(new TrialRunner.Run(41, spec, replies.Ref));
        // trials block for seconds: never in the runner's own receive (nor another actor's), so that the runner
        // answers while its trial runs
        _executor.ThreadOf(spec.TrialId);
        runner.Tell(new TrialRunner.Describe(replies.Ref));
        var busy = replies.ExpectMsg<TrialRunner.Description>();
        Assert.Equal(spec.TrialId, Assert.Single(busy.InFlightSince).Key);
        _executor.Release(spec.TrialId);
        var ran = replies.ExpectMsg<TrialRunner.Ran>();
        Assert.Equal(41, ran.LeaseId);
        Assert.Equal(spec.TrialId, ran.Result.TrialId);
        Assert.Equal(TrialOutcome.Ok, ran.Result.Outcome);
    }

    [Fact]
    public void RefusesALeaseWhileAllItsSlotsAreBusyAndTakesOneAgainOnceFree()
    {
        var runner = Sys.ActorOf(TrialRunner.Props(_executor, 1, "class-a"));
        var replies = CreateTestProbe();
        var first = Fixtures.Trial("gen0_c0", 0);
        var second = Fixtures.Trial("gen0_c0", 1);
        runner.Tell(new TrialRunner.Run(1, first, replies.Ref));
        runner.Tell(new TrialRunner.Run(2, second, replies.Ref));
        var refused = replies.ExpectMsg<TrialRunner.Refused>();
        Assert.Equal(2, refused.LeaseId);
        Assert.Contains("slots busy", refused.Reason);

        _executor.Release(first.TrialId);
        Assert.Equal(1, replies.ExpectMsg<TrialRunner.Ran>().LeaseId);
        runner.Tell(new TrialRunner.Run(3, second, replies.Ref));
        _executor.Release(second.TrialId);
        var ran = replies.ExpectMsg<TrialRunner.Ran>();
        Assert.Equal(3, ran.LeaseId);
        Assert.Equal(second.TrialId, ran.Result.TrialId);
    }

    [Fact]
    public void APrefetchedLeaseWaitsForTheSlotAndStartsTheMomentItFrees()
    {
        var runner = Sys.ActorOf(TrialRunner.Props(_executor, 1, "class-a", prefetch: 1));
        var replies = CreateTestProbe();
        var first = Fixtures.Trial("gen0_c0", 0);
        var second = Fixtures.Trial("gen0_c0", 1);
        var third = Fixtures.Trial("gen0_c0", 2);
        runner.Tell(new TrialRunner.Run(1, first, replies.Ref));
        runner.Tell(new TrialRunner.Run(2, second, replies.Ref));
        runner.Tell(new TrialRunner.Run(3, third, replies.Ref));
        // one slot and one lease held beyond it: the third is refused, the second waits without running
        Assert.Equal(3, replies.ExpectMsg<TrialRunner.Refused>().LeaseId);
        _executor.ThreadOf(first.TrialId);
        var described = runner.Ask<TrialRunner.Description>(new TrialRunner.Describe(), TimeSpan.FromSeconds(5)).Result;
        Assert.Equal(1, described.Prefetch);
        Assert.Equal([first.TrialId], described.InFlightSince.Keys);

        _executor.Release(first.TrialId);
        Assert.Equal(1, replies.ExpectMsg<TrialRunner.Ran>().LeaseId);
        _executor.ThreadOf(second.TrialId); // started without another lease from the dispatcher
        _executor.Release(second.TrialId);
        Assert.Equal(2, replies.ExpectMsg<TrialRunner.Ran>().LeaseId);
    }

    [Fact]
    public void ALeavingRunnerHandsBackThePrefetchedLeaseAndFinishesTheRunningOne()
    {
        var runner = Sys.ActorOf(TrialRunner.Props(_executor, 1, "class-a", prefetch: 1));
        var replies = CreateTestProbe();
        var drained = CreateTestProbe();
        var running = Fixtures.Trial("gen0_c3", 0);
        var waiting = Fixtures.Trial("gen0_c3", 1);
        runner.Tell(new TrialRunner.Run(1, running, replies.Ref));
        runner.Tell(new TrialRunner.Run(2, waiting, replies.Ref));
        _executor.ThreadOf(running.TrialId);
        runner.Tell(new TrialRunner.Drain(drained.Ref));
        var refused = replies.ExpectMsg<TrialRunner.Refused>();
        Assert.Equal(2, refused.LeaseId);
        Assert.Contains("leaving", refused.Reason);
        drained.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        _executor.Release(running.TrialId);
        Assert.Equal(1, replies.ExpectMsg<TrialRunner.Ran>().LeaseId);
        drained.ExpectMsg<Akka.Done>();
    }

    [Fact]
    public void TwoLeasesOfOneTrialTakeTwoSlots()
    {
        // The Java runner counted trials by id: a second lease of the same trial did not take a slot.
        var runner = Sys.ActorOf(TrialRunner.Props(_executor, 1, "class-a"));
        var replies = CreateTestProbe();
        var spec = Fixtures.Trial("gen0_c9", 0);
        runner.Tell(new TrialRunner.Run(1, spec, replies.Ref));
        _executor.ThreadOf(spec.TrialId);
        runner.Tell(new TrialRunner.Run(2, spec, replies.Ref));
        Assert.Equal(2, replies.ExpectMsg<TrialRunner.Refused>().LeaseId);
        _executor.Release(spec.TrialId);
        Assert.Equal(1, replies.ExpectMsg<TrialRunner.Ran>().LeaseId);
    }

    [Fact]
    public void DescribeListsTheTrialsInFlight()
    {
        var runner = Sys.ActorOf(TrialRunner.Props(_executor, 2, "class-b"));
        var replies = CreateTestProbe();
        var a = Fixtures.Trial("gen0_c1", 0);
        var b = Fixtures.Trial("gen0_c1", 1);

        var idle = runner.Ask<TrialRunner.Description>(new TrialRunner.Describe(), TimeSpan.FromSeconds(5)).Result;
        Assert.Equal("class-b", idle.NodeClass);
        Assert.Equal(2, idle.Slots);
        Assert.Empty(idle.InFlightSince);
        Assert.False(idle.Leaving);

        runner.Tell(new TrialRunner.Run(1, a, replies.Ref));
        runner.Tell(new TrialRunner.Run(2, b, replies.Ref));
        _executor.ThreadOf(a.TrialId);
        _executor.ThreadOf(b.TrialId);
        var busy = runner.Ask<TrialRunner.Description>(new TrialRunner.Describe(), TimeSpan.FromSeconds(5)).Result;
        Assert.Equal(new HashSet<string> { a.TrialId, b.TrialId }, busy.InFlightSince.Keys.ToHashSet());

        _executor.Release(a.TrialId);
        Assert.Equal(1, replies.ExpectMsg<TrialRunner.Ran>().LeaseId);
        var one = runner.Ask<TrialRunner.Description>(new TrialRunner.Describe(), TimeSpan.FromSeconds(5)).Result;
        Assert.Equal([b.TrialId], one.InFlightSince.Keys);
    }

    [Fact]
    public void AnExecutorThatThrowsGivesAFailedTrialNotALostLease()
    {
        var runner = Sys.ActorOf(TrialRunner.Props(new Throwing(), 1, "class-a"));
        var replies = CreateTestProbe();
        var spec = Fixtures.Trial("gen0_c2", 0);
        runner.Tell(new TrialRunner.Run(9, spec, replies.Ref));
        var ran = replies.ExpectMsg<TrialRunner.Ran>();
        Assert.Equal(9, ran.LeaseId);
        Assert.Equal(TrialOutcome.Failed, ran.Result.Outcome);
        Assert.Contains("probe exploded", ran.Result.Error);
        // and the slot is free again
        runner.Tell(new TrialRunner.Run(10, spec, replies.Ref));
        Assert.Equal(10, replies.ExpectMsg<TrialRunner.Ran>(TimeSpan.FromSeconds(5)).LeaseId);
    }

    private void AwaitListing(Predicate<RunnerReceptionist.Listing> until)
    {
        var listing = CreateTestProbe();
        RunnerReceptionist.Get(Sys).Tell(new RunnerReceptionist.Subscribe(listing.Ref));
        listing.FishForMessage<RunnerReceptionist.Listing>(until, TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void RegistersWithTheReceptionistSoThatDispatchersFindIt()
    {
        var runner = Sys.ActorOf(TrialRunner.Props(_executor, 1, "class-a"));
        AwaitListing(l => l.Reachable.Contains(runner));
    }

    [Fact]
    public void DrainingDeregistersRefusesNewTrialsAndAnswersOnlyOnceItsTrialHasFinished()
    {
        var runner = Sys.ActorOf(TrialRunner.Props(_executor, 2, "class-a"));
        AwaitListing(l => l.Reachable.Contains(runner));
        var replies = CreateTestProbe();
        var inFlight = Fixtures.Trial("gen0_c3", 0);
        runner.Tell(new TrialRunner.Run(1, inFlight, replies.Ref));
        _executor.ThreadOf(inFlight.TrialId); // it has started

        var drained = CreateTestProbe();
        runner.Tell(new TrialRunner.Drain(drained.Ref));
        // out of the listing, so that no dispatcher leases it anything more
        AwaitListing(l => !l.All.Contains(runner));
        // a lease sent before the dispatcher saw that is refused, though a slot is free
        runner.Tell(new TrialRunner.Run(2, Fixtures.Trial("gen0_c3", 1), replies.Ref));
        Assert.Equal(2, replies.ExpectMsg<TrialRunner.Refused>().LeaseId);
        Assert.True(runner.Ask<TrialRunner.Description>(new TrialRunner.Describe(), TimeSpan.FromSeconds(5)).Result.Leaving);
        drained.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        // a second Drain is answered too (the Java runner ignored it)
        var again = CreateTestProbe();
        runner.Tell(new TrialRunner.Drain(again.Ref));

        _executor.Release(inFlight.TrialId);
        var ran = replies.ExpectMsg<TrialRunner.Ran>();
        Assert.Equal(1, ran.LeaseId);
        Assert.Equal(TrialOutcome.Ok, ran.Result.Outcome);
        drained.ExpectMsg<Akka.Done>();
        again.ExpectMsg<Akka.Done>();
        // and once drained, at once
        var late = CreateTestProbe();
        runner.Tell(new TrialRunner.Drain(late.Ref));
        late.ExpectMsg<Akka.Done>();
    }

    [Fact]
    public void ATrialCutShortByTheShutdownIsRefusedNotReportedAsAFailure()
    {
        var runner = Sys.ActorOf(TrialRunner.Props(new Interrupted(), 1, "class-a"));
        var replies = CreateTestProbe();
        runner.Tell(new TrialRunner.Run(5, Fixtures.Trial("gen0_c4", 0), replies.Ref));
        var refused = replies.ExpectMsg<TrialRunner.Refused>();
        Assert.Equal(5, refused.LeaseId);
        Assert.Equal(TrialResult.InterruptedError, refused.Reason);
    }

    [Fact]
    public void TheCoolDownIsWaitedForOnlyByTrialsThatTouchTheMachine()
    {
        var sim = Fixtures.Trial("gen0_c5", 0) with { Execution = new Dream.Core.Domain.ExecutionSpec(1, 0, 30, 0, 1.5) };
        Assert.Equal(0, TrialRunner.CoolDownS(sim));
        var cpu = sim with { RegimeSpec = sim.RegimeSpec with { Workload = new Dream.Core.Domain.WorkloadSpec("builtin-cpu", null) } };
        Assert.Equal(30, TrialRunner.CoolDownS(cpu));
    }
}
