namespace Dream.Core.Racing;

/// <summary>
/// How many blocks (one (regime, trial) measurement each) a bandit generation may spend: <c>--trial-budget</c>, by
/// default half of what full evaluation spends. Every candidate needs one block at least, or it would be assessed on
/// nothing.
/// </summary>
public static class BanditBudget
{
    public static int Minimum(int candidates) => Math.Max(1, candidates);

    /// <summary>Half of candidates × regimes × trials, rounded up, and never below <see cref="Minimum"/>.</summary>
    public static int Default(int candidates, int regimes, int trials)
    {
        var full = (long)candidates * regimes * trials;
        return (int)Math.Max(Minimum(candidates), (full + 1) / 2);
    }
}
