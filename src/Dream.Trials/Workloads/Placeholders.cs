using System.Collections;
using System.Globalization;
using System.Text.RegularExpressions;
using Dream.Core.Domain;

namespace Dream.Trials.Workloads;

/// <summary>
/// "{name}" in a workload's arguments: the candidate's value of knob <c>name</c>, or <c>{duration_s}</c> and
/// <c>{warmup_s}</c>, the regime's times. Other braces (JSON, code passed to an interpreter) are left alone. A
/// name that is none of these fails the trial rather than run a wrong command.
/// </summary>
public static partial class Placeholders
{
    /// <summary>The same form the config loader checks: a knob name in braces.</summary>
    public static Regex Pattern { get; } = PatternRegex();

    [GeneratedRegex(@"\{([A-Za-z_][A-Za-z0-9_]*)\}", RegexOptions.CultureInvariant)]
    private static partial Regex PatternRegex();

    /// <summary>Every argument of <paramref name="raw"/> (a list, as the config loader keeps it) with its placeholders replaced.</summary>
    public static IReadOnlyList<string> Substitute(object? raw, string key, WorkloadContext ctx)
    {
        var list = raw is IEnumerable e and not string ? e.Cast<object?>().ToList() : null;
        if (list is null || list.Count == 0)
            throw new ArgumentException($"workload {ctx.Spec.RegimeSpec.Workload.Kind} needs {key}: a non-empty list of arguments");
        return list.Select(a => Substitute(a is null ? "null" : Canonical.Text(a), ctx)).ToList().AsReadOnly();
    }

    public static string Substitute(string arg, WorkloadContext ctx) =>
        Pattern.Replace(arg, m =>
        {
            var name = m.Groups[1].Value;
            object? v = name switch
            {
                "duration_s" => ctx.DurationS(),
                "warmup_s" => ctx.WarmupS(),
                _ => ctx.KnobValue(name),
            };
            if (v is null)
                throw new ArgumentException(
                    $"argument {arg} names {{{name}}}, which is neither a knob of domain {ctx.Spec.Domain} nor duration_s or warmup_s");
            return Text(v);
        });

    /// <summary>A value as an argument: numbers without exponent or trailing zeros.</summary>
    public static string Text(object v) => v switch
    {
        double d => PlainNumber(d),
        float f => PlainNumber(f),
        _ => Canonical.Text(v),
    };

    /// <summary>The shortest digits that read back as <paramref name="d"/>, written out without exponent (1e-9 → 0.000000001, 16.0 → 16).</summary>
    internal static string PlainNumber(double d)
    {
        if (!double.IsFinite(d)) return d.ToString(CultureInfo.InvariantCulture);
        if (d == 0) return "0";
        // Shortest round-trip digits: "R" may use an exponent; normalise it to digits and a power of ten.
        var shortest = d.ToString("R", CultureInfo.InvariantCulture);
        var negative = shortest.StartsWith('-');
        if (negative) shortest = shortest[1..];
        var exp = 0;
        var ePos = shortest.IndexOfAny(['E', 'e']);
        if (ePos >= 0)
        {
            exp = int.Parse(shortest[(ePos + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            shortest = shortest[..ePos];
        }
        var dot = shortest.IndexOf('.');
        var digits = dot >= 0 ? shortest.Remove(dot, 1) : shortest;
        var pointAt = (dot >= 0 ? dot : shortest.Length) + exp; // position of the decimal point within digits
        var lead = digits.Length - digits.TrimStart('0').Length;
        digits = digits.TrimStart('0');
        pointAt -= lead;
        digits = digits.TrimEnd('0');
        if (digits.Length == 0) return "0";
        string text;
        if (pointAt <= 0) text = "0." + new string('0', -pointAt) + digits;
        else if (pointAt >= digits.Length) text = digits + new string('0', pointAt - digits.Length);
        else text = digits[..pointAt] + "." + digits[pointAt..];
        return negative ? "-" + text : text;
    }
}
