namespace Dream.Core.Racing;

/// <summary>
/// What a bandit knows at a decision, worked out afresh from the decisions made and the outcomes recorded (never
/// kept between decisions). A candidate's k-th decision measures its block k, so the blocks of every arm are taken
/// in the race's block order and two arms' first blocks are the same (regime, trial).
/// </summary>
public static class BanditEvidence
{
    /// <summary>One decision as the journal has it.</summary>
    public sealed record Decided(int Decision, string CandId, int Block);

    /// <summary>
    /// The arms in candidate order. An arm's evidence is its recorded block scores, each dated by the decision that
    /// chose it (so a discount weighs the same on a replay whatever the timing of the answers). An arm is exhausted
    /// once every block is chosen for it (chosen but unrecorded ones count: two slots never get the same block) or
    /// once a trial of it failed or broke a cap.
    /// </summary>
    /// <param name="outcome">the recorded outcome of a candidate's block; null while it is not recorded</param>
    public static IReadOnlyList<Bandit.Arm> Arms(IReadOnlyList<string> order, IReadOnlyList<Decided> decided, Func<string, int, BlockOutcome?> outcome,
        int blocks)
    {
        var arms = new List<Bandit.Arm>(order.Count);
        foreach (var c in order)
        {
            var scores = new List<double>();
            var at = new List<int>();
            var chosen = 0;
            var failed = false;
            foreach (var d in decided)
            {
                if (d.CandId != c) continue;
                chosen++;
                switch (outcome(c, d.Block))
                {
                    case BlockOutcome.Scored s:
                        scores.Add(s.Score);
                        at.Add(d.Decision);
                        break;
                    case BlockOutcome.Failed:
                        failed = true;
                        break;
                }
            }
            arms.Add(new Bandit.Arm(c, scores, at, failed || chosen >= blocks));
        }
        return arms;
    }

    /// <summary>The block a new decision for <paramref name="candId"/> measures: the next one it has not been given.</summary>
    public static int NextBlock(IReadOnlyList<Decided> decided, string candId) => decided.Count(d => d.CandId == candId);
}
