using Dream.Cli.Report;
using Dream.Cluster.Reports;
using Dream.Cluster.Runs;

namespace Dream.Cli.Tests.Report;

public sealed class RacingFigureTests
{
    [Fact]
    public void NoEliminationsNoFigure() => Assert.Null(RacingFigure.Of(new RunHistory.Domain("sim")));

    [Fact]
    public void EliminationsFromTheJournalAreCountedPerBlockAndReason()
    {
        var history = new RunHistory();
        history.OnEvent("sim", new DomainEvent.CandidateEliminated(0, "gen0_c1", 0, "paired-t-holm", -3.1, 0.004, "gen0_c0", "2026-01-01T00:00:00Z"));
        history.OnEvent("sim", new DomainEvent.CandidateEliminated(0, "gen0_c2", 1, "paired-t-holm", -2.5, 0.02, "gen0_c0", "2026-01-01T00:00:01Z"));
        history.OnEvent("sim", new DomainEvent.CandidateEliminated(1, "gen1_c3", 0, "failed", null, null, null, "2026-01-01T00:00:02Z"));
        var d = history.Domains()["sim"];
        Assert.Equal(3, d.Eliminations.Count);
        var f = RacingFigure.Of(d)!;
        Assert.Equal("sim-racing", f.Name);
        Assert.Contains("3 candidates dropped over 2 generation(s)", f.Caption);
        Assert.Contains("paired-t-holm", f.Svg);
        Assert.Contains("failed", f.Svg);
        var report = HtmlReport.Of("r", history);
        Assert.Contains(report.Figures, x => x.Name == "sim-racing");
        Assert.Contains("Racing dropped 3 candidates early", report.Html);
    }
}
