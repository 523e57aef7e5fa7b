using System.Text;
using System.Text.Json.Nodes;

namespace Dream.Core.Packs;

/// <summary>
/// Writes a JSON tree byte for byte as the Java tree's files were written (Jackson's default pretty printer):
/// objects one field a line with a two-space indent and <c>"key": value</c>, arrays on one line as
/// <c>[ 1.0, 2.0 ]</c> (an array of objects as <c>[ {</c> … <c>}, {</c> … <c>} ]</c>), empty ones as <c>{ }</c>
/// and <c>[ ]</c>; compact output without any space. Doubles as <see cref="JsonNumbers"/> writes them; a NaN or
/// an infinity is an error that names its JSON pointer.
/// </summary>
internal static class JsonText
{
    public static string Write(JsonNode? node, bool pretty)
    {
        var sb = new StringBuilder();
        Write(sb, node, pretty, 0, "");
        return sb.ToString();
    }

    private static void Write(StringBuilder sb, JsonNode? node, bool pretty, int level, string pointer)
    {
        switch (node)
        {
            case null:
                sb.Append("null");
                break;
            case JsonObject o:
                if (o.Count == 0)
                {
                    sb.Append(pretty ? "{ }" : "{}");
                    break;
                }
                sb.Append('{');
                var first = true;
                foreach (var (key, value) in o)
                {
                    if (!first) sb.Append(',');
                    first = false;
                    if (pretty) sb.Append('\n').Append(' ', 2 * (level + 1));
                    WriteString(sb, key);
                    sb.Append(pretty ? ": " : ":");
                    Write(sb, value, pretty, level + 1, pointer + "/" + EscapePointer(key));
                }
                if (pretty) sb.Append('\n').Append(' ', 2 * level);
                sb.Append('}');
                break;
            case JsonArray a:
                if (a.Count == 0)
                {
                    sb.Append(pretty ? "[ ]" : "[]");
                    break;
                }
                sb.Append(pretty ? "[ " : "[");
                for (var i = 0; i < a.Count; i++)
                {
                    if (i > 0) sb.Append(pretty ? ", " : ",");
                    Write(sb, a[i], pretty, level, pointer + "/" + i);
                }
                sb.Append(pretty ? " ]" : "]");
                break;
            case JsonValue v:
                WriteScalar(sb, JsonScalars.Of(v), pointer);
                break;
        }
    }

    private static void WriteScalar(StringBuilder sb, object? value, string pointer)
    {
        switch (value)
        {
            case null: sb.Append("null"); break;
            case string s: WriteString(sb, s); break;
            case bool b: sb.Append(b ? "true" : "false"); break;
            case long l: sb.Append(l.ToString(System.Globalization.CultureInfo.InvariantCulture)); break;
            case JsonScalars.BigInteger big: sb.Append(big.Text); break;
            case double d:
                if (!double.IsFinite(d)) throw NonFinite(d, pointer);
                sb.Append(JsonNumbers.Format(d));
                break;
            default: throw new ArgumentException($"cannot write {value.GetType().Name} as JSON at {pointer}");
        }
    }

    public static ArgumentException NonFinite(double d, string pointer) =>
        new($"{d.ToString(System.Globalization.CultureInfo.InvariantCulture)} at {(pointer.Length == 0 ? "/" : pointer)}" +
            " is not a JSON number: a missing measurement must be absent or null");

    /// <summary>Jackson's escapes: the two-character forms where JSON has them, \u00XX for other control characters.</summary>
    private static void WriteString(StringBuilder sb, string s)
    {
        sb.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\b': sb.Append("\\b"); break;
                case '\t': sb.Append("\\t"); break;
                case '\f': sb.Append("\\f"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                default:
                    if (c < 0x20) sb.Append("\\u00").Append(((int)c).ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
                    else sb.Append(c);
                    break;
            }
        }
        sb.Append('"');
    }

    private static string EscapePointer(string key) => key.Replace("~", "~0").Replace("/", "~1");
}
