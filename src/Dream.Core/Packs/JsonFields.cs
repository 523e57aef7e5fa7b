using System.Text.Json.Nodes;
using Dream.Core.Domain;
using Dream.Core.Scoring;

namespace Dream.Core.Packs;

/// <summary>
/// Strict reading of one JSON object of the contract: every field it holds must be a known one, and each is read
/// with its type checked; errors name the object and the field.
/// </summary>
internal sealed class JsonFields
{
    private readonly JsonObject _o;
    private readonly string _what;

    private JsonFields(JsonObject o, string what)
    {
        _o = o;
        _what = what;
    }

    public static JsonFields Of(JsonNode? node, string what, params string[] known)
    {
        if (node is not JsonObject o) throw new ArgumentException($"{what} must be a JSON object, got {JsonScalars.TypeOf(node)}");
        foreach (var (k, _) in o)
            if (!known.Contains(k)) throw new ArgumentException($"{what}: unknown field \"{k}\" (known: {string.Join(", ", known)})");
        return new JsonFields(o, what);
    }

    public bool Has(string field) => _o.ContainsKey(field);

    public JsonNode Required(string field) =>
        _o.TryGetPropertyValue(field, out var n) && n is not null
            ? n
            : throw new ArgumentException($"{_what}: field \"{field}\" is missing or null");

    public JsonNode? Nullable(string field) => _o.TryGetPropertyValue(field, out var n) ? n : null;

    public string String(string field) => AsString(Required(field), field);

    public string? NullableString(string field) => Nullable(field) is { } n ? AsString(n, field) : null;

    public bool Bool(string field) =>
        Required(field) is JsonValue v && JsonScalars.Of(v) is bool b ? b : throw Wrong(field, "a boolean");

    public long Long(string field) =>
        Required(field) is JsonValue v && JsonScalars.Of(v) is long l ? l : throw Wrong(field, "an integer");

    public int Int(string field)
    {
        var l = Long(field);
        return l is >= int.MinValue and <= int.MaxValue ? (int)l : throw Wrong(field, "an integer in range");
    }

    public double Double(string field) => Number(Required(field), field);

    public double? NullableDouble(string field) => Nullable(field) is { } n ? Number(n, field) : null;

    public IReadOnlyList<double>? NullableNumbers(string field) => Nullable(field) is { } n ? Numbers(n, field) : null;

    public IReadOnlyDictionary<string, double> NumberMap(string field) => NumberMap(Required(field), _what + "." + field);

    public IReadOnlyDictionary<string, IReadOnlyList<double>> SeriesMap(string field) => SeriesMap(Required(field), _what + "." + field);

    public IReadOnlyDictionary<string, string> TextMap(string field)
    {
        if (Required(field) is not JsonObject o) throw Wrong(field, "an object");
        return ValueMap<string>.Of(o.Select(p => new KeyValuePair<string, string>(p.Key, AsString(p.Value, field + "." + p.Key))));
    }

    public IReadOnlyList<string> Texts(string field)
    {
        if (Required(field) is not JsonArray a) throw Wrong(field, "an array");
        return ValueList<string>.Of(a.Select((n, i) => AsString(n, $"{field}[{i}]")).ToList());
    }

    public JsonArray Array(string field) => Required(field) as JsonArray ?? throw Wrong(field, "an array");

    public Genome Genome(string field)
    {
        if (Required(field) is not JsonObject o) throw Wrong(field, "an object");
        return new Genome(o.Select(p => new KeyValuePair<string, object>(p.Key, p.Value is JsonValue v && JsonScalars.Of(v) is { } x and not JsonScalars.BigInteger
            ? x
            : throw new ArgumentException($"{_what}: genome value of {p.Key} must be a string, a number or a boolean"))));
    }

    private ArgumentException Wrong(string field, string expected) =>
        new($"{_what}: field \"{field}\" must be {expected}");

    private string AsString(JsonNode? n, string field) =>
        n is JsonValue v && JsonScalars.Of(v) is string s ? s : throw Wrong(field, "a string");

    private double Number(JsonNode n, string field)
    {
        if (!JsonScalars.IsNumber(n)) throw Wrong(field, "a number");
        var d = JsonScalars.ToDouble(n);
        return double.IsFinite(d) ? d : throw Wrong(field, "a finite number");
    }

    private IReadOnlyList<double> Numbers(JsonNode n, string field)
    {
        if (n is not JsonArray a) throw Wrong(field, "an array of numbers");
        return ValueList<double>.Of(a.Select((x, i) => x is null ? throw Wrong($"{field}[{i}]", "a number") : Number(x, $"{field}[{i}]")).ToList());
    }

    public static IReadOnlyDictionary<string, double> NumberMap(JsonNode n, string what)
    {
        if (n is not JsonObject o) throw new ArgumentException($"{what} must be an object of numbers");
        var f = new JsonFields(o, what);
        return ValueMap<double>.Of(o.Select(p => new KeyValuePair<string, double>(p.Key,
            p.Value is null ? throw new ArgumentException($"{what}.{p.Key} must be a number") : f.Number(p.Value, p.Key))));
    }

    public static IReadOnlyDictionary<string, IReadOnlyList<double>> SeriesMap(JsonNode n, string what)
    {
        if (n is not JsonObject o) throw new ArgumentException($"{what} must be an object of number arrays");
        var f = new JsonFields(o, what);
        return ValueMap<IReadOnlyList<double>>.Of(o.Select(p => new KeyValuePair<string, IReadOnlyList<double>>(p.Key,
            p.Value is null ? throw new ArgumentException($"{what}.{p.Key} must be an array") : f.Numbers(p.Value, p.Key))));
    }
}
