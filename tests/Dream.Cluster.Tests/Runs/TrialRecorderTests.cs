using Akka;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using Dream.Cluster.Runs;
using Dream.Trials;

namespace Dream.Cluster.Tests.Runs;

public sealed class TrialRecorderTests() : TestKit(TestSystems.PlainLocal())
{
    private static TrialResult Result(int k) => Fixtures.Ok(Fixtures.Trial("gen0_c0", k), k);

    private static IReadOnlyList<string> Ids(DomainCoordinator.PersistTrials p) => p.Results.Select(r => r.TrialId).ToList();

    [Fact]
    public void WhileOneWriteIsUnacknowledgedLaterOutcomesWaitAndGoTogether()
    {
        var coordinator = CreateTestProbe();
        var recorder = Sys.ActorOf(TrialRecorder.Props(coordinator.Ref));
        var a = CreateTestProbe();
        var b = CreateTestProbe();
        var c = CreateTestProbe();

        recorder.Tell(new TrialRecorder.Record(Result(0)), a.Ref);
        var first = coordinator.ExpectMsg<DomainCoordinator.PersistTrials>();
        var firstSender = coordinator.LastSender;
        Assert.Equal([Result(0).TrialId], Ids(first));

        recorder.Tell(new TrialRecorder.Record(Result(1)), b.Ref);
        recorder.Tell(new TrialRecorder.Record(Result(2)), c.Ref);
        coordinator.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        a.ExpectNoMsg(TimeSpan.FromMilliseconds(50)); // nothing counts before the journal has it

        firstSender.Tell(Done.Instance);
        Assert.Equal(Result(0).TrialId, a.ExpectMsg<TrialRecorder.Recorded>().TrialId);
        var second = coordinator.ExpectMsg<DomainCoordinator.PersistTrials>();
        var secondSender = coordinator.LastSender;
        Assert.Equal([Result(1).TrialId, Result(2).TrialId], Ids(second));
        b.ExpectNoMsg(TimeSpan.FromMilliseconds(50));
        c.ExpectNoMsg(TimeSpan.FromMilliseconds(50));

        secondSender.Tell(Done.Instance);
        Assert.Equal(Result(1).TrialId, b.ExpectMsg<TrialRecorder.Recorded>().TrialId);
        Assert.Equal(Result(2).TrialId, c.ExpectMsg<TrialRecorder.Recorded>().TrialId);
        coordinator.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void AnIdleRecorderWritesAnOutcomeAtOnce()
    {
        var coordinator = CreateTestProbe();
        var recorder = Sys.ActorOf(TrialRecorder.Props(coordinator.Ref));
        var requester = CreateTestProbe();
        for (var k = 0; k < 3; k++)
        {
            recorder.Tell(new TrialRecorder.Record(Result(k)), requester.Ref);
            var p = coordinator.ExpectMsg<DomainCoordinator.PersistTrials>();
            Assert.Equal([Result(k).TrialId], Ids(p));
            coordinator.LastSender.Tell(Done.Instance);
            Assert.Equal(Result(k).TrialId, requester.ExpectMsg<TrialRecorder.Recorded>().TrialId);
        }
    }
}
