using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Dream.Core.Config;

/// <summary>
/// A YAML mapping read key by key, every key and value keeping its position. Each typed read reports a
/// missing or mistyped value as a problem and returns null, so that parsing goes on and finds the rest.
/// <para><c>What</c> names the mapping in messages ("knob 'threads'"); <c>Anchor</c> is where a missing key is
/// reported: the key that introduces this mapping, which is where a user looks for it.</para>
/// </summary>
internal sealed class YamlMap
{
    private readonly List<KeyValuePair<YamlNode, YamlNode>> _order = new();
    private readonly Dictionary<string, KeyValuePair<YamlNode, YamlNode>> _entries = new(StringComparer.Ordinal);

    public Source Source { get; }
    public YamlNode? Anchor { get; }
    public string What { get; }

    private YamlMap(Source src, YamlMappingNode node, YamlNode? anchor, string what)
    {
        Source = src;
        Anchor = anchor;
        What = what;
        var merged = new List<KeyValuePair<YamlNode, YamlNode>>();
        foreach (var t in node.Children)
        {
            if (Scalars.IsMerge(t.Key))
            {
                merged.AddRange(MergedEntries(src, t.Value));
                continue;
            }
            var key = Scalars.Text(t.Key);
            if (key is null || t.Key is not YamlScalarNode)
            {
                src.Problem(t.Key, "a key of " + what + " is " + Scalars.Describe(t.Key), "keys are plain names, e.g. name: value");
                continue;
            }
            // Duplicates were reported while reading the file; the first one wins here.
            Put(key, t);
        }
        // Keys written here win over those merged in with "<<: *anchor", as in YAML's merge rule.
        foreach (var t in merged)
        {
            var key = Scalars.Text(t.Key);
            if (key is not null) Put(key, t);
        }
    }

    private void Put(string key, KeyValuePair<YamlNode, YamlNode> entry)
    {
        if (_entries.TryAdd(key, entry)) _order.Add(entry);
    }

    /// <summary>The entries that "&lt;&lt;:" brings in: one mapping, or a list of mappings (earlier ones win).</summary>
    private static List<KeyValuePair<YamlNode, YamlNode>> MergedEntries(Source src, YamlNode value)
    {
        var result = new List<KeyValuePair<YamlNode, YamlNode>>();
        IEnumerable<YamlNode> sources = value is YamlSequenceNode s ? s.Children : [value];
        foreach (var n in sources)
        {
            if (n is YamlMappingNode m) result.AddRange(m.Children);
            else src.Problem(n, "'<<' merges a mapping, found " + Scalars.Describe(n), "write <<: *anchor_of_a_mapping");
        }
        return result;
    }

    /// <summary>The mapping at <paramref name="node"/>, or null (with a problem) if it is not a mapping.</summary>
    public static YamlMap? Of(Source src, YamlNode? node, YamlNode? anchor, string what)
    {
        if (node is YamlMappingNode m) return new YamlMap(src, m, anchor, what);
        src.Problem(node, what + " must be a mapping of name: value, found " + Scalars.Describe(node),
            "write it as {key: value, ...} or as indented key: value lines");
        return null;
    }

    /// <summary>The value of <paramref name="key"/> in a mapping node, without reporting anything; null if there is none.</summary>
    public static YamlNode? Peek(YamlNode? mapping, string key)
    {
        if (mapping is not YamlMappingNode m) return null;
        foreach (var t in m.Children)
        {
            if (key == Scalars.Text(t.Key)) return t.Value;
        }
        return null;
    }

    public IEnumerable<string> Keys => _order.Select(t => Scalars.Text(t.Key)!);

    public int Count => _order.Count;

    public bool Has(string key) => _entries.ContainsKey(key);

    public YamlNode? Key(string key) => _entries.TryGetValue(key, out var t) ? t.Key : null;

    public YamlNode? Value(string key) => _entries.TryGetValue(key, out var t) ? t.Value : null;

    /// <summary>The entries of this mapping in file order: key node and value node.</summary>
    public IReadOnlyList<KeyValuePair<YamlNode, YamlNode>> Entries => _order;

    /// <summary>Reports every key outside <paramref name="allowed"/>, suggesting the closest allowed one.</summary>
    public void OnlyKeys(IReadOnlyCollection<string> allowed)
    {
        foreach (var k in Keys)
        {
            if (!allowed.Contains(k)) Source.Problem(Key(k), "unknown key '" + k + "' in " + What, DidYouMean.Fix(k, allowed, "keys here"));
        }
    }

    /// <summary>The value node of a required key, or null with a "missing" problem.</summary>
    public YamlNode? Required(string key, string example)
    {
        var v = Value(key);
        if (v is null) Source.Problem(Anchor, What + " is missing '" + key + "'", "add " + example);
        return v;
    }

    public string? String(string key, bool required, string example)
    {
        var v = required ? Required(key, example) : Value(key);
        if (v is null) return null;
        var s = Scalars.Text(v);
        if (string.IsNullOrWhiteSpace(s))
        {
            WrongType(key, v, "a text", example);
            return null;
        }
        return s;
    }

    public long? Integer(string key, bool required, string example)
    {
        var v = required ? Required(key, example) : Value(key);
        if (v is null) return null;
        var l = Scalars.Integer(v);
        if (l is null) WrongType(key, v, "a whole number", example);
        return l;
    }

    public double? Number(string key, bool required, string example)
    {
        var v = required ? Required(key, example) : Value(key);
        if (v is null) return null;
        var d = Scalars.Number(v);
        if (d is null) WrongType(key, v, "a number", example);
        return d;
    }

    public bool? Bool(string key, bool required, string example)
    {
        var v = required ? Required(key, example) : Value(key);
        if (v is null) return null;
        var b = Scalars.Bool(v);
        if (b is null) WrongType(key, v, "true or false", example);
        return b;
    }

    public YamlMap? Map(string key, bool required, string example)
    {
        var v = required ? Required(key, example) : Value(key);
        if (v is null) return null;
        if (v is not YamlMappingNode)
        {
            WrongType(key, v, "a mapping of name: value", example);
            return null;
        }
        return Of(Source, v, Key(key), "'" + key + "' of " + What);
    }

    public IReadOnlyList<YamlNode>? List(string key, bool required, string example)
    {
        var v = required ? Required(key, example) : Value(key);
        if (v is null) return null;
        if (v is not YamlSequenceNode s)
        {
            WrongType(key, v, "a list", example);
            return null;
        }
        return s.Children.ToList();
    }

    public void WrongType(string key, YamlNode v, string expected, string example)
    {
        var quoted = v is YamlScalarNode s && s.Style != ScalarStyle.Plain && s.Style != ScalarStyle.Any;
        Source.Problem(v, "'" + key + "' of " + What + " must be " + expected + ", found " + Scalars.Describe(v),
            "write " + expected + ", e.g. " + example + (quoted && expected != "a text" ? " (no quotes: a quoted value is text)" : ""));
    }
}
