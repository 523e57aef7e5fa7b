using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Dream.Core.Packs;

/// <summary>
/// Validates output documents against the JSON Schemas of the contract (draft 2020-12), embedded from
/// Packs/Schemas/. Also rejects NaN and infinite numbers, which a JSON tree built in memory can hold but no JSON
/// file may. Implements the keywords those schemas use: type, const, enum, properties, required,
/// additionalProperties, propertyNames, minProperties, items, minItems, maxItems, uniqueItems, minLength, pattern,
/// minimum, not, allOf, oneOf, if/then/else and local <c>$ref</c>s into <c>$defs</c>; an unknown keyword is an error,
/// so that a schema change cannot be silently ignored.
/// </summary>
public static class SchemaValidator
{
    public const string CandidatePack = "candidate_pack.v2";
    public const string Baselines = "baselines.v2";
    public const string Manifest = "manifest";
    public const string Evolution = "evolution";
    public const string Best = "best";

    private static readonly ConcurrentDictionary<string, JsonObject> Schemas = new();
    private static readonly ConcurrentDictionary<string, Regex> Patterns = new();

    private static readonly HashSet<string> Annotations = ["$schema", "$id", "title", "description", "$defs", "$comment"];

    /// <summary>The problems of <paramref name="document"/> as messages naming the JSON path; empty when it is valid.</summary>
    public static IReadOnlyList<string> Validate(string schemaName, JsonNode? document)
    {
        var errors = new List<string>();
        NonFinite(document, "$", errors);
        var schema = Schema(schemaName);
        new Run(schema).Check(document, schema, "$", errors);
        errors.Sort(StringComparer.Ordinal); // a stable order makes the messages diffable
        return errors;
    }

