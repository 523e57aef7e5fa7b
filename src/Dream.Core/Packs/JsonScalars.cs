using System.Text.Json;
using System.Text.Json.Nodes;

namespace Dream.Core.Packs;

/// <summary>
/// What a JSON value holds, whether it was parsed (backed by a JsonElement) or built in memory (backed by a CLR
/// value): a string, a bool, a long (an integer), a double (a number with a fraction or an exponent), null, or
/// for an integer too large for a long, its text.
/// </summary>
internal static class JsonScalars
{
    public static object? Of(JsonValue v)
    {
        if (v.TryGetValue<JsonElement>(out var e))
        {
            return e.ValueKind switch
            {
                JsonValueKind.String => e.GetString(),
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                JsonValueKind.Null => null,
                JsonValueKind.Number => NumberOf(e.GetRawText()),
                _ => throw new ArgumentException($"unexpected JSON {e.ValueKind} in a value"),
            };
        }
        if (v.TryGetValue<string>(out var s)) return s;
        if (v.TryGetValue<bool>(out var b)) return b;
        if (v.TryGetValue<long>(out var l)) return l;
        if (v.TryGetValue<int>(out var i)) return (long)i;
        if (v.TryGetValue<short>(out var sh)) return (long)sh;
        if (v.TryGetValue<byte>(out var by)) return (long)by;
        if (v.TryGetValue<uint>(out var ui)) return (long)ui;
        if (v.TryGetValue<ulong>(out var ul)) return ul <= long.MaxValue ? (long)ul : new BigInteger(ul.ToString());
        if (v.TryGetValue<double>(out var d)) return d;
        if (v.TryGetValue<float>(out var f)) return (double)f;
        if (v.TryGetValue<decimal>(out var m)) return (double)m;
        if (v.TryGetValue<char>(out var c)) return c.ToString();
        throw new ArgumentException($"JSON value of an unsupported type: {v}");
    }

    /// <summary>An integer literal beyond a long, kept as its text.</summary>
    public sealed record BigInteger(string Text);

    private static object NumberOf(string raw)
    {
        if (raw.IndexOfAny(['.', 'e', 'E']) >= 0) return double.Parse(raw, System.Globalization.CultureInfo.InvariantCulture);
        return long.TryParse(raw, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var l)
            ? l
            : new BigInteger(raw);
    }

    /// <summary>The JSON type name of a node as JSON Schema names it ("integer" for a whole number).</summary>
    public static string TypeOf(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "object",
        JsonArray => "array",
        JsonValue v => Of(v) switch
        {
            null => "null",
            string => "string",
            bool => "boolean",
            long or BigInteger => "integer",
            double d => double.IsFinite(d) && Math.Floor(d) == d ? "integer" : "number",
            _ => "number",
        },
        _ => throw new ArgumentException("unknown JSON node"),
    };

    public static bool IsNumber(JsonNode? node) => TypeOf(node) is "integer" or "number";

    /// <summary>The value of a number node as a double.</summary>
    public static double ToDouble(JsonNode node) => node is JsonValue v
        ? Of(v) switch
        {
            long l => l,
            double d => d,
            BigInteger b => double.Parse(b.Text, System.Globalization.CultureInfo.InvariantCulture),
            var o => throw new ArgumentException($"{Describe(o)} is not a number"),
        }
        : throw new ArgumentException($"{TypeOf(node)} is not a number");

    public static string Describe(object? o) => o switch
    {
        null => "null",
        string s => "\"" + s + "\"",
        bool b => b ? "true" : "false",
        _ => o.ToString() ?? "",
    };
}
