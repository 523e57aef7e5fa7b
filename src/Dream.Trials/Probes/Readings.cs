namespace Dream.Trials.Probes;

/// <summary>
/// KPI values read from the machine, and the KPIs that could not be read with the reason. A value is always a
/// real reading: what cannot be measured goes to <see cref="Unavailable"/>, never a constant.
/// </summary>
public sealed record Readings
{
    public static readonly Readings Empty = new(new Dictionary<string, double>(), new Dictionary<string, string>());

    public IReadOnlyDictionary<string, double> Values { get; }
    public IReadOnlyDictionary<string, string> Unavailable { get; }

    public Readings(IEnumerable<KeyValuePair<string, double>> values, IEnumerable<KeyValuePair<string, string>> unavailable)
    {
        Values = new Dictionary<string, double>(values).AsReadOnly();
        Unavailable = new Dictionary<string, string>(unavailable).AsReadOnly();
    }

    public static Readings Of(string kpi, double value) =>
        new(new Dictionary<string, double> { [kpi] = value }, new Dictionary<string, string>());

    /// <summary>The KPI could not be read, and why (Java's static <c>unavailable</c>).</summary>
    public static Readings NotAvailable(string kpi, string reason) =>
        new(new Dictionary<string, double>(), new Dictionary<string, string> { [kpi] = reason });

    /// <summary>This and <paramref name="other"/>; a value read by one wins over the other's reason for not reading it.</summary>
    public Readings Merge(Readings other)
    {
        var v = new Dictionary<string, double>(Values);
        foreach (var (k, x) in other.Values) v[k] = x;
        var u = new Dictionary<string, string>();
        foreach (var (k, x) in Unavailable.Concat(other.Unavailable))
            if (!v.ContainsKey(k)) u[k] = x;
        return new Readings(v, u);
    }

    public bool Equals(Readings? other) =>
        other is not null && Same(Values, other.Values) && Same(Unavailable, other.Unavailable);

    public override int GetHashCode() => HashCode.Combine(Values.Count, Unavailable.Count);

    public override string ToString() =>
        "Readings{values={" + string.Join(", ", Values.Select(p => p.Key + "=" + p.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)))
        + "}, unavailable={" + string.Join(", ", Unavailable.Select(p => p.Key + "=" + p.Value)) + "}}";

    private static bool Same<T>(IReadOnlyDictionary<string, T> a, IReadOnlyDictionary<string, T> b) =>
        a.Count == b.Count && a.All(p => b.TryGetValue(p.Key, out var o) && EqualityComparer<T>.Default.Equals(p.Value, o));
}
