using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Dream.Core.Config;

/// <summary>
/// Reads scalar nodes as typed values. YAML 1.1's own resolution decides the type (a quoted "12" is a string,
/// not a number; 0x1F, 1_000 and 1e3 mean what YAML says), as the Java tree's SnakeYAML did: YamlDotNet's
/// representation model leaves plain scalars untyped, so the resolver and constructor rules live here.
/// </summary>
internal static partial class Scalars
{
    /// <summary>The type YAML 1.1 gives a scalar.</summary>
    internal enum Kind { Null, Bool, Int, Float, Merge, Str }

    private const string TagPrefix = "tag:yaml.org,2002:";

    [GeneratedRegex(@"^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)\z")]
    private static partial Regex BoolPattern();

    [GeneratedRegex(@"^(?:[-+]?0b_*[01]+[01_]*|[-+]?0_*[0-7]+[0-7_]*|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x_*[0-9a-fA-F]+[0-9a-fA-F_]*|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)\z")]
    private static partial Regex IntPattern();

    [GeneratedRegex(@"^(?:[-+]?(?:\.[0-9]+|[0-9_]+(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))\z")]
    private static partial Regex FloatPattern();

    [GeneratedRegex(@"^(?:~|null|Null|NULL| )\z")]
    private static partial Regex NullPattern();

    /// <summary>The YAML 1.1 type of a scalar: its explicit tag, else str when quoted or a block, else resolved from the plain text.</summary>
    internal static Kind KindOf(YamlScalarNode s)
    {
        if (!s.Tag.IsEmpty && !s.Tag.IsNonSpecific)
        {
            return s.Tag.Value switch
            {
                TagPrefix + "null" => Kind.Null,
                TagPrefix + "bool" => Kind.Bool,
                TagPrefix + "int" => Kind.Int,
                TagPrefix + "float" => Kind.Float,
                TagPrefix + "merge" => Kind.Merge,
                _ => Kind.Str,
            };
        }
        if (s.Style != ScalarStyle.Plain && s.Style != ScalarStyle.Any) return Kind.Str;
        var v = s.Value ?? "";
        if (v.Length == 0) return Kind.Null;
        // SnakeYAML tries the resolvers in this order: bool, int, float (whose pattern also matches ints), merge, null.
        if (BoolPattern().IsMatch(v)) return Kind.Bool;
        if (IntPattern().IsMatch(v)) return Kind.Int;
        if (FloatPattern().IsMatch(v)) return Kind.Float;
        if (v == "<<") return Kind.Merge;
        if (NullPattern().IsMatch(v)) return Kind.Null;
        return Kind.Str;
    }

    public static bool IsNull(YamlNode? node) => node is YamlScalarNode s && KindOf(s) == Kind.Null;

    public static bool IsMerge(YamlNode? node) => node is YamlScalarNode s && KindOf(s) == Kind.Merge;

    public static bool IsInteger(YamlNode? node) => node is YamlScalarNode s && KindOf(s) == Kind.Int;

    /// <summary>A whole number, or null if the node is not a YAML integer that fits in a long.</summary>
    public static long? Integer(YamlNode? node)
    {
        if (node is not YamlScalarNode s || KindOf(s) != Kind.Int) return null;
        var b = ConstructInt(s.Value ?? "");
        return b is { } v && v >= long.MinValue && v <= long.MaxValue ? (long)v : null;
    }

    /// <summary>A finite number (YAML int or float), or null.</summary>
    public static double? Number(YamlNode? node)
    {
        if (node is not YamlScalarNode s) return null;
        double? d = KindOf(s) switch
        {
            Kind.Int => ConstructInt(s.Value ?? "") is { } b ? (double)b : null,
            Kind.Float => ConstructFloat(s.Value ?? ""),
            _ => null,
        };
        return d is { } x && double.IsFinite(x) ? x : null;
    }

    public static bool? Bool(YamlNode? node)
    {
        if (node is not YamlScalarNode s || KindOf(s) != Kind.Bool) return null;
        if (!s.Tag.IsEmpty && !s.Tag.IsNonSpecific && !BoolPattern().IsMatch(s.Value ?? "")) return null;
        return (s.Value ?? "").ToLowerInvariant() is "yes" or "true" or "on";
    }

    /// <summary>
    /// The text of any non-null scalar. Names and choices are read as written, so that <c>on</c>, <c>off</c> or
    /// <c>2</c> stay the words a user typed instead of YAML 1.1's booleans and integers.
    /// </summary>
    public static string? Text(YamlNode? node) =>
        node is YamlScalarNode s && KindOf(s) != Kind.Null ? s.Value ?? "" : null;

