namespace Dream.Trials.Sim;

/// <summary>
/// The test functions of the <c>sim</c> workload (DESIGN.md section 3), each 0 at z = 0, i.e. at the optimum
/// the regime names, and positive elsewhere, so that the best candidate is known exactly.
/// </summary>
public enum SimObjective
{
    /// <summary>Σ z².</summary>
    Sphere,

    /// <summary>
    /// 10n + Σ (z'² − 10 cos 2πz') with z' = 5.12·z: the usual [−5.12, 5.12] domain spread over one knob range on
    /// either side of the optimum, so that the local minima fall on the knob grid.
    /// </summary>
    Rastrigin,

    /// <summary>
    /// Σ_{i&lt;n−1} 100(z'_{i+1} − z'_i²)² + (1 − z'_i)² with z' = 2z + 1, whose minimum z' = 1 is the optimum.
    /// With one knob the chain has no pair, so f = (1 − z')², which keeps the optimum and the valley's floor.
    /// The knobs enter the chain in the domain's knob order.
    /// </summary>
    Rosenbrock,
}

/// <summary>The values and regimes.yaml names of <see cref="SimObjective"/>.</summary>
public static class SimObjectives
{
    public static double Value(this SimObjective objective, ReadOnlySpan<double> z) => objective switch
    {
        SimObjective.Sphere => Sphere(z),
        SimObjective.Rastrigin => Rastrigin(z),
        SimObjective.Rosenbrock => Rosenbrock(z),
        _ => throw new ArgumentOutOfRangeException(nameof(objective), objective, null),
    };

    /// <summary>The name used in regimes.yaml (<c>sphere</c>, <c>rastrigin</c>, <c>rosenbrock</c>).</summary>
    public static string ConfigName(this SimObjective objective) => objective switch
    {
        SimObjective.Sphere => "sphere",
        SimObjective.Rastrigin => "rastrigin",
        SimObjective.Rosenbrock => "rosenbrock",
        _ => throw new ArgumentOutOfRangeException(nameof(objective), objective, null),
    };

    public static SimObjective Named(string name)
    {
        foreach (var o in Enum.GetValues<SimObjective>())
            if (o.ConfigName() == name) return o;
        throw new ArgumentException("sim function must be one of sphere, rastrigin, rosenbrock; got " + name);
    }

    private static double Sphere(ReadOnlySpan<double> z)
    {
        double f = 0;
        foreach (var v in z) f += v * v;
        return f;
    }

    private static double Rastrigin(ReadOnlySpan<double> z)
    {
        double f = 10.0 * z.Length;
        foreach (var v in z)
        {
            var s = 5.12 * v;
            f += s * s - 10.0 * Math.Cos(2 * Math.PI * s);
        }
        // 10n − 10·Σcos can leave a rounding residue of ~1e-15 at the optimum; f is never negative.
        return Math.Max(0.0, f);
    }

    private static double Rosenbrock(ReadOnlySpan<double> z)
    {
        if (z.Length == 0) return 0;
        if (z.Length == 1)
        {
            var s = 2 * z[0] + 1;
            return (1 - s) * (1 - s);
        }
        double f = 0;
        for (var i = 0; i + 1 < z.Length; i++)
        {
            var a = 2 * z[i] + 1;
            var b = 2 * z[i + 1] + 1;
            f += 100 * (b - a * a) * (b - a * a) + (1 - a) * (1 - a);
        }
        return f;
    }
}
