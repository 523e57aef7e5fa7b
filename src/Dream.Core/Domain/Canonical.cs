using System.Collections;
using System.Globalization;
using System.Text.Json;

namespace Dream.Core.Domain;

/// <summary>
/// Values as the config loader produces them (long, double, string, bool, lists and maps of those),
/// whatever they went through: JSON, YAML and the journal's serializer each give back their own types
/// (int, decimal, JsonElement), so a run recovered from its journal would otherwise see other types than
/// the run that wrote it, and equal candidates would not compare equal.
/// </summary>
public static class Canonical
{
    public static object Value(object? v) => v switch
    {
        null => throw new ArgumentException("a canonical value cannot be null"),
        long or double or string or bool => v,
        int i => (long)i,
        short s => (long)s,
        byte b => (long)b,
        sbyte sb => (long)sb,
        uint ui => (long)ui,
        ulong ul => checked((long)ul),
        ushort us => (long)us,
        float f => (double)f,
        decimal d => (double)d,
        JsonElement e => FromJson(e),
        IDictionary d => MapOf(d),
        IEnumerable<KeyValuePair<string, object>> kv => Map(kv),
        IEnumerable e2 and not string => (IReadOnlyList<object>)e2.Cast<object?>().Select(Value).ToList().AsReadOnly(),
        _ => v,
    };

    public static IReadOnlyDictionary<string, object> Map(IEnumerable<KeyValuePair<string, object>>? m)
    {
        var outMap = new OrderedMap();
        if (m is null) return outMap;
        foreach (var (k, v) in m) outMap[k] = Value(v);
        return outMap;
    }

    private static IReadOnlyDictionary<string, object> MapOf(IDictionary d)
    {
        var outMap = new OrderedMap();
        foreach (DictionaryEntry e in d) outMap[Convert.ToString(e.Key, CultureInfo.InvariantCulture)!] = Value(e.Value);
        return outMap;
    }

    private static object FromJson(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString()!,
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Number => e.TryGetInt64(out var l) && !e.GetRawText().Contains('.') && !e.GetRawText().Contains('e') && !e.GetRawText().Contains('E') ? (object)l : e.GetDouble(),
        JsonValueKind.Array => e.EnumerateArray().Select(x => FromJson(x)).ToList().AsReadOnly(),
        JsonValueKind.Object => Map(e.EnumerateObject().Select(p => new KeyValuePair<string, object>(p.Name, FromJson(p.Value)))),
        _ => throw new ArgumentException($"JSON {e.ValueKind} is not a canonical value"),
    };

    /// <summary>Text of a canonical value as Genome keys and actuator value maps use it.</summary>
    public static string Text(object v) => v switch
    {
        bool b => b ? "true" : "false",
        double d => FormatDouble(d),
        long l => l.ToString(CultureInfo.InvariantCulture),
        string s => s,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => v.ToString() ?? "",
    };

    /// <summary>Shortest round-trip form, always with a decimal point so a double never reads back as a long.</summary>
    public static string FormatDouble(double d)
    {
        if (double.IsNaN(d) || double.IsInfinity(d)) return d.ToString(CultureInfo.InvariantCulture);
        var s = d.ToString("R", CultureInfo.InvariantCulture);
        if (s.Contains('E'))
        {
            // Java-like form "1.0E-5" keeps the decimal point in the mantissa.
            var parts = s.Split('E');
            var mant = parts[0].Contains('.') ? parts[0] : parts[0] + ".0";
            return mant + "E" + parts[1].TrimStart('+');
        }
        return s.Contains('.') ? s : s + ".0";
    }

    public static bool ValueEquals(object? a, object? b)
    {
        if (a is null || b is null) return a is null && b is null;
        if (a is IReadOnlyList<object> la && b is IReadOnlyList<object> lb)
            return la.Count == lb.Count && la.Zip(lb).All(p => ValueEquals(p.First, p.Second));
        if (a is IReadOnlyDictionary<string, object> ma && b is IReadOnlyDictionary<string, object> mb)
            return ma.Count == mb.Count && ma.All(p => mb.TryGetValue(p.Key, out var o) && ValueEquals(p.Value, o));
        return a.Equals(b);
    }

    public static int ValueHash(object? v) => v switch
    {
        null => 0,
        IReadOnlyList<object> l => l.Aggregate(17, (h, x) => h * 31 + ValueHash(x)),
        IReadOnlyDictionary<string, object> m => m.Aggregate(19, (h, p) => h + (p.Key.GetHashCode() ^ ValueHash(p.Value))),
        _ => v.GetHashCode(),
    };
}

/// <summary>An insertion-ordered read-only map: knob order, KPI order and file order are part of the contract.</summary>
public sealed class OrderedMap : IReadOnlyDictionary<string, object>
{
    private readonly List<string> _keys = new();
    private readonly Dictionary<string, object> _values = new();

    public object this[string key]
    {
        get => _values[key];
        internal set
        {
            if (!_values.ContainsKey(key)) _keys.Add(key);
            _values[key] = value;
        }
    }

    public IEnumerable<string> Keys => _keys;
    public IEnumerable<object> Values => _keys.Select(k => _values[k]);
    public int Count => _keys.Count;
    public bool ContainsKey(string key) => _values.ContainsKey(key);
    public bool TryGetValue(string key, out object value) => _values.TryGetValue(key, out value!);
    public IEnumerator<KeyValuePair<string, object>> GetEnumerator() =>
        _keys.Select(k => new KeyValuePair<string, object>(k, _values[k])).GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
