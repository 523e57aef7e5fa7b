using Dream.Cli.Report;
using Dream.Cluster.Reports;
using Dream.Trials;

namespace Dream.Cli.Tests.Report;

public sealed class TimelineFigureTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static RunHistory.Trial Trial(string cand, int k, TrialOutcome outcome, string node, double duration, double recordedAfterS) =>
        new($"r/sim/{cand}/normal/{k}", cand, "normal", outcome, node, duration, outcome == TrialOutcome.CapBreach ? 1 : 0,
            T0.AddSeconds(recordedAfterS));

    [Fact]
    public void EachNodeHasALaneAndATrialEndsWhenItWasRecordedAndStartsItsDurationEarlier()
    {
        var trials = new[]
        {
            Trial("gen0_c0", 0, TrialOutcome.Ok, "akka.tcp://Dream@10.0.0.2:4053", 2.0, 10),
            Trial("gen0_c0", 1, TrialOutcome.Failed, "akka.tcp://Dream@10.0.0.1:4053", 1.5, 12),
            Trial("baseline", 0, TrialOutcome.CapBreach, "akka.tcp://Dream@10.0.0.1:4053", 0.5, 5),
        };
        var (bars, lanes) = TimelineFigure.Layout(trials, T0);
        Assert.Equal(["10.0.0.1:4053", "10.0.0.2:4053"], lanes);
        var failed = bars.Single(b => b.Trial.Outcome == TrialOutcome.Failed);
        Assert.Equal(0, failed.Lane);
        Assert.Equal(10.5, failed.Start, 9);
        Assert.Equal(12.0, failed.End, 9);
        Assert.Equal(1, bars.Single(b => b.Trial.Node.EndsWith("10.0.0.2:4053")).Lane);
    }

    [Fact]
    public void FailuresAndCapBreachesAreMarkedAndCounted()
    {
        var d = new RunHistory.Domain("sim");
        d.Trials.Add(Trial("gen0_c0", 0, TrialOutcome.Ok, "n1", 1, 3));
        d.Trials.Add(Trial("gen0_c0", 1, TrialOutcome.Timeout, "n1", 1, 4));
        d.Trials.Add(Trial("gen0_c1", 0, TrialOutcome.CapBreach, "n2", 1, 4));
        var f = TimelineFigure.Of(d, T0);
        Assert.Contains("3 trials on 2 node(s): 1 failed or timed out, 1 broke a cap", f.Caption);
        Assert.Contains("failure (end marked)", f.Svg);
        Assert.Contains("cap breach (end marked)", f.Svg);
        Assert.True(f.Png.Length > 1000);
    }
}
