using Dream.Core.Domain;

namespace Dream.Trials.Sim;

/// <summary>
/// A sim regime's workload: <c>function</c> (default sphere), <c>optimum</c> (knob → value; a choice knob by its
/// choice text or index, a bool by true/false or 0/1) and <c>noise</c>, the standard deviation of the log-normal
/// noise on every KPI (default 0).
/// </summary>
public sealed record SimParams
{
    public SimObjective Function { get; }
    public IReadOnlyDictionary<string, object> Optimum { get; }
    public double Noise { get; }

    public SimParams(SimObjective function, IEnumerable<KeyValuePair<string, object>> optimum, double noise)
    {
        if (!(noise >= 0) || !double.IsFinite(noise))
            throw new ArgumentException("sim noise must be a finite number >= 0, got " + Canonical.Text(noise));
        Function = function;
        Optimum = Canonical.Map(optimum);
        Noise = noise;
    }

    public static SimParams From(WorkloadSpec spec)
    {
        if (spec.Kind != "sim") throw new ArgumentException("not a sim workload: " + spec.Kind);
        var p = spec.Params;
        var fn = p.TryGetValue("function", out var f) ? f : "sphere";
        p.TryGetValue("optimum", out var opt);
        if (opt is not IReadOnlyDictionary<string, object> optimum)
            throw new ArgumentException("sim workload needs optimum: {knob: value, ...}, got " + Describe(opt));
        var noise = p.TryGetValue("noise", out var n) ? n : 0.0;
        double noiseValue = noise switch
        {
            long l => l,
            double d => d,
            _ => throw new ArgumentException("sim noise must be a number, got " + Describe(noise)),
        };
        return new SimParams(SimObjectives.Named(Convert.ToString(fn, System.Globalization.CultureInfo.InvariantCulture) ?? ""),
            optimum, noiseValue);
    }

    private static string Describe(object? v) => v is null ? "null" : Canonical.Text(v);

    public bool Equals(SimParams? other) =>
        other is not null && Function == other.Function && Noise.Equals(other.Noise) &&
        Canonical.ValueEquals(Optimum, other.Optimum);

    public override int GetHashCode() => HashCode.Combine(Function, Noise, Optimum.Count);
}
