using System.Globalization;

namespace Dream.Core.Knobs;

/// <summary>The finite, indexed set of values of a discrete knob.</summary>
internal abstract class Levels
{
    /// <summary>Beyond this, (k+0.5)/n in double precision no longer separates neighbouring levels reliably.</summary>
    public const long MaxLevels = 1L << 40;

    private Levels() { }

    public abstract long Count { get; }

    public abstract object ValueAt(long k);

    /// <summary>The index of <paramref name="value"/>, or -1 if it is not a level (wrong type included).</summary>
    public abstract long IndexOf(object value);

    /// <summary>Whether neighbouring indices are neighbouring values (not so for choices).</summary>
    public abstract bool Ordered { get; }

    /// <summary>The numeric value of level k, for log-scaled cells.</summary>
    public abstract double Numeric(long k);

    public sealed class IntGrid(long min, long step, long count) : Levels
    {
        public override long Count => count;

        public override object ValueAt(long k) => min + k * step;

        public override long IndexOf(object value)
        {
            if (value is not long v || v < min) return -1;
            var d = unchecked(v - min);
            if (d < 0 || d % step != 0) return -1; // d < 0: overflow of a far-away value
            var k = d / step;
            return k < count ? k : -1;
        }

        public override bool Ordered => true;

        public override double Numeric(long k) => min + k * step;
    }

    /// <summary>
    /// A float step grid computed in decimal, so that levels are the doubles nearest to min + k*step and not
    /// accumulated binary sums; the last level is the declared max itself, so the end is reached exactly even
    /// when max is on the grid only within the 1e-9 tolerance.
    /// </summary>
    public sealed class DecimalGrid(decimal min, decimal step, long count, double max) : Levels
    {
        private readonly double _minValue = Decimals.ToDouble(min);

        public override long Count => count;

        public override object ValueAt(long k) => Value(k);

        private double Value(long k) => k == count - 1 ? max : Decimals.ToDouble(min + step * k);

        public override long IndexOf(object value)
        {
            if (value is not double v || !(v >= _minValue && v <= max)) return -1;
            if (!Decimals.TryOf(v, out var dv)) return -1;
            var k = (long)Math.Round((dv - min) / step, MidpointRounding.ToEven);
            if (k < 0 || k >= count) return -1;
            return Value(k).Equals(v) ? k : -1;
        }

        public override bool Ordered => true;

        public override double Numeric(long k) => Value(k);
    }

    public sealed class Choices(IReadOnlyList<string> choices) : Levels
    {
        public override long Count => choices.Count;

        public override object ValueAt(long k) => choices[(int)k];

        public override long IndexOf(object value)
        {
            if (value is not string s) return -1;
            for (var i = 0; i < choices.Count; i++) if (choices[i] == s) return i;
            return -1;
        }

        public override bool Ordered => false;

        public override double Numeric(long k) => throw new NotSupportedException("choices have no numeric value");
    }

    public sealed class Bools : Levels
    {
        public override long Count => 2;

        public override object ValueAt(long k) => k == 1;

        public override long IndexOf(object value) => value is bool b ? (b ? 1 : 0) : -1;

        public override bool Ordered => true;

        public override double Numeric(long k) => k;
    }
}

/// <summary>
/// Doubles as the decimals they are written as (their shortest round-trip text, as Java's BigDecimal.valueOf
/// reads them), and back with correct rounding.
/// </summary>
internal static class Decimals
{
    public static bool TryOf(double d, out decimal value)
    {
        value = 0;
        if (!double.IsFinite(d)) return false;
        var text = d.ToString("R", CultureInfo.InvariantCulture);
        try
        {
            value = decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        }
        catch (OverflowException)
        {
            return false;
        }
        // decimal keeps 28 fractional digits: a tiny value would silently become another number.
        return ToDouble(value) == d;
    }

    public static double ToDouble(decimal d) => double.Parse(d.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
