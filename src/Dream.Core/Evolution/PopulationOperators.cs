using Dream.Core.Domain;
using Dream.Core.Knobs;

namespace Dream.Core.Evolution;

/// <summary>The population operators of the Esper mapping (§2.3): what to do to a generation beyond its strategy's proposal.</summary>
public enum PopulationOperator
{
    /// <summary>No rule fired: an explicit no-op, not a success.</summary>
    None,

    /// <summary>Newcomers from the regions the run has measured least replace the last proposals (immigration).</summary>
    Diversify,

    /// <summary>Late in the budget, the last half of the proposals become neighbours of the best genomes (truncation).</summary>
    Specialize,

    /// <summary>
    /// Steady-state replacement: when the last generation measured candidates below an absolute floor (unsafe, or worse
    /// than the baseline), as many of the last proposals become offspring of two of the best genomes.
    /// </summary>
    Replace,

    /// <summary>
    /// When the best genomes score alike but lie apart, the last proposals become uniform recombinations of them: each
    /// knob taken from one of them, each with share 1/N (a portfolio of what already works).
    /// </summary>
    Ensemble,
}

/// <summary>
/// When the operators fire. Stagnation: the best score so far has not risen by more than <see cref="MinGain"/> over
/// the last <see cref="StagnationGenerations"/> generations. Diversity collapse: the last generation's mean distance
/// to its centroid in the unit cube, per knob, is below <see cref="DiversityFloor"/>. Late: the generation to propose
/// is at or past <see cref="LateFraction"/> of the run's generations. No operator within <see cref="Cooldown"/>
/// generations of the last one.
/// </summary>
/// <remarks>
/// REPLACE: the last generation has at least one candidate below <see cref="ReplaceFloor"/> (score_v2: 0 is the baseline)
/// or unsafe; it replaces that many (at most <see cref="Newcomers"/>). ENSEMBLE: the best <see cref="EnsembleSize"/>
/// genomes so far are within <see cref="EnsembleScoreBand"/> of the best score and their spread in the unit cube is at
/// least <see cref="EnsembleSpread"/>.
/// </remarks>
public sealed record OperatorSettings(int StagnationGenerations, double MinGain, double DiversityFloor, double LateFraction,
    int Newcomers, int Cooldown, int NewcomerDraws, double ReplaceFloor = 0.0, int EnsembleSize = 3, double EnsembleScoreBand = 0.02,
    double EnsembleSpread = 0.15)
{
    public static readonly OperatorSettings Default = new(3, 1e-3, 0.05, 0.75, 2, 2, 64);
}

/// <summary>
/// One operator decision for generation <see cref="Generation"/>: which operator, the rule that fired (or why none
/// did), how many proposals it changes, and the gain it expects in the best score so far, to be compared with
/// <see cref="PopulationOperators.RealisedGain"/> once the generation is scored.
/// </summary>
public sealed record OperatorDecision(int Generation, PopulationOperator Operator, string Rule, int Count, double ExpectedGain);

/// <summary>
/// Chooses and applies population operators from the observed state of a run's history only, so that a replay makes
/// the same decisions (the cooldown too is recomputed from the history, not remembered). Pure.
/// </summary>
/// <remarks>
/// Expected gains: DIVERSIFY expects the largest one-generation rise of the best score seen so far in the run (what
/// exploring delivered when the run was young); SPECIALIZE the mean rise per generation over the stagnation window.
/// Both are guesses to be calibrated by comparing them with the realised gains, which the decisions make possible.
/// </remarks>
public static class PopulationOperators
{
    /// <param name="history">the scored generations before the one to propose</param>
    /// <param name="generations">the run's planned generations</param>
    public static OperatorDecision Decide(KnobSpace space, IReadOnlyList<IReadOnlyList<Scored>> history, int generations,
        int population, OperatorSettings s)
    {
        var g = history.Count;
        if (g == 0) return None(g, "generation 0 is the initial design");
        // The cooldown is recomputed from the history: every earlier generation's decision, in order.
        var last = -1;
        var lastOperator = PopulationOperator.None;
        for (var t = 1; t < g; t++)
        {
            if (last >= 0 && t - last <= s.Cooldown) continue;
            var earlier = Rule(space, history.Take(t).ToArray(), generations, population, s);
            if (earlier.Operator == PopulationOperator.None) continue;
            last = t;
            lastOperator = earlier.Operator;
        }
        if (last >= 0 && g - last <= s.Cooldown) return None(g, $"cooldown: {lastOperator} at generation {last}");
        return Rule(space, history, generations, population, s);
    }

