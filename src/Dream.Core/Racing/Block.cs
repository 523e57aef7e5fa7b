namespace Dream.Core.Racing;

/// <summary>One unit of paired evidence: the trial of index <see cref="Trial"/> in <see cref="Regime"/>, measured for every survivor.</summary>
public sealed record Block(int Index, string Regime, int Trial)
{
    /// <summary>
    /// Every regime at trial 0, then every regime at trial 1, ...: the first blocks reach every regime, so an early
    /// test already weighs the whole workload mix rather than one regime of it.
    /// </summary>
    public static IReadOnlyList<Block> Order(IReadOnlyList<string> regimes, int trials)
    {
        if (regimes.Count == 0) throw new ArgumentException("a race needs at least one regime");
        if (trials < 1) throw new ArgumentException("a race needs at least one trial per regime");
        var blocks = new List<Block>(regimes.Count * trials);
        for (var k = 0; k < trials; k++)
            foreach (var r in regimes)
                blocks.Add(new Block(blocks.Count, r, k));
        return blocks.AsReadOnly();
    }
}
