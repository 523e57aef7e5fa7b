using System.Globalization;
using System.Text;

namespace Dream.Core.Packs;

/// <summary>
/// Numbers as the Java tree's files had them (Jackson writes a double with Java's <c>Double.toString</c>): the
/// shortest digits that read back to the same double, in plain notation for 10⁻³ ≤ |x| &lt; 10⁷ and with at least
/// one fractional digit ("1.0", "0.001", "1234567.5"), in scientific notation otherwise ("1.0E7", "1.0E-4",
/// "-2.5E-10"). <see cref="Domain.Canonical.FormatDouble"/> switches to exponents at other bounds and pads the
/// exponent ("1.0E-05"), so the files use this form.
/// </summary>
public static class JsonNumbers
{
    public static string Format(double d)
    {
        if (!double.IsFinite(d)) throw new ArgumentException($"{d.ToString(CultureInfo.InvariantCulture)} is not a JSON number");
        if (d == 0) return double.IsNegative(d) ? "-0.0" : "0.0";
        var (digits, pointPos) = ShortestDigits(Math.Abs(d));
        var sb = new StringBuilder();
        if (d < 0) sb.Append('-');
        var abs = Math.Abs(d);
        if (abs >= 1e-3 && abs < 1e7)
        {
            if (pointPos <= 0) sb.Append("0.").Append('0', -pointPos).Append(digits);
            else if (pointPos >= digits.Length) sb.Append(digits).Append('0', pointPos - digits.Length).Append(".0");
            else sb.Append(digits, 0, pointPos).Append('.').Append(digits, pointPos, digits.Length - pointPos);
        }
        else
        {
            sb.Append(digits[0]).Append('.').Append(digits.Length > 1 ? digits[1..] : "0")
              .Append('E').Append((pointPos - 1).ToString(CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }

    /// <summary>The shortest round-trip digits of a positive double (no leading or trailing zeros) and the
    /// position of the decimal point: the value is 0.digits × 10^pointPos.</summary>
    private static (string Digits, int PointPos) ShortestDigits(double abs)
    {
        var shortest = Digits(abs.ToString("R", CultureInfo.InvariantCulture));
        // Java: when one digit is enough, the closest decimal of one or two digits is chosen (4.9E-324, not 5.0E-324).
        return shortest.Digits.Length == 1 ? Digits(abs.ToString("E1", CultureInfo.InvariantCulture)) : shortest;
    }

    private static (string Digits, int PointPos) Digits(string r)
    {
        var exp = 0;
        var e = r.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exp = int.Parse(r[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            r = r[..e];
        }
        var dot = r.IndexOf('.');
        var intPart = dot < 0 ? r : r[..dot];
        var frac = dot < 0 ? "" : r[(dot + 1)..];
        var digits = intPart + frac;
        var pointPos = intPart.Length + exp;
        var lead = 0;
        while (lead < digits.Length - 1 && digits[lead] == '0') lead++;
        digits = digits[lead..].TrimEnd('0');
        pointPos -= lead;
        return (digits, pointPos);
    }
}