    private static OperatorDecision Rule(KnobSpace space, IReadOnlyList<IReadOnlyList<Scored>> history, int generations,
        int population, OperatorSettings s)
    {
        var g = history.Count;
        var best = BestSoFar(history);
        var late = g >= s.LateFraction * generations;
        if (late && best.Any(b => b is not null))
        {
            var window = Math.Min(s.StagnationGenerations, g - 1);
            var gain = window == 0 ? 0 : Gain(best, g - 1 - window, g - 1) / window;
            return new OperatorDecision(g, PopulationOperator.Specialize,
                $"late: generation {g} of {generations} (>= {s.LateFraction:0.##} of the run)", population / 2, gain);
        }
        if (g >= s.StagnationGenerations + 1 && best[g - 1] is not null)
        {
            var rise = Gain(best, g - 1 - s.StagnationGenerations, g - 1);
            if (rise <= s.MinGain)
            {
                return new OperatorDecision(g, PopulationOperator.Diversify,
                    $"stagnation: the best score rose {rise:0.####} in {s.StagnationGenerations} generations (<= {s.MinGain})",
                    Math.Min(s.Newcomers, population), LargestRise(best));
            }
        }
        var below = history[g - 1].Count(x => x.Score is not { } v || v < s.ReplaceFloor);
        if (below > 0 && best[g - 1] is not null)
        {
            var count = Math.Min(Math.Min(below, s.Newcomers), population);
            return new OperatorDecision(g, PopulationOperator.Replace,
                $"floor: {below} of {history[g - 1].Count} candidates of generation {g - 1} unsafe or below {s.ReplaceFloor} (the baseline)",
                count, LargestRise(best) * count / Math.Max(1, population));
        }
        var top = Selection.BestEver(history, s.EnsembleSize, space);
        if (top.Count >= 2 && best[g - 1] is { } bestScore)
        {
            var scores = TopScores(history, top, space);
            var spreadTop = Spread(space, top.Select(t => new Scored(t, null)).ToList());
            if (bestScore - scores.Min() <= s.EnsembleScoreBand && spreadTop >= s.EnsembleSpread)
            {
                return new OperatorDecision(g, PopulationOperator.Ensemble,
                    $"the best {top.Count} score within {bestScore - scores.Min():0.####} (<= {s.EnsembleScoreBand}) and lie apart (spread {spreadTop:0.###} >= {s.EnsembleSpread})",
                    Math.Min(s.Newcomers, population), LargestRise(best) / 2);
            }
        }
        var spread = Spread(space, history[g - 1]);
        if (spread < s.DiversityFloor)
        {
            return new OperatorDecision(g, PopulationOperator.Diversify,
                $"diversity collapse: spread {spread:0.####} < {s.DiversityFloor}", Math.Min(s.Newcomers, population), LargestRise(best));
        }
        return None(g, "no rule fired");
    }

    /// <summary>The proposal with the decision applied: the same size, still distinct.</summary>
    public static IReadOnlyList<Genome> Apply(OperatorDecision d, KnobSpace space, IReadOnlyList<Genome> proposal,
        IReadOnlyList<IReadOnlyList<Scored>> history, OperatorSettings s, SeededRandom rng)
    {
        if (d.Operator == PopulationOperator.None || d.Count == 0 || space.Size() is { } size && size <= proposal.Count) return proposal;
        var keep = proposal.Count - Math.Min(d.Count, proposal.Count);
        var next = new Distinct(space);
        foreach (var genome in proposal.Take(keep)) next.Add(genome);
        var measured = history.SelectMany(gen => gen).Where(x => space.Contains(x.Genome)).Select(x => space.Encode(x.Genome)).ToList();
        var elites = Selection.BestEver(history, Math.Max(1, d.Count), space);
        var e = 0;
        while (next.Count < proposal.Count)
        {
            Genome chosen;
            if (d.Operator == PopulationOperator.Diversify || elites.Count == 0) chosen = Newcomer(space, measured, next, s, rng);
            else if (d.Operator == PopulationOperator.Replace && elites.Count >= 2)
            {
                // an offspring of two of the best: uniform crossover, then one knob nudged
                var a = space.Encode(elites[e++ % elites.Count]);
                var b = space.Encode(elites[(e + rng.Next(elites.Count - 1)) % elites.Count]);
                var u = a.Select((x, i) => rng.NextDouble() < 0.5 ? x : b[i]).ToArray();
                Variation.MutateOne(space, u, 0.05, rng);
                chosen = next.NearestFree(space.Decode(u), rng);
            }
            else if (d.Operator == PopulationOperator.Ensemble)
            {
                var members = Selection.BestEver(history, s.EnsembleSize, space).Select(space.Encode).ToList();
                var u = new double[space.Dimension()];
                for (var i = 0; i < u.Length; i++) u[i] = members[rng.Next(members.Count)][i];
                chosen = next.NearestFree(space.Decode(u), rng);
            }
            else
            {
                var u = space.Encode(elites[e++ % elites.Count]);
                Variation.MutateOne(space, u, 0.05, rng);
                chosen = next.NearestFree(space.Decode(u), rng);
            }
            next.Add(chosen);
            measured.Add(space.Encode(chosen));
        }
        return next.Genomes();
    }

