using System.Globalization;
using Dream.Core.Domain;

namespace Dream.Core.Knobs;

/// <summary>A float knob without a step, on a linear or a log scale.</summary>
public sealed class ContinuousAxis : IAxis
{
    /// <summary>How far <see cref="Neighbours"/> looks, in unit space: a clear but local move.</summary>
    private const double NeighbourStep = 0.01;

    private readonly double _min;
    private readonly double _max;
    private readonly bool _log;
    private readonly double _lnMin;
    private readonly double _lnSpan;

    internal ContinuousAxis(Knob knob, double min, double max, bool log)
    {
        Knob = knob;
        _min = min;
        _max = max;
        _log = log;
        _lnMin = log ? Math.Log(min) : 0;
        _lnSpan = log ? Math.Log(max) - _lnMin : 0;
    }

    public Knob Knob { get; }

    public long Levels() => 0;

    public object Decode(double u) => DecodeValue(u);

    /// <summary>The value at <paramref name="u"/>, unboxed.</summary>
    public double DecodeValue(double u)
    {
        UnitInterval.Check(u);
        if (u == 0) return _min;
        if (u == 1) return _max;
        var x = _log ? Math.Exp(_lnMin + u * _lnSpan) : _min + u * (_max - _min);
        // Rounding to 12 significant digits is monotone, so decode stays monotone in u and encode can bisect;
        // it also keeps values like 0.7500000000000001 out of genomes and reports.
        x = double.Parse(x.ToString("E11", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        return Math.Max(_min, Math.Min(_max, x));
    }

    public double Encode(object value)
    {
        if (!Contains(value))
        {
            throw new ArgumentException(
                $"knob '{Knob.Name}' value {LevelAxis.Describe(value)} is not a float in [{Canonical.FormatDouble(_min)}, {Canonical.FormatDouble(_max)}]");
        }
        var v = (double)value;
        if (v == _min) return 0;
        if (v == _max) return 1;
        var u0 = _log ? (Math.Log(v) - _lnMin) / _lnSpan : (v - _min) / (_max - _min);
        u0 = Math.Max(0, Math.Min(1, u0));
        var got = DecodeValue(u0);
        if (got == v) return u0;
        // The analytic inverse can miss by an ulp or by the 12-digit rounding: bisect on the monotone decode.
        var lo = got < v ? u0 : 0;
        var hi = got < v ? 1 : u0;
        for (var i = 0; i < 200; i++)
        {
            var mid = lo + (hi - lo) / 2;
            if (mid <= lo || mid >= hi) break;
            var x = DecodeValue(mid);
            if (x == v) return mid;
            if (x < v) lo = mid;
            else hi = mid;
        }
        return Math.Abs(DecodeValue(lo) - v) <= Math.Abs(DecodeValue(hi) - v) ? lo : hi;
    }

    public bool Contains(object value) => value is double v && v >= _min && v <= _max;

    public double Mutate(double u, double sigma, Random rng)
    {
        var current = DecodeValue(u);
        for (var attempt = 0; attempt < 16; attempt++)
        {
            var next = UnitInterval.Reflect(u + sigma * UnitInterval.Gaussian(rng));
            if (DecodeValue(next) != current) return next;
        }
        // Only a vanishing sigma or a single-valued range gets here; jump to the far end so the gene moves.
        return u < 0.5 ? 1.0 : 0.0;
    }

    public double[] Neighbours(double u) =>
        [UnitInterval.Reflect(u - NeighbourStep), UnitInterval.Reflect(u + NeighbourStep)];
}
