using MathNet.Numerics.Distributions;

namespace Dream.Core.Knobs;

/// <summary>Small helpers on unit coordinates shared by the axes and the evolution operators.</summary>
public static class UnitInterval
{
    /// <summary>
    /// Folds any real back into [0,1] by reflection at both bounds. Reflection (not clipping) keeps a
    /// Gaussian step from piling probability on the ends.
    /// </summary>
    public static double Reflect(double x)
    {
        if (x >= 0 && x <= 1) return x;
        if (!double.IsFinite(x)) throw new ArgumentException($"coordinate is not finite: {x}");
        var t = Math.Abs(x) % 2.0;
        return t > 1 ? 2 - t : t;
    }

    /// <summary>A standard normal draw from the given stream.</summary>
    public static double Gaussian(Random rng) => Normal.Sample(rng, 0, 1);

    internal static void Check(double u)
    {
        if (!(u >= 0 && u <= 1)) throw new ArgumentException($"coordinate outside [0,1]: {u}");
    }
}
