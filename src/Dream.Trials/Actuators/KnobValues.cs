using System.Globalization;
using Dream.Core.Domain;

namespace Dream.Trials.Actuators;

/// <summary>Converts between a knob's canonical value and the text an actuator writes or reads.</summary>
public static class KnobValues
{
    /// <summary>
    /// The text for <paramref name="value"/>: the actuator's <c>values</c> mapping when it has one, else a bool as 1/0,
    /// a float without exponent or trailing zeros (sysfs parsers do not read "1E-04"), the rest as is.
    /// </summary>
    public static string Text(Knob knob, object value)
    {
        var plain = Plain(value);
        if (knob.Actuator.Values.TryGetValue(plain, out var mapped)) return mapped;
        if (value is bool b) return b ? "1" : "0";
        return plain;
    }

    /// <summary>The knob value that <paramref name="text"/> (as read from the machine) stands for.</summary>
    public static object Parse(Knob knob, string text)
    {
        var t = text.Trim();
        foreach (var (k, v) in knob.Actuator.Values)
        {
            if (v != t) continue;
            t = k;
            break;
        }
        switch (knob)
        {
            case IntKnob:
                return long.Parse(t, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            case FloatKnob:
                return double.Parse(t, NumberStyles.Float, CultureInfo.InvariantCulture);
            case BoolKnob:
                if (t == "1" || t.Equals("true", StringComparison.OrdinalIgnoreCase) || t.Equals("on", StringComparison.OrdinalIgnoreCase)) return true;
                if (t == "0" || t.Equals("false", StringComparison.OrdinalIgnoreCase) || t.Equals("off", StringComparison.OrdinalIgnoreCase)) return false;
                throw new ArgumentException("knob " + knob.Name + ": cannot read a bool from '" + t + "'");
            default:
                return t;
        }
    }

    /// <summary>A value as Java's String.valueOf gave it (bools lower case), a double in plain decimal notation.</summary>
    internal static string Plain(object value) => value switch
    {
        double d => PlainDecimal(d),
        float f => PlainDecimal(f),
        bool b => b ? "true" : "false",
        IFormattable x => x.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>The shortest round-trip digits of <paramref name="d"/>, without exponent or trailing zeros ("0.0001", "1", "150").</summary>
    internal static string PlainDecimal(double d)
    {
        if (!double.IsFinite(d)) return d.ToString(CultureInfo.InvariantCulture);
        var s = d.ToString("R", CultureInfo.InvariantCulture);
        var sign = "";
        if (s.StartsWith('-'))
        {
            sign = "-";
            s = s[1..];
        }
        var exp = 0;
        var e = s.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exp = int.Parse(s[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            s = s[..e];
        }
        var dot = s.IndexOf('.');
        var digits = dot < 0 ? s : s.Remove(dot, 1);
        var point = (dot < 0 ? s.Length : dot) + exp;
        string plain;
        if (point <= 0) plain = "0." + new string('0', -point) + digits;
        else if (point >= digits.Length) plain = digits + new string('0', point - digits.Length);
        else plain = digits[..point] + "." + digits[point..];
        if (plain.Contains('.')) plain = plain.TrimEnd('0').TrimEnd('.');
        plain = plain.TrimStart('0');
        if (plain.Length == 0 || plain[0] == '.') plain = "0" + plain;
        return plain == "0" ? "0" : sign + plain;
    }
}
