using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit.Xunit2;
using Dream.Cluster.Service;
using Dream.Cluster.Tests.Runs;
using Dream.Core.Scheduling;

namespace Dream.Cluster.Tests.Service;

/// <summary>The schedule of one domain as the journal keeps it: across restarts, for rates, backoff and interval changes.</summary>
public sealed class ServiceScheduleTests : TestKit
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.Parse("2026-01-01T00:00:00Z");
    private static readonly TimeSpan Every = TimeSpan.FromMinutes(10);
    private static readonly Backoff Backoff = new(TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5));

    public ServiceScheduleTests()
        : base(ConfigurationFactory.ParseString(ServiceScheduleJournal.Serializer.Hocon).WithFallback(TestSystems.Local(TestSystems.FreshJournal())))
    {
    }

    /// <summary>The schedule of one domain, and its restarts from the journal.</summary>
    private sealed class Schedule(TestKit kit, string domain)
    {
        private IActorRef _actor = kit.Sys.ActorOf(ServiceSchedule.Props(domain));

        public ServiceSchedule.State Run(Func<IActorRef, ServiceSchedule.ICommand> command)
        {
            var probe = kit.CreateTestProbe();
            _actor.Tell(command(probe.Ref));
            return probe.ExpectMsg<ServiceSchedule.State>(TimeSpan.FromSeconds(10));
        }

        public ServiceSchedule.State Get() => Run(r => new ServiceSchedule.Get(r));

        public void Restart()
        {
            var watch = kit.CreateTestProbe();
            watch.Watch(_actor);
            kit.Sys.Stop(_actor);
            watch.ExpectTerminated(_actor, TimeSpan.FromSeconds(10));
            _actor = kit.Sys.ActorOf(ServiceSchedule.Props(domain));
        }
    }

    [Fact]
    public void AnUnfinishedCampaignAndTheNextStartSurviveARestart()
    {
        var s = new Schedule(this, "a");
        Assert.Equal(T0, s.Get().DueWith(Every, T0)); // never ran: due now
        s.Run(r => new ServiceSchedule.Begin("run-1", T0, T0, r));
        var ended = s.Run(r => new ServiceSchedule.Finish("run-1", "completed", T0.AddSeconds(120), Every, r));
        Assert.Equal(T0 + Every, ended.NextDue); // a rate: 10 minutes after the planned start, not after the end
        s.Run(r => new ServiceSchedule.Begin("run-2", T0 + Every, T0 + Every, r));

        s.Restart();
        var after = s.Get();
        Assert.Equal(new ServiceSchedule.Active("run-2", T0 + Every, T0 + Every), after.Active); // run-2 is to be resumed
        Assert.Equal(1, after.Campaigns);
        var done = s.Run(r => new ServiceSchedule.Finish("run-2", "completed", T0 + Every + TimeSpan.FromSeconds(60), Every, r));
        Assert.Equal(T0 + 2 * Every, done.NextDue);
        s.Restart();
        Assert.Equal(T0 + 2 * Every, s.Get().DueWith(Every, T0));
    }

    [Fact]
    public void OnlyOneCampaignIsActiveAndStaleReportsChangeNothing()
    {
        var s = new Schedule(this, "b");
        var first = s.Run(r => new ServiceSchedule.Begin("run-1", T0, T0, r));
        var second = s.Run(r => new ServiceSchedule.Begin("run-x", T0, T0, r));
        Assert.Equal(first, second);
        Assert.Equal("run-1", second.Active!.RunId); // a second service process follows the campaign that runs
        Assert.Equal(first, s.Run(r => new ServiceSchedule.Finish("run-x", "completed", T0, Every, r)));
        Assert.Equal(first, s.Run(r => new ServiceSchedule.Fail("run-x", "boom", T0, Backoff, r)));
        Assert.Equal(first, s.Run(r => new ServiceSchedule.Fail(null, "boom", T0, Backoff, r)));
        var finished = s.Run(r => new ServiceSchedule.Finish("run-1", "completed", T0.AddSeconds(5), Every, r));
        // finishing twice counts once
        Assert.Equal(finished, s.Run(r => new ServiceSchedule.Finish("run-1", "completed", T0.AddSeconds(9), Every, r)));
        Assert.Equal(1, finished.Campaigns);
    }

    [Fact]
    public void FailuresBackOffAndASuccessResetsTheBackoff()
    {
        var s = new Schedule(this, "c");
        s.Run(r => new ServiceSchedule.Begin("run-1", T0, T0, r));
        var f1 = s.Run(r => new ServiceSchedule.Fail("run-1", "failed: no runner", T0.AddSeconds(10), Backoff, r));
        Assert.Null(f1.Active);
        Assert.Equal(T0.AddSeconds(10) + TimeSpan.FromMinutes(1), f1.DueWith(Every, T0));
        var t = T0.AddSeconds(100);
        var f2 = s.Run(r => new ServiceSchedule.Fail(null, "config invalid", t, Backoff, r));
        Assert.Equal(t + TimeSpan.FromMinutes(2), f2.DueWith(Every, t));
        s.Restart();
        for (int i = 0; i < 4; i++) s.Run(r => new ServiceSchedule.Fail(null, "again", t, Backoff, r));
        var capped = s.Get();
        Assert.Equal(6, capped.FailuresInARow);
        Assert.Equal(t + TimeSpan.FromMinutes(5), capped.NextDue); // capped at the backoff's max
        s.Run(r => new ServiceSchedule.Begin("run-2", capped.NextDue!.Value, capped.NextDue!.Value, r));
        var ok = s.Run(r => new ServiceSchedule.Finish("run-2", "completed", capped.NextDue!.Value.AddSeconds(1), Every, r));
        Assert.Equal(0, ok.FailuresInARow);
        Assert.Equal(capped.NextDue + Every, ok.NextDue);
    }

    [Fact]
    public void AChangedIntervalRePlansOnTheGridOfTheLastCampaign()
    {
        var s = new Schedule(this, "d");
        var day = TimeSpan.FromDays(1);
        s.Run(r => new ServiceSchedule.Begin("run-1", T0, T0, r));
        var st = s.Run(r => new ServiceSchedule.Finish("run-1", "completed", T0.AddSeconds(60), day, r));
        Assert.Equal(T0 + day, st.DueWith(day, T0));
        Assert.Equal(T0 + Every, st.DueWith(Every, T0)); // restarted with --every 10m: due 10 minutes after the last start
    }

    [Fact]
    public void ASnapshotRestoresTheStateWithoutItsEvents()
    {
        var s = new Schedule(this, "e");
        for (int i = 0; i < ServiceSchedule.SnapshotEvery / 2; i++)
        {
            var at = T0 + i * Every;
            s.Run(r => new ServiceSchedule.Begin("run-" + i, at, at, r));
            s.Run(r => new ServiceSchedule.Finish("run-" + i, "completed", at.AddSeconds(30), Every, r));
        }
        var before = s.Get();
        s.Restart();
        Assert.Equal(before, s.Get());
        Assert.Equal(ServiceSchedule.SnapshotEvery / 2, before.Campaigns);
    }

    [Fact]
    public void EveryEventAndTheStateReadBackAsWritten()
    {
        object[] all =
        [
            new ServiceSchedule.CampaignBegun("r", T0, T0.AddSeconds(1)),
            new ServiceSchedule.CampaignEnded("r", "completed", T0, Every, T0 + Every, 2),
            new ServiceSchedule.CampaignFailed(null, "boom", T0, 3, T0.AddMinutes(4)),
            new ServiceSchedule.State(new ServiceSchedule.Active("r", T0, T0), T0, null, T0, Every, 1, 7, "r", "completed"),
            ServiceSchedule.State.Empty,
        ];
        foreach (var o in all)
        {
            var manifest = ServiceScheduleJournal.Manifest(o);
            Assert.EndsWith(".v1", manifest);
            Assert.Equal(o, ServiceScheduleJournal.FromBinary(ServiceScheduleJournal.ToBinary(o), manifest));
        }
    }
}
