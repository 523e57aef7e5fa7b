using Dream.Core.Domain;
using Dream.Core.Evolution;
using Dream.Core.Knobs;

namespace Dream.Core.Tests.Evolution;

/// <summary>Drives a strategy generation by generation, as the coordinator does, against a known score.</summary>
internal static class Campaigns
{
    public static IReadOnlyList<IReadOnlyList<Scored>> Run(IStrategy strategy, int generations, Func<Genome, double?> score)
    {
        var history = new List<IReadOnlyList<Scored>>();
        for (var g = 0; g < generations; g++)
        {
            var scored = strategy.Propose(g, history.ToArray()).Select(genome => new Scored(genome, score(genome))).ToArray();
            history.Add(scored);
        }
        return history;
    }

    public static IReadOnlyList<IReadOnlyList<Genome>> Genomes(IEnumerable<IReadOnlyList<Scored>> history) =>
        history.Select(gen => (IReadOnlyList<Genome>)gen.Select(s => s.Genome).ToArray()).ToArray();

    public static IReadOnlyList<Genome> Genomes(IReadOnlyList<Scored> generation) => generation.Select(s => s.Genome).ToArray();

    public static double Best(IReadOnlyList<Scored> generation)
    {
        var safe = generation.Where(s => s.Safe()).Select(s => s.Score!.Value).ToArray();
        return safe.Length == 0 ? double.NaN : safe.Max();
    }

    /// <summary>
    /// The sim workload's sphere, negated so that higher is better: z = (x - optimum) / (max - min) per knob
    /// (choices and bools by index). The best score is 0, at the optimum.
    /// </summary>
    public static Func<Genome, double?> Sphere(KnobSpace space, IReadOnlyDictionary<string, object> optimum) => genome =>
    {
        double f = 0;
        foreach (var k in space.Knobs)
        {
            if (!optimum.TryGetValue(k.Name, out var best)) continue;
            var z = (Numeric(k, genome.Get(k.Name)!) - Numeric(k, best)) / Width(k);
            f += z * z;
        }
        return -f;
    };

    public static IReadOnlyDictionary<string, object> Map(params (string Key, object Value)[] pairs) =>
        pairs.ToDictionary(p => p.Key, p => p.Value);

    private static double Numeric(Knob k, object v) => k switch
    {
        ChoiceKnob c => c.Choices.ToList().IndexOf((string)v),
        _ when v is bool b => b ? 1 : 0,
        _ => Convert.ToDouble(v, System.Globalization.CultureInfo.InvariantCulture),
    };

    private static double Width(Knob k) => k switch
    {
        IntKnob i => i.Max - i.Min,
        FloatKnob f => f.Max - f.Min,
        ChoiceKnob c => c.Choices.Count - 1,
        _ => 1,
    };
}
