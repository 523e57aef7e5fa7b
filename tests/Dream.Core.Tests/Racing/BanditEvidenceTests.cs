using Dream.Core.Racing;

namespace Dream.Core.Tests.Racing;

/// <summary>What a bandit knows at a decision, from the decisions made and the outcomes recorded alone.</summary>
public class BanditEvidenceTests
{
    private static readonly string[] Order = ["c0", "c1", "c2"];

    [Fact]
    public void AnArmsEvidenceIsItsRecordedBlocksDatedByTheDecisionsThatChoseThem()
    {
        BanditEvidence.Decided[] decided = [new(0, "c0", 0), new(1, "c1", 0), new(2, "c0", 1), new(3, "c0", 2)];
        // c0's block 2 is chosen but not recorded yet
        var outcomes = new Dictionary<(string, int), BlockOutcome>
        {
            [("c0", 0)] = new BlockOutcome.Scored(0.5), [("c0", 1)] = new BlockOutcome.Scored(-0.1), [("c1", 0)] = new BlockOutcome.Scored(0.2),
        };
        var arms = BanditEvidence.Arms(Order, decided, (c, b) => outcomes.GetValueOrDefault((c, b)), 3);
        Assert.Equal(Order, arms.Select(a => a.CandId));
        Assert.Equal([0.5, -0.1], arms[0].Scores);
        Assert.Equal([0, 2], arms[0].RecordedAt);
        Assert.True(arms[0].Exhausted, "every block of c0 is chosen (one still in flight): no slot may get it again");
        Assert.False(arms[1].Exhausted);
        Assert.Empty(arms[2].Scores);
        Assert.Equal(3, BanditEvidence.NextBlock(decided, "c0"));
        Assert.Equal(1, BanditEvidence.NextBlock(decided, "c1"));
        Assert.Equal(0, BanditEvidence.NextBlock(decided, "c2"));
    }

    [Fact]
    public void AFailedTrialExhaustsItsArm()
    {
        BanditEvidence.Decided[] decided = [new(0, "c1", 0)];
        var arms = BanditEvidence.Arms(Order, decided, (c, b) => c == "c1" ? new BlockOutcome.Failed(Race.Failed) : null, 6);
        Assert.True(arms[1].Exhausted);
        Assert.Empty(arms[1].Scores);
        Assert.False(arms[0].Exhausted);
    }
}
