using System.Text;

namespace Dream.Core.Domain;

/// <summary>
/// One point of a knob space: knob name to value, in the domain's knob order. Values are kept canonical
/// (long, double, string, bool) so that equal candidates compare and hash equal whatever the source
/// (YAML, JSON, the journal).
/// </summary>
public sealed class Genome : IEquatable<Genome>
{
    public IReadOnlyDictionary<string, object> Values { get; }

    public Genome(IEnumerable<KeyValuePair<string, object>> values)
    {
        var canonical = new OrderedMap();
        foreach (var (k, v) in values)
        {
            if (v is null) throw new ArgumentException("a genome value cannot be null");
            canonical[k] = Canonical.Value(v);
        }
        Values = canonical;
    }

    public static Genome Of(params (string Knob, object Value)[] values) =>
        new(values.Select(p => new KeyValuePair<string, object>(p.Knob, p.Value)));

    public object? Get(string knob) => Values.TryGetValue(knob, out var v) ? v : null;

    /// <summary>Stable text form, used for de-duplication and for seeding per-candidate random streams.</summary>
    public string Key()
    {
        var sb = new StringBuilder();
        foreach (var (k, v) in Values) sb.Append(k).Append('=').Append(Canonical.Text(v)).Append(';');
        return sb.ToString();
    }

    /// <summary>A copy with one knob changed, order kept.</summary>
    public Genome With(string knob, object value) =>
        new(Values.Select(p => new KeyValuePair<string, object>(p.Key, p.Key == knob ? value : p.Value))
            .Concat(Values.ContainsKey(knob) ? [] : [new KeyValuePair<string, object>(knob, value)]));

    public bool Equals(Genome? other) =>
        other is not null && Values.Count == other.Values.Count &&
        Values.Keys.SequenceEqual(other.Values.Keys) &&
        Values.All(p => Canonical.ValueEquals(p.Value, other.Values[p.Key]));

    public override bool Equals(object? obj) => obj is Genome g && Equals(g);
    public override int GetHashCode() => Key().GetHashCode(StringComparison.Ordinal);
    public override string ToString() => "Genome{" + Key() + "}";
}
