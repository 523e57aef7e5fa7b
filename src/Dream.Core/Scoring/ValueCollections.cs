using System.Collections;

namespace Dream.Core.Scoring;

/// <summary>
/// An immutable list that compares by its elements, so that records holding lists (evidence, assessments,
/// packs) compare by value as their Java counterparts did.
/// </summary>
public sealed class ValueList<T> : IReadOnlyList<T>, IEquatable<ValueList<T>>
{
    public static readonly ValueList<T> Empty = new([]);

    private readonly T[] _items;

    private ValueList(T[] items) => _items = items;

    public static ValueList<T> Of(IEnumerable<T>? items) =>
        items is ValueList<T> v ? v : items is null ? Empty : new ValueList<T>(items.ToArray());

    public T this[int index] => _items[index];
    public int Count => _items.Length;
    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)_items).GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public bool Equals(ValueList<T>? other) =>
        other is not null && _items.Length == other._items.Length &&
        _items.Zip(other._items).All(p => EqualityComparer<T>.Default.Equals(p.First, p.Second));

    public override bool Equals(object? obj) => obj is ValueList<T> l && Equals(l);

    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (var x in _items) h.Add(x);
        return h.ToHashCode();
    }

    public override string ToString() => "[" + string.Join(", ", _items) + "]";
}

/// <summary>
/// An immutable, insertion-ordered map keyed by name that compares by its entries (in any order, as Java's
/// maps do), so that records holding maps compare by value.
/// </summary>
public sealed class ValueMap<TValue> : IReadOnlyDictionary<string, TValue>, IEquatable<ValueMap<TValue>>
{
    public static readonly ValueMap<TValue> Empty = new([], new Dictionary<string, TValue>());

    private readonly string[] _keys;
    private readonly Dictionary<string, TValue> _values;

    private ValueMap(string[] keys, Dictionary<string, TValue> values)
    {
        _keys = keys;
        _values = values;
    }

    /// <summary>A copy in the given order; a repeated key keeps its first position and its last value.</summary>
    public static ValueMap<TValue> Of(IEnumerable<KeyValuePair<string, TValue>>? entries)
    {
        if (entries is ValueMap<TValue> v) return v;
        if (entries is null) return Empty;
        var keys = new List<string>();
        var values = new Dictionary<string, TValue>();
        foreach (var (k, val) in entries)
        {
            if (!values.ContainsKey(k)) keys.Add(k);
            values[k] = val;
        }
        return keys.Count == 0 ? Empty : new ValueMap<TValue>(keys.ToArray(), values);
    }

    /// <summary>A copy sorted by key (ordinal), as Java's TreeMap keeps them.</summary>
    public static ValueMap<TValue> Sorted(IEnumerable<KeyValuePair<string, TValue>>? entries) =>
        Of(Of(entries).OrderBy(p => p.Key, StringComparer.Ordinal));

    public TValue this[string key] => _values[key];
    public IEnumerable<string> Keys => _keys;
    public IEnumerable<TValue> Values => _keys.Select(k => _values[k]);
    public int Count => _keys.Length;
    public bool ContainsKey(string key) => _values.ContainsKey(key);
    public bool TryGetValue(string key, out TValue value) => _values.TryGetValue(key, out value!);

    public IEnumerator<KeyValuePair<string, TValue>> GetEnumerator() =>
        _keys.Select(k => new KeyValuePair<string, TValue>(k, _values[k])).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public bool Equals(ValueMap<TValue>? other) =>
        other is not null && Count == other.Count &&
        _values.All(p => other._values.TryGetValue(p.Key, out var o) && EqualityComparer<TValue>.Default.Equals(p.Value, o));

    public override bool Equals(object? obj) => obj is ValueMap<TValue> m && Equals(m);

    public override int GetHashCode()
    {
        var h = 0;
        foreach (var (k, v) in _values) h += k.GetHashCode() ^ (v is null ? 0 : EqualityComparer<TValue>.Default.GetHashCode(v));
        return h;
    }

    public override string ToString() => "{" + string.Join(", ", this.Select(p => p.Key + "=" + p.Value)) + "}";
}

/// <summary>Short constructors for the value collections.</summary>
public static class Frozen
{
    public static ValueList<T> List<T>(IEnumerable<T>? items) => ValueList<T>.Of(items);

    public static ValueMap<T> Map<T>(IEnumerable<KeyValuePair<string, T>>? entries) => ValueMap<T>.Of(entries);

    /// <summary>KPI → trial values, each list copied into a value list.</summary>
    public static ValueMap<IReadOnlyList<double>> Series(IEnumerable<KeyValuePair<string, IReadOnlyList<double>>>? entries) =>
        ValueMap<IReadOnlyList<double>>.Of(entries?.Select(p =>
            new KeyValuePair<string, IReadOnlyList<double>>(p.Key, ValueList<double>.Of(p.Value))));
}
