using Dream.Cli.Report;
using Dream.Cluster.Runs;

namespace Dream.Cli.Tests.Report;

public class OperatorLedgerTests
{
    private static DomainEvent.GenerationCompleted Completed(int g, double? best) => new(g, best is null ? null : $"gen{g}_c0", best, null, 1, 1, "t");

    [Fact]
    public void TheRealisedGainIsTheRiseOfTheBestSoFarWithTheGeneration()
    {
        var ledger = new OperatorLedger();
        ledger.OnEvent("sim", Completed(0, 0.10));
        ledger.OnEvent("sim", Completed(1, 0.30));
        ledger.OnEvent("sim", Completed(2, 0.20));
        ledger.OnEvent("sim", new DomainEvent.OperatorDecided(3, "diversify", "stagnation: x", 2, 0.2, "t"));
        ledger.OnEvent("sim", Completed(3, 0.45));
        ledger.OnEvent("sim", new DomainEvent.OperatorDecided(4, "specialize", "late: y", 3, 0.05, "t"));
        ledger.OnEvent("sim", Completed(4, 0.40));
        ledger.OnEvent("sim", new DomainEvent.OperatorDecided(5, "specialize", "late: z", 3, 0.05, "t"));

        var lines = ledger.Lines("sim");
        Assert.Equal(3, lines.Count);
        Assert.Equal("operator diversify (generation 3, 2 proposal(s) replaced): stagnation: x; expected gain +0.2000, realised +0.1500", lines[0]);
        Assert.EndsWith("expected gain +0.0500, realised 0.0000", lines[1]);
        Assert.EndsWith("realised pending (generation not completed)", lines[2]);
        Assert.Empty(ledger.Lines("cpu"));
    }

    [Fact]
    public void TheHtmlTableHasARowPerDecisionAndNothingWithoutOne()
    {
        var b = new System.Text.StringBuilder();
        OperatorLedger.AppendHtml(b, [], [Completed(0, 0.1)]);
        Assert.Equal("", b.ToString());
        OperatorLedger.AppendHtml(b, [new DomainEvent.OperatorDecided(1, "diversify", "stagnation: a < b", 2, 0.25, "t")],
            [Completed(0, 0.1), Completed(1, 0.4)]);
        var html = b.ToString();
        Assert.Contains("<h3>Population operators</h3>", html);
        Assert.Contains("<tr><td>1</td><td>diversify</td><td>stagnation: a &lt; b</td><td>2</td><td>+0.2500</td><td>+0.3000</td></tr>", html);
    }

    [Fact]
    public void AGenerationWithoutASafeCandidateRealisesNothing()
    {
        var bests = new SortedDictionary<int, double?> { [0] = null, [1] = null };
        Assert.Equal(0, OperatorLedger.Realised(bests, 1));
        Assert.Null(OperatorLedger.Realised(bests, 2));
    }
}