    /// <summary>How much the best score so far rose with generation <paramref name="generation"/> (0 when it did not; null scores count as none).</summary>
    public static double RealisedGain(IReadOnlyList<IReadOnlyList<Scored>> history, int generation)
    {
        var best = BestSoFar(history.Take(generation + 1).ToArray());
        return generation == 0 ? 0 : Gain(best, generation - 1, generation);
    }

    /// <summary>The mean distance of a generation's genomes to their centroid in the unit cube, divided by √d (0: all alike).</summary>
    public static double Spread(KnobSpace space, IReadOnlyList<Scored> generation)
    {
        var points = generation.Where(x => space.Contains(x.Genome)).Select(x => space.Encode(x.Genome)).ToList();
        if (points.Count < 2) return 0;
        var d = space.Dimension();
        var centre = new double[d];
        foreach (var p in points) for (var i = 0; i < d; i++) centre[i] += p[i] / points.Count;
        return points.Average(p => Math.Sqrt(p.Select((x, i) => (x - centre[i]) * (x - centre[i])).Sum())) / Math.Sqrt(d);
    }

    /// <summary>Of some random genomes not yet proposed, the one farthest from everything measured (maximin).</summary>
    private static Genome Newcomer(KnobSpace space, IReadOnlyList<double[]> measured, Distinct next, OperatorSettings s, SeededRandom rng)
    {
        Genome? best = null;
        var bestDistance = -1.0;
        for (var i = 0; i < s.NewcomerDraws; i++)
        {
            var g = next.Fresh(rng);
            var u = space.Encode(g);
            var nearest = measured.Count == 0 ? double.MaxValue : measured.Min(m => m.Select((x, k) => (x - u[k]) * (x - u[k])).Sum());
            if (nearest > bestDistance)
            {
                bestDistance = nearest;
                best = g;
            }
        }
        return best!;
    }

    /// <summary>The first score each of <paramref name="genomes"/> got in the history.</summary>
    private static List<double> TopScores(IReadOnlyList<IReadOnlyList<Scored>> history, IReadOnlyList<Genome> genomes, KnobSpace space)
    {
        var first = new Dictionary<Genome, double>();
        foreach (var gen in history)
            foreach (var x in gen)
                if (x.Score is { } v && space.Contains(x.Genome)) first.TryAdd(x.Genome, v);
        return genomes.Select(g => first.TryGetValue(g, out var v) ? v : double.NegativeInfinity).ToList();
    }

    private static double?[] BestSoFar(IReadOnlyList<IReadOnlyList<Scored>> history)
    {
        var best = new double?[history.Count];
        double? running = null;
        for (var g = 0; g < history.Count; g++)
        {
            foreach (var x in history[g])
                if (x.Score is { } v && (running is null || v > running)) running = v;
            best[g] = running;
        }
        return best;
    }

    private static double Gain(double?[] best, int from, int to) =>
        best[to] is { } b ? b - (from >= 0 && best[from] is { } a ? a : b) : 0;

    private static double LargestRise(double?[] best)
    {
        var rise = 0.0;
        for (var g = 1; g < best.Length; g++) rise = Math.Max(rise, Gain(best, g - 1, g));
        return rise;
    }

    private static OperatorDecision None(int generation, string why) => new(generation, PopulationOperator.None, why, 0, 0);
}