    /// <summary>How a node reads to a user, for "found ..." in messages.</summary>
    public static string Describe(YamlNode? node)
    {
        if (node is YamlMappingNode) return "a mapping";
        if (node is YamlSequenceNode) return "a list";
        if (node is not YamlScalarNode s) return "something else";
        return KindOf(s) switch
        {
            Kind.Null => "nothing (null)",
            Kind.Int => "the integer " + s.Value,
            Kind.Float => "the number " + s.Value,
            Kind.Bool => "the boolean " + s.Value,
            _ => "the text \"" + s.Value + "\"",
        };
    }

    /// <summary>Shortest plain form of a number for messages: 0.25, 12, 0.0001 (never 12.0 for a whole number).</summary>
    public static string Format(double v)
    {
        if (double.IsNaN(v) || double.IsInfinity(v)) return v.ToString(CultureInfo.InvariantCulture);
        if (v == Math.Round(v, MidpointRounding.ToEven) && Math.Abs(v) < 1e15) return ((long)v).ToString(CultureInfo.InvariantCulture);
        return Plain(v.ToString("R", CultureInfo.InvariantCulture));
    }

    /// <summary>A round-trip number text ("1E-05", "1.5E+20") written without an exponent and trailing zeros.</summary>
    private static string Plain(string r)
    {
        var negative = r.StartsWith('-');
        if (negative) r = r[1..];
        var exponent = 0;
        var e = r.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exponent = int.Parse(r[(e + 1)..], CultureInfo.InvariantCulture);
            r = r[..e];
        }
        var dot = r.IndexOf('.');
        var digits = dot < 0 ? r : r.Remove(dot, 1);
        var point = (dot < 0 ? r.Length : dot) + exponent;
        string text;
        if (point <= 0) text = "0." + new string('0', -point) + digits;
        else if (point >= digits.Length) text = digits + new string('0', point - digits.Length);
        else text = digits[..point] + "." + digits[point..];
        if (text.Contains('.')) text = text.TrimEnd('0').TrimEnd('.');
        text = text.TrimStart('0');
        if (text.Length == 0 || text[0] == '.') text = "0" + text;
        return (negative ? "-" : "") + text;
    }

    /// <summary>SnakeYAML's int constructor: '_' ignored, 0b binary, 0x hex, leading 0 octal, a:b sexagesimal.</summary>
    private static BigInteger? ConstructInt(string text)
    {
        var value = text.Replace("_", "");
        if (value.Length == 0) return null;
        var sign = BigInteger.One;
        if (value[0] == '-') { sign = BigInteger.MinusOne; value = value[1..]; }
        else if (value[0] == '+') value = value[1..];
        if (value.Length == 0) return null;
        if (value == "0") return BigInteger.Zero;
        if (value.StartsWith("0b", StringComparison.Ordinal)) return sign * ParseRadix(value[2..], 2);
        if (value.StartsWith("0x", StringComparison.Ordinal)) return sign * ParseRadix(value[2..], 16);
        if (value.StartsWith('0')) return sign * ParseRadix(value[1..], 8);
        if (value.Contains(':'))
        {
            var total = BigInteger.Zero;
            foreach (var part in value.Split(':')) total = total * 60 + BigInteger.Parse(part, CultureInfo.InvariantCulture);
            return sign * total;
        }
        return sign * BigInteger.Parse(value, CultureInfo.InvariantCulture);
    }

    private static BigInteger ParseRadix(string digits, int radix)
    {
        var v = BigInteger.Zero;
        foreach (var c in digits) v = v * radix + Convert.ToInt32(c.ToString(), 16);
        return v;
    }

    /// <summary>SnakeYAML's float constructor: '_' ignored, .inf, .nan, a:b.c sexagesimal.</summary>
    private static double? ConstructFloat(string text)
    {
        var value = text.Replace("_", "").ToLowerInvariant();
        var sign = 1.0;
        if (value.StartsWith('-')) { sign = -1; value = value[1..]; }
        else if (value.StartsWith('+')) value = value[1..];
        if (value == ".inf") return sign * double.PositiveInfinity;
        if (value == ".nan") return double.NaN;
        if (value.Contains(':'))
        {
            double total = 0, unit = 1;
            var parts = value.Split(':');
            for (var i = parts.Length - 1; i >= 0; i--)
            {
                if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out var p)) return null;
                total += p * unit;
                unit *= 60;
            }
            return sign * total;
        }
        return double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? sign * d : null;
    }
}