    /// <summary>The text of an embedded schema, e.g. for a command that prints it.</summary>
    public static string SchemaText(string name)
    {
        var resource = $"Dream.Core.Packs.Schemas.{name}.schema.json";
        using var stream = typeof(SchemaValidator).Assembly.GetManifestResourceStream(resource)
                           ?? throw new ArgumentException($"no JSON schema {name} (looked for {resource})");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static JsonObject Schema(string name) =>
        Schemas.GetOrAdd(name, n => JsonNode.Parse(SchemaText(n)) as JsonObject
                                    ?? throw new InvalidOperationException($"schema {n} is not a JSON object"));

    private static void NonFinite(JsonNode? node, string path, List<string> errors)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (k, v) in o) NonFinite(v, path + "." + k, errors);
                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++) NonFinite(a[i], path + "[" + i + "]", errors);
                break;
            case JsonValue v when JsonScalars.Of(v) is double d && !double.IsFinite(d):
                errors.Add($"{path}: {d.ToString(CultureInfo.InvariantCulture)} is not a JSON number");
                break;
        }
    }

    /// <summary>One validation against one root schema (for its <c>$ref</c>s).</summary>
    private sealed class Run(JsonObject root)
    {
        public void Check(JsonNode? instance, JsonNode? schema, string path, List<string> errors)
        {
            if (schema is JsonValue bv && JsonScalars.Of(bv) is bool b)
            {
                if (!b) errors.Add($"{path}: no value is allowed here");
                return;
            }
            if (schema is not JsonObject s) throw new InvalidOperationException($"schema at {path} is not an object");
            var type = JsonScalars.TypeOf(instance);
            foreach (var (keyword, value) in s)
            {
                switch (keyword)
                {
                    case "$ref": Check(instance, Resolve(Text(value)), path, errors); break;
                    case "type": CheckType(type, value!, path, errors); break;
                    case "const":
                        if (!Same(instance, value)) errors.Add($"{path}: must be the constant value {Show(value)}");
                        break;
                    case "enum":
                        if (!((JsonArray)value!).Any(v => Same(instance, v)))
                            errors.Add($"{path}: does not have a value in the enumeration {Show(value)}");
                        break;
                    case "properties" when instance is JsonObject o:
                        foreach (var (name, sub) in (JsonObject)value!)
                            if (o.TryGetPropertyValue(name, out var child)) Check(child, sub, path + "." + name, errors);
                        break;
                    case "required" when instance is JsonObject o:
                        foreach (var name in (JsonArray)value!)
                            if (!o.ContainsKey(Text(name))) errors.Add($"{path}: required property '{Text(name)}' not found");
                        break;
                    case "additionalProperties" when instance is JsonObject o:
                        var declared = s["properties"] as JsonObject;
                        foreach (var (name, child) in o)
                        {
                            if (declared is not null && declared.ContainsKey(name)) continue;
                            if (value is JsonValue av && JsonScalars.Of(av) is false)
                                errors.Add($"{path}: property '{name}' is not defined in the schema and the schema does not allow additional properties");
                            else Check(child, value, path + "." + name, errors);
                        }
                        break;
                    case "propertyNames" when instance is JsonObject o:
                        foreach (var (name, _) in o)
                        {
                            var nameErrors = new List<string>();
                            Check(JsonValue.Create(name), value, path, nameErrors);
                            if (nameErrors.Count > 0) errors.Add($"{path}: property name '{name}' is not valid: {string.Join("; ", nameErrors)}");
                        }
                        break;
                    case "minProperties" when instance is JsonObject o:
                        if (o.Count < Int(value)) errors.Add($"{path}: must have at least {Int(value)} properties");
                        break;
                    case "items" when instance is JsonArray a:
                        for (var i = 0; i < a.Count; i++) Check(a[i], value, path + "[" + i + "]", errors);
                        break;
                    case "minItems" when instance is JsonArray a:
                        if (a.Count < Int(value)) errors.Add($"{path}: must have at least {Int(value)} items but found {a.Count}");
                        break;
                    case "maxItems" when instance is JsonArray a:
                        if (a.Count > Int(value)) errors.Add($"{path}: must have at most {Int(value)} items but found {a.Count}");
                        break;
                    case "uniqueItems" when instance is JsonArray a:
                        if (value is JsonValue uv && JsonScalars.Of(uv) is true)
                            for (var i = 0; i < a.Count; i++)
                                for (var j = i + 1; j < a.Count; j++)
                                    if (Same(a[i], a[j])) errors.Add($"{path}: the items must be unique, [{i}] and [{j}] are equal");
                        break;
                    case "minLength" when type == "string":
                        var text = Text(instance);
                        if (text.EnumerateRunes().Count() < Int(value)) errors.Add($"{path}: must be at least {Int(value)} characters long");
                        break;
                    case "pattern" when type == "string":
                        var pattern = Text(value);
                        if (!Patterns.GetOrAdd(pattern, p => new Regex(p, RegexOptions.CultureInvariant)).IsMatch(Text(instance)))
                            errors.Add($"{path}: does not match the regex pattern {pattern}");
                        break;
                    case "minimum" when type is "integer" or "number":
                        var min = JsonScalars.ToDouble(value!);
                        if (JsonScalars.ToDouble(instance!) < min)
                            errors.Add($"{path}: must have a minimum value of {JsonNumbers.Format(min)}");
                        break;
                    case "not":
                        if (Valid(instance, value, path)) errors.Add($"{path}: must not be valid to the schema {Show(value)}");
                        break;
                    case "allOf":
                        foreach (var sub in (JsonArray)value!) Check(instance, sub, path, errors);
                        break;
                    case "oneOf":
                        var valid = ((JsonArray)value!).Count(sub => Valid(instance, sub, path));
                        if (valid != 1) errors.Add($"{path}: must be valid to one and only one schema, but {valid} are valid");
                        break;
                    case "if":
                        var branch = Valid(instance, value, path) ? s["then"] : s["else"];
                        if (branch is not null) Check(instance, branch, path, errors);
                        break;
                    case "then" or "else":
                        break; // applied with "if"
                    case "properties" or "required" or "additionalProperties" or "propertyNames" or "minProperties"
                        or "items" or "minItems" or "maxItems" or "uniqueItems" or "minLength" or "pattern" or "minimum":
                        break; // these apply to one type of value only
                    default:
                        if (!Annotations.Contains(keyword))
                            throw new InvalidOperationException($"schema keyword '{keyword}' at {path} is not supported by this validator");
                        break;
                }
            }
        }

        private bool Valid(JsonNode? instance, JsonNode? schema, string path)
        {
            var errors = new List<string>();
            Check(instance, schema, path, errors);
            return errors.Count == 0;
        }

        private JsonNode Resolve(string reference)
        {
            if (!reference.StartsWith("#/", StringComparison.Ordinal))
                throw new InvalidOperationException($"only local references are supported, got {reference}");
            JsonNode? at = root;
            foreach (var part in reference[2..].Split('/'))
                at = (at as JsonObject)?[part.Replace("~1", "/").Replace("~0", "~")];
            return at ?? throw new InvalidOperationException($"schema reference {reference} points at nothing");
        }

        private static void CheckType(string actual, JsonNode expected, string path, List<string> errors)
        {
            var allowed = expected is JsonArray a ? a.Select(Text).ToList() : [Text(expected)];
            if (allowed.Contains(actual) || (actual == "integer" && allowed.Contains("number"))) return;
            errors.Add($"{path}: {actual} found, {string.Join(" or ", allowed)} expected");
        }

        /// <summary>JSON equality: numbers by value, objects regardless of member order.</summary>
        private static bool Same(JsonNode? a, JsonNode? b)
        {
            var ta = JsonScalars.TypeOf(a);
            var tb = JsonScalars.TypeOf(b);
            if (ta is "integer" or "number" && tb is "integer" or "number") return JsonScalars.ToDouble(a!) == JsonScalars.ToDouble(b!);
            if (ta != tb) return false;
            return (a, b) switch
            {
                (null, null) => true,
                (JsonObject oa, JsonObject ob) => oa.Count == ob.Count &&
                                                  oa.All(p => ob.TryGetPropertyValue(p.Key, out var v) && Same(p.Value, v)),
                (JsonArray aa, JsonArray ab) => aa.Count == ab.Count && aa.Zip(ab).All(p => Same(p.First, p.Second)),
                (JsonValue va, JsonValue vb) => Equals(JsonScalars.Of(va), JsonScalars.Of(vb)),
                _ => false,
            };
        }

        private static string Text(JsonNode? n) =>
            n is JsonValue v && JsonScalars.Of(v) is string s ? s : throw new InvalidOperationException($"expected a string, got {n?.ToJsonString()}");

        private static int Int(JsonNode? n) => (int)JsonScalars.ToDouble(n!);

        private static string Show(JsonNode? n) => n is null ? "null" : JsonText.Write(n, pretty: false);
    }
}
