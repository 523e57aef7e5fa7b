using Dream.Core.Domain;

namespace Dream.Trials.Tests.Trials;

public class TrialRecordsTests
{
    private static TrialResult Result(TrialOutcome o, string? error) =>
        new("run1/d/gen0_c0/normal/0", o, new Dictionary<string, double>(), new Dictionary<string, string>(), [], error, 1.5, "host");

    [Fact]
    public void ATrialIdNamesRunDomainCandidateRegimeAndIndex()
    {
        Assert.Equal("2026-12-06T19-00-00_rabc123/cpu/gen3_c7/stress/2", TrialSpec.IdOf("2026-12-06T19-00-00_rabc123", "cpu", "gen3_c7", "stress", 2));
        var t = Fixtures.Trial(Fixtures.SimDomain(), Fixtures.Genome("threads", 4L), Fixtures.Workload("sim"), 1, 10, 3);
        Assert.Equal("run1/simcpu/gen0_c0/normal/3", t.TrialId);
    }

    [Fact]
    public void TheDeadlineIsThePlannedTimeTimesTheMultiplierOrACommandsOwnTimeoutBoundedByTheGlobalMaximum()
    {
        var d = Fixtures.SimDomain();
        var g = Fixtures.Genome("threads", 4L);
        Assert.Equal((1 + 10) * 1.5, Fixtures.Trial(d, g, Fixtures.Workload("sim"), 1, 10, 0).DeadlineS(), 1e-12);
        Assert.Equal(1 + 60.0, Fixtures.Trial(d, g, Fixtures.Workload("command", "timeout_s", 60L), 1, 10, 0).DeadlineS(), 1e-12);
        Assert.Equal(16.5, Fixtures.Trial(d, g, Fixtures.Workload("command", "timeout_s", 2.5), 1, 10, 0).DeadlineS(), 1e-12);
        Assert.Equal(300, Fixtures.Trial(d, g, Fixtures.Workload("sim"), 1, 1000, 0).DeadlineS(), 1e-12);
    }

    [Fact]
    public void OnlyAFailureWithTheShutdownErrorIsAnInterruption()
    {
        Assert.True(Result(TrialOutcome.Failed, TrialResult.InterruptedError).Interrupted());
        Assert.False(Result(TrialOutcome.Failed, "disk on fire").Interrupted());
        Assert.False(Result(TrialOutcome.Timeout, TrialResult.InterruptedError).Interrupted());
        Assert.True(Result(TrialOutcome.Ok, null).Succeeded());
        Assert.False(Result(TrialOutcome.CapBreach, "cap").Succeeded());
    }

    [Fact]
    public void AResultIsAttributedToTheClusterMemberThatRanIt()
    {
        var r = Result(TrialOutcome.Ok, null).WithNode("akka.tcp://dream@10.0.0.2:4711");
        Assert.Equal("akka.tcp://dream@10.0.0.2:4711", r.Node);
        Assert.Equal(1.5, r.DurationS);
    }

    [Fact]
    public void OutcomesHaveTheirWireNamesAndFailuresAreFailedOrTimedOut()
    {
        foreach (var o in Enum.GetValues<TrialOutcome>()) Assert.Equal(o, TrialOutcomeNames.Parse(o.ToWire()));
        Assert.Equal("CAP_BREACH", TrialOutcome.CapBreach.ToWire());
        Assert.Throws<ArgumentException>(() => TrialOutcomeNames.Parse("ok"));
        Assert.Equal([TrialOutcome.Failed, TrialOutcome.Timeout], Enum.GetValues<TrialOutcome>().Where(o => o.IsFailure()));
    }
}
