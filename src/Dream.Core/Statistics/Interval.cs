using System.Globalization;

namespace Dream.Core.Statistics;

/// <summary>A confidence interval [lo, hi] and the method that produced it.</summary>
public sealed record Interval
{
    public double Lo { get; }
    public double Hi { get; }
    public CiMethod Method { get; }

    public Interval(double lo, double hi, CiMethod method)
    {
        if (!double.IsFinite(lo) || !double.IsFinite(hi))
            throw new ArgumentException($"an interval must be finite, got [{Text(lo)}, {Text(hi)}]");
        if (lo > hi) throw new ArgumentException($"interval lower bound {Text(lo)} is above its upper bound {Text(hi)}");
        if (!Enum.IsDefined(method)) throw new ArgumentException("an interval needs its method");
        Lo = lo;
        Hi = hi;
        Method = method;
    }

    /// <summary>A degenerate interval for a single observation: nothing is known about its spread.</summary>
    public static Interval Point(double v) => new(v, v, CiMethod.None);

    public bool Contains(double x) => Lo <= x && x <= Hi;

    public double Width() => Hi - Lo;

    /// <summary>The JSON form of the contract: <c>[lo, hi]</c>.</summary>
    public IReadOnlyList<double> Bounds() => [Lo, Hi];

    public override string ToString() => $"[{Text(Lo)}, {Text(Hi)}] ({Method.ToWire()})";

    private static string Text(double d) => d.ToString("R", CultureInfo.InvariantCulture);
}
