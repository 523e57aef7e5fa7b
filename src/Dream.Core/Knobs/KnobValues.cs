using System.Globalization;
using Dream.Core.Domain;

namespace Dream.Core.Knobs;

/// <summary>
/// Converts a raw value (from a YAML default, a JSON file or a sysfs read) to the canonical type of a knob:
/// long, double, string or bool. It does not check the range: a stock value found on the machine may lie
/// outside the searched range and is still the baseline.
/// </summary>
public static class KnobValues
{
    public static object Canonical(Knob knob, object? raw)
    {
        try
        {
            return knob switch
            {
                IntKnob => ToLong(raw),
                FloatKnob => ToDouble(raw),
                ChoiceKnob => ToChoice(raw),
                _ => ToBool(raw),
            };
        }
        catch (Exception e) when (e is ArgumentException or FormatException or OverflowException or InvalidCastException)
        {
            throw new ArgumentException(
                $"knob '{knob.Name}': cannot read {Describe(raw)} as its type ({e.Message})", e);
        }
    }

    private static long ToLong(object? raw)
    {
        switch (raw)
        {
            case long l: return l;
            case int or short or byte or sbyte or uint or ushort: return Convert.ToInt64(raw, CultureInfo.InvariantCulture);
            case ulong ul: return checked((long)ul);
            case double or float:
                var d = Convert.ToDouble(raw, CultureInfo.InvariantCulture);
                // 12.0 is 12; 12.5 is an error
                if (!double.IsFinite(d) || Math.Floor(d) != d || d < long.MinValue || d >= 9.2233720368547758E18)
                    throw new ArgumentException("not a whole number");
                return (long)d;
            case decimal m: return WholeDecimal(m);
            default:
                var text = Text(raw);
                if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed)) return parsed;
                return WholeDecimal(decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture));
        }
    }

    private static long WholeDecimal(decimal m)
    {
        if (decimal.Truncate(m) != m) throw new ArgumentException("not a whole number");
        return decimal.ToInt64(m);
    }

    private static double ToDouble(object? raw)
    {
        var d = raw switch
        {
            double x => x,
            float or long or int or short or byte or sbyte or uint or ulong or ushort or decimal =>
                Convert.ToDouble(raw, CultureInfo.InvariantCulture),
            _ => double.Parse(Text(raw), NumberStyles.Float, CultureInfo.InvariantCulture),
        };
        if (!double.IsFinite(d)) throw new ArgumentException("not finite");
        return d;
    }

    private static string ToChoice(object? raw) => raw switch
    {
        string s => s,
        bool or long or int or short or byte or double or float or decimal => Domain.Canonical.Text(Domain.Canonical.Value(raw)),
        _ => throw new ArgumentException("not a text value"),
    };

    private static bool ToBool(object? raw)
    {
        if (raw is bool b) return b;
        if (raw is long or int or short or byte or double or float or decimal)
        {
            var d = Convert.ToDouble(raw, CultureInfo.InvariantCulture);
            if (d == 0) return false;
            if (d == 1) return true;
        }
        return Text(raw).ToLowerInvariant() switch
        {
            "true" or "1" or "on" or "yes" or "enabled" or "y" => true,
            "false" or "0" or "off" or "no" or "disabled" or "n" => false,
            _ => throw new ArgumentException("not a boolean"),
        };
    }

    private static string Text(object? raw) =>
        raw is string s ? s.Trim() : throw new ArgumentException("unsupported type");

    private static string Describe(object? raw) =>
        raw is null ? "null" : $"{raw.GetType().Name} '{(raw is IFormattable f ? f.ToString(null, CultureInfo.InvariantCulture) : raw)}'";
}
