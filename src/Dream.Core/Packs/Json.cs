using System.Collections;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dream.Core.Domain;

namespace Dream.Core.Packs;

/// <summary>
/// The one JSON configuration of every output file. Strict: a NaN or an infinity is an error when written (the
/// original wrote <c>-Infinity</c>, which no strict parser reads) and when read; unknown fields are an error when
/// read. Fields come out in the order the contract declares them, maps in their own order, so equal values give
/// byte-identical files.
/// </summary>
public static class Json
{
    /// <summary>One line, as in a JSONL file.</summary>
    public static string Compact(object? value) => JsonText.Write(Tree(value), pretty: false);

    /// <summary>Two-space indented, as every output file.</summary>
    public static string Pretty(object? value) => JsonText.Write(Tree(value), pretty: true);

    /// <summary>
    /// The JSON tree of a value: a contract type (<see cref="IJsonWritable"/>), a genome, a string, bool or number,
    /// a map with string keys or a sequence of those. A non-finite number is an error naming its JSON pointer.
    /// </summary>
    public static JsonNode? Tree(object? value)
    {
        var node = ToNode(value, "");
        CheckFinite(node, "");
        return node;
    }

    /// <summary>Strict parsing: NaN, trailing content and malformed JSON are errors.</summary>
    public static JsonNode Parse(string json)
    {
        try
        {
            return JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = false })
                   ?? throw new ArgumentException("not valid JSON: the document is null");
        }
        catch (JsonException e)
        {
            throw new ArgumentException("not valid JSON: " + e.Message, e);
        }
    }

    public static T Read<T>(string json) where T : IJsonReadable<T>
    {
        var node = Parse(json);
        try
        {
            return T.FromJson(node);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or KeyNotFoundException)
        {
            throw new ArgumentException($"cannot read {typeof(T).Name}: {e.Message}", e);
        }
    }

    public static T ReadFile<T>(string path) where T : IJsonReadable<T> => Read<T>(File.ReadAllText(path, Encoding.UTF8));

    /// <summary>Pretty JSON and a final newline, written atomically.</summary>
    public static void WriteAtomically(string file, object? value, bool durable = true) =>
        WriteAtomically(file, new UTF8Encoding(false).GetBytes(Pretty(value) + "\n"), durable);

    /// <summary>
    /// Write to a temporary file in the same directory, flush it to the disk, rename it over the target: a reader
    /// sees the old file or the new one, never a torn one, even after a crash (the original rewrote
    /// baselines.json in place, defect 13).
    /// </summary>
    /// <param name="durable">
    /// false: the rename is atomic for readers, but the bytes reach the disk when the kernel writes them back, or when
    /// <see cref="FlushToDisk"/> is called. For files that are a projection of the journal and rewritten from it
    /// after a crash: an fsync per file made the run's files compete with the journal's own commits for the disk.
    /// </param>
    public static void WriteAtomically(string file, byte[] bytes, bool durable = true)
    {
        var full = Path.GetFullPath(file);
        var dir = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(dir);
        var tmp = Path.Combine(dir, "." + Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            using (var fs = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                fs.Write(bytes);
                fs.Flush(flushToDisk: durable);
            }
            File.Move(tmp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }

    /// <summary>Flushes files written with <c>durable: false</c> to the disk; files gone since are skipped.</summary>
    public static void FlushToDisk(IEnumerable<string> files)
    {
        foreach (var f in files)
        {
            try
            {
                using var fs = new FileStream(f, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
                fs.Flush(flushToDisk: true);
            }
            catch (FileNotFoundException)
            {
            }
            catch (DirectoryNotFoundException)
            {
            }
        }
    }

    /// <summary>
    /// Appends one compact line and flushes it to the disk. Appending is not atomic: after a crash the last line
    /// may be torn, so readers of a JSONL file skip a last line that does not parse. The file is a projection of
    /// the journal and can be re-exported whole.
    /// </summary>
    public static void AppendLine(string file, object? value)
    {
        var line = new UTF8Encoding(false).GetBytes(Compact(value) + "\n");
        var full = Path.GetFullPath(file);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        using var fs = new FileStream(full, FileMode.Append, FileAccess.Write, FileShare.Read);
        fs.Write(line);
        fs.Flush(flushToDisk: true);
    }

    /// <summary>A number node for a double: the writer gives it its Java form.</summary>
    public static JsonNode Number(double d) => JsonValue.Create(d);

    public static JsonNode? Number(double? d) => d is { } v ? JsonValue.Create(v) : null;

    /// <summary>[a, b, …] of doubles.</summary>
    public static JsonArray Numbers(IEnumerable<double> values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());

    /// <summary>{name → number}.</summary>
    public static JsonObject NumberMap(IEnumerable<KeyValuePair<string, double>> values)
    {
        var o = new JsonObject();
        foreach (var (k, v) in values) o[k] = JsonValue.Create(v);
        return o;
    }

    /// <summary>{name → [numbers]}.</summary>
    public static JsonObject SeriesMap(IEnumerable<KeyValuePair<string, IReadOnlyList<double>>> values)
    {
        var o = new JsonObject();
        foreach (var (k, v) in values) o[k] = Numbers(v);
        return o;
    }

    /// <summary>{name → text}.</summary>
    public static JsonObject TextMap(IEnumerable<KeyValuePair<string, string>> values)
    {
        var o = new JsonObject();
        foreach (var (k, v) in values) o[k] = JsonValue.Create(v);
        return o;
    }

    public static JsonArray Texts(IEnumerable<string> values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());

    /// <summary>A genome as the contract writes it: knob → value, in knob order.</summary>
    public static JsonObject GenomeJson(Genome g)
    {
        var o = new JsonObject();
        foreach (var (k, v) in g.Values) o[k] = ToNode(v, "/" + k);
        return o;
    }

    private static JsonNode? ToNode(object? value, string pointer)
    {
        switch (value)
        {
            case null: return null;
            case JsonNode n: return n.DeepClone();
            case IJsonWritable w: return w.ToJson();
            case Genome g: return GenomeJson(g);
            case string s: return JsonValue.Create(s);
            case bool b: return JsonValue.Create(b);
            case char c: return JsonValue.Create(c.ToString());
            case int or long or short or byte or sbyte or uint or ushort: return JsonValue.Create(Convert.ToInt64(value));
            case ulong ul: return ul <= long.MaxValue ? JsonValue.Create((long)ul) : JsonValue.Create(ul);
            case double d: return JsonValue.Create(d);
            case float f: return JsonValue.Create((double)f);
            case decimal m: return JsonValue.Create((double)m);
            case Enum e: return JsonValue.Create(e is Statistics.CiMethod ci ? Statistics.CiMethodNames.ToWire(ci) : e.ToString());
            case DateTimeOffset t: return JsonValue.Create(Timestamps.Utc(t));
        }
        if (StringKeyedEntries(value) is { } entries)
        {
            var o = new JsonObject();
            foreach (var (k, v) in entries) o[k] = ToNode(v, pointer + "/" + k);
            return o;
        }
        if (value is IEnumerable seq)
        {
            var a = new JsonArray();
            var i = 0;
            foreach (var item in seq) a.Add(ToNode(item, pointer + "/" + i++));
            return a;
        }
        throw new ArgumentException($"cannot write {value.GetType().Name} as JSON at {(pointer.Length == 0 ? "/" : pointer)}");
    }

    /// <summary>The entries of a map with string keys, whatever its value type; null when it is not one.</summary>
    private static IEnumerable<KeyValuePair<string, object?>>? StringKeyedEntries(object value)
    {
        if (value is IDictionary d)
        {
            var list = new List<KeyValuePair<string, object?>>();
            foreach (DictionaryEntry e in d)
                list.Add(new(e.Key as string ?? throw new ArgumentException("a JSON object needs string keys"), e.Value));
            return list;
        }
        var kv = value.GetType().GetInterfaces().FirstOrDefault(i =>
            i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>) &&
            i.GetGenericArguments()[0] is { IsGenericType: true } arg &&
            arg.GetGenericTypeDefinition() == typeof(KeyValuePair<,>) && arg.GetGenericArguments()[0] == typeof(string));
        if (kv is null) return null;
        var pair = kv.GetGenericArguments()[0];
        var keyProp = pair.GetProperty("Key", BindingFlags.Public | BindingFlags.Instance)!;
        var valueProp = pair.GetProperty("Value", BindingFlags.Public | BindingFlags.Instance)!;
        var entries = new List<KeyValuePair<string, object?>>();
        foreach (var item in (IEnumerable)value) entries.Add(new((string)keyProp.GetValue(item)!, valueProp.GetValue(item)));
        return entries;
    }

    private static void CheckFinite(JsonNode? node, string pointer)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (k, v) in o) CheckFinite(v, pointer + "/" + k);
                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++) CheckFinite(a[i], pointer + "/" + i);
                break;
            case JsonValue v when JsonScalars.Of(v) is double d && !double.IsFinite(d):
                throw JsonText.NonFinite(d, pointer);
        }
    }
}
