using Dream.Core.Domain;
using MathNet.Numerics.Distributions;

namespace Dream.Trials.Sim;

/// <summary>
/// The <c>sim</c> workload's KPIs as a pure function of the candidate (DESIGN.md section 3, contract).
/// </summary>
/// <remarks>
/// Each knob named in the optimum gives z_k = (x_k − optimum_k) / (max_k − min_k), where a choice knob's x is its
/// index in the choices and a bool's is 0 (false) or 1 (true), so their ranges are choices − 1 and 1. A knob whose
/// range is empty (one choice, min = max) cannot move and gives z = 0. Then perf = 1000/(1+f)·e^ε,
/// p95_ms = 5(1+f)·e^ε′, watts = 50(1+f/4)·e^ε″ with ε, ε′, ε″ drawn in that order from
/// <see cref="SimNoise.Stream"/>, each Normal(0, noise).
/// </remarks>
public static class SimFunction
{
    public static SimKpis Kpis(SimParams p, IReadOnlyList<Knob> knobs, Genome genome, long runSeed, string regime, int trial)
    {
        var f = p.Function.Value(Z(knobs, genome, p.Optimum));
        var rng = SimNoise.Stream(runSeed, genome, regime, trial);
        var e1 = p.Noise * Normal.Sample(rng, 0, 1);
        var e2 = p.Noise * Normal.Sample(rng, 0, 1);
        var e3 = p.Noise * Normal.Sample(rng, 0, 1);
        return new SimKpis(f, 1000.0 / (1 + f) * Math.Exp(e1), 5.0 * (1 + f) * Math.Exp(e2), 50.0 * (1 + f / 4) * Math.Exp(e3));
    }

    /// <summary>The scaled distances from the optimum, in the domain's knob order.</summary>
    public static double[] Z(IReadOnlyList<Knob> knobs, Genome genome, IReadOnlyDictionary<string, object> optimum)
    {
        foreach (var name in optimum.Keys)
            if (!knobs.Any(k => k.Name == name))
                throw new ArgumentException("sim optimum names knob " + name + ", which the domain does not define");
        var zs = new List<double>();
        foreach (var k in knobs)
        {
            if (!optimum.TryGetValue(k.Name, out var target)) continue;
            var value = genome.Get(k.Name) ?? throw new ArgumentException("candidate has no value for knob " + k.Name);
            var range = Range(k);
            var d = Position(k, value) - Position(k, target);
            zs.Add(range == 0 ? 0.0 : d / range);
        }
        return zs.ToArray();
    }

    /// <summary>x of a knob value: the number itself, a choice's index, a bool's 0 or 1.</summary>
    public static double Position(Knob knob, object value)
    {
        switch (knob)
        {
            case ChoiceKnob c:
                if (Number(value) is { } n) return n;
                var i = c.Choices.ToList().IndexOf(Canonical.Text(value));
                if (i < 0) throw new ArgumentException("knob " + knob.Name + " has no choice " + Canonical.Text(value));
                return i;
            case BoolKnob:
                if (value is bool b) return b ? 1 : 0;
                return Number(value) ?? throw new ArgumentException("knob " + knob.Name + " needs true or false, got " + Canonical.Text(value));
            default:
                return Number(value) ?? throw new ArgumentException("knob " + knob.Name + " needs a number, got " + Canonical.Text(value));
        }
    }

    public static double Range(Knob knob) => knob switch
    {
        IntKnob i => i.Max - i.Min,
        FloatKnob f => f.Max - f.Min,
        ChoiceKnob c => c.Choices.Count - 1,
        _ => 1, // bool
    };

    private static double? Number(object v) => v switch
    {
        long l => l,
        double d => d,
        int i => i,
        _ => null,
    };
}
