using Dream.Core.Evolution;
using MathNet.Numerics.Distributions;

namespace Dream.Core.Racing;

/// <summary>The bandit strategies of <c>--allocation ucb|thompson|egreedy</c>.</summary>
public enum BanditStrategy
{
    Ucb,
    Thompson,
    EGreedy,
}

/// <summary>
/// How a bandit weighs evidence. A block is a <em>success</em> when its score beats the baseline by
/// <see cref="SuccessMargin"/> (block scores are 0 at the baseline, in score_v2 units): beating the baseline by noise
/// is not a success. <see cref="UcbConstant"/>: c in mean + c·√(ln N / n). ε-greedy explores with
/// ε_t = max(<see cref="EpsilonFloor"/>, <see cref="Epsilon"/> / (1 + <see cref="EpsilonDecay"/>·t)).
/// <see cref="Discount"/> γ in (0, 1]: an observation d decisions old weighs γ^d, so that drift forgets (1: none).
/// </summary>
public sealed record BanditSettings(BanditStrategy Strategy, double SuccessMargin = BanditSettings.DefaultMargin,
    double UcbConstant = BanditSettings.DefaultUcbConstant, double Epsilon = 0.3, double EpsilonDecay = 0.05, double EpsilonFloor = 0.02,
    double Discount = 1.0)
{
    public const double DefaultMargin = 0.02;
    public const double DefaultUcbConstant = 1.4142135623730951; // √2, UCB1's

    public static BanditSettings Of(string name) => new(name switch
    {
        "ucb" => BanditStrategy.Ucb,
        "thompson" => BanditStrategy.Thompson,
        "egreedy" => BanditStrategy.EGreedy,
        _ => throw new ArgumentException("unknown bandit " + name + " (ucb, thompson, egreedy)"),
    });

    public string Name => Strategy switch
    {
        BanditStrategy.Ucb => "ucb",
        BanditStrategy.Thompson => "thompson",
        _ => "egreedy",
    };
}

/// <summary>
/// One bandit decision: which arm (candidate) a free runner slot measures next, and every arm's index value at that
/// moment (the journal's record of why). <see cref="Stream"/> names the random stream used (null for UCB).
/// </summary>
public sealed record BanditChoice(int Decision, int Slot, string Strategy, string Chosen, IReadOnlyDictionary<string, double> Indexes,
    IReadOnlyList<string> Alternatives, string? Stream);

/// <summary>
/// A bandit over a generation's candidates, as a pure function of the evidence recorded so far: each arm's block
/// scores with the decision number at which each was recorded. The index values are computed at decision time from
/// that evidence and never kept (Esper's UCB and Thompson went wrong exactly by caching them); the randomness of a
/// decision is a fresh stream derived from (seed, generation, decision, slot), so two slots asking at the same moment
/// draw differently, and a replay after a crash draws the same.
/// </summary>
public static class Bandit
{
    /// <summary>One arm's evidence: the block scores recorded for it, and when (the decision number each was recorded by).</summary>
    public sealed record Arm(string CandId, IReadOnlyList<double> Scores, IReadOnlyList<int> RecordedAt, bool Exhausted);

    /// <param name="arms">the candidates, in candidate order (which breaks ties)</param>
    /// <param name="decision">the number of this decision in the generation (0, 1, ...)</param>
    /// <param name="slot">the runner slot asking</param>
    public static BanditChoice Choose(IReadOnlyList<Arm> arms, BanditSettings settings, long seed, string domain, int generation, int decision,
        int slot)
    {
        var open = arms.Where(a => !a.Exhausted).ToList();
        if (open.Count == 0) throw new ArgumentException("every arm is exhausted");
        var indexes = new Dictionary<string, double>();
        string? stream = null;
        SeededRandom? rng = null;
        if (settings.Strategy != BanditStrategy.Ucb)
        {
            var purpose = settings.Name + "/g" + generation + "/slot" + slot;
            stream = purpose + "/" + decision;
            rng = GenerationRandom.Derive(seed, domain, purpose, decision);
        }
        // UCB and ε-greedy measure every arm once before any index is believed; Thompson needs no such rule (an arm
        // without evidence draws from Beta(1, 1)), and two slots asking at once must be free to differ.
        var unpulled = settings.Strategy == BanditStrategy.Thompson ? null : open.FirstOrDefault(a => a.Scores.Count == 0);
        var weighed = open.Select(a => (a, Weigh(a, settings, decision))).ToList();
        var total = weighed.Sum(w => w.Item2.N);
        string chosen;
        switch (settings.Strategy)
        {
            case BanditStrategy.Ucb:
                foreach (var (a, w) in weighed)
                    indexes[a.CandId] = w.N <= 0 ? double.PositiveInfinity
                        : w.Successes / w.N + settings.UcbConstant * Math.Sqrt(Math.Log(Math.Max(1, total)) / w.N);
                chosen = unpulled?.CandId ?? ArgMax(open, indexes);
                break;
            case BanditStrategy.Thompson:
                foreach (var (a, w) in weighed)
                    indexes[a.CandId] = Beta.Sample(rng!, 1 + w.Successes, 1 + (w.N - w.Successes));
                chosen = unpulled?.CandId ?? ArgMax(open, indexes);
                break;
            default:
                var epsilon = Math.Max(settings.EpsilonFloor, settings.Epsilon / (1 + settings.EpsilonDecay * decision));
                foreach (var (a, w) in weighed) indexes[a.CandId] = w.N <= 0 ? double.PositiveInfinity : w.Successes / w.N;
                var explore = rng!.NextDouble() < epsilon;
                var pick = rng.Next(open.Count);
                chosen = unpulled?.CandId ?? (explore ? open[pick].CandId : ArgMax(open, indexes));
                break;
        }
        return new BanditChoice(decision, slot, settings.Name, chosen, indexes, open.Select(a => a.CandId).Where(c => c != chosen).ToList(), stream);
    }

    /// <summary>Discounted successes and pulls of an arm at decision <paramref name="now"/>.</summary>
    private static (double Successes, double N) Weigh(Arm a, BanditSettings settings, int now)
    {
        double s = 0, n = 0;
        for (var i = 0; i < a.Scores.Count; i++)
        {
            var w = settings.Discount >= 1 ? 1 : Math.Pow(settings.Discount, Math.Max(0, now - a.RecordedAt[i]));
            n += w;
            if (a.Scores[i] > settings.SuccessMargin) s += w;
        }
        return (s, n);
    }

    private static string ArgMax(IReadOnlyList<Arm> open, IReadOnlyDictionary<string, double> indexes)
    {
        var best = open[0].CandId;
        foreach (var a in open)
            if (indexes[a.CandId] > indexes[best]) best = a.CandId;
        return best;
    }
}
