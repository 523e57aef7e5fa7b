using System.Globalization;

namespace Dream.Core.Config;

/// <summary>
/// The step grid of a numeric knob: min, min + step, ..., max. A grid that does not end exactly at max would
/// make max unreachable (the original anchored its grid at 0 and lost the ends of ranges), so it is an error;
/// these helpers say which values would be valid instead.
/// </summary>
internal static class KnobGrid
{
    /// <summary>Relative slack for float grids: 0.1 + 0.2 must count as 0.3.</summary>
    private const double Slack = 1e-9;

    public static bool Divides(long min, long max, long step) => (max - min) % step == 0;

    public static bool Divides(double min, double max, double step) => IsWhole((max - min) / step);

    public static bool OnGrid(long min, long step, long v) => (v - min) % step == 0;

    public static bool OnGrid(double min, double step, double v) => IsWhole((v - min) / step);

    private static bool IsWhole(double k) => Math.Abs(k - Math.Round(k, MidpointRounding.ToEven)) <= Slack * Math.Max(1, Math.Abs(k));

    /// <summary>Fix for a step that does not divide max - min of an int knob.</summary>
    public static string IntStepFix(long min, long max, long step)
    {
        var below = min + (max - min) / step * step;
        return "the grid from min is " + FirstValues(min, step) + ": set max: " + below + " or max: " + (below + step)
            + ", or use a step that divides " + (max - min) + " (" + Divisors(max - min) + ")";
    }

    public static string FloatStepFix(double min, double max, double step)
    {
        var n = Math.Floor((max - min) / step);
        var below = Round(min + n * step);
        var above = Round(min + (n + 1) * step);
        return "the grid from min is " + FirstValues(min, step) + ": set max: " + Scalars.Format(below)
            + " or max: " + Scalars.Format(above) + ", or use a step that divides " + Scalars.Format(Round(max - min));
    }

    /// <summary>The two grid values around an off-grid value.</summary>
    public static string IntNeighbours(long min, long step, long v)
    {
        var below = min + FloorDiv(v - min, step) * step;
        return below + " or " + (below + step);
    }

    public static string FloatNeighbours(double min, double step, double v)
    {
        var k = Math.Floor((v - min) / step);
        return Scalars.Format(Round(min + k * step)) + " or " + Scalars.Format(Round(min + (k + 1) * step));
    }

    public static string FirstValues(long min, long step) => min + ", " + (min + step) + ", " + (min + 2 * step) + ", ...";

    public static string FirstValues(double min, double step) =>
        Scalars.Format(Round(min)) + ", " + Scalars.Format(Round(min + step)) + ", " + Scalars.Format(Round(min + 2 * step)) + ", ...";

    /// <summary>Twelve significant digits: enough for any config value, and hides float noise like 0.30000000000000004.</summary>
    public static double Round(double v) =>
        double.IsFinite(v) ? double.Parse(v.ToString("G12", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) : v;

    /// <summary>Divisors of n in ascending order, at most a dozen of them (the small ones are the useful steps).</summary>
    public static string Divisors(long n)
    {
        var small = new List<long>();
        var large = new List<long>();
        for (long d = 1; d * d <= n; d++)
        {
            if (n % d != 0) continue;
            small.Add(d);
            if (d != n / d) large.Insert(0, n / d);
        }
        small.AddRange(large);
        return string.Join(", ", small.Take(12)) + (small.Count > 12 ? ", ..." : "");
    }

    private static long FloorDiv(long a, long b)
    {
        var q = a / b;
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
    }
}
