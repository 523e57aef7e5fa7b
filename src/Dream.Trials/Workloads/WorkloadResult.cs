namespace Dream.Trials.Workloads;

/// <summary>
/// The KPIs a workload measured, and those it could not measure with the reason (for example no operation
/// completed within a zero-length trial). Never a made-up value.
/// </summary>
public sealed record WorkloadResult
{
    public IReadOnlyDictionary<string, double> Kpis { get; }
    public IReadOnlyDictionary<string, string> Unavailable { get; }

    public WorkloadResult(IReadOnlyDictionary<string, double> kpis, IReadOnlyDictionary<string, string> unavailable)
    {
        foreach (var (k, v) in kpis)
            if (!double.IsFinite(v)) throw new ArgumentException($"KPI {k} is not finite: {v}");
        Kpis = new Dictionary<string, double>(kpis).AsReadOnly();
        Unavailable = new Dictionary<string, string>(unavailable).AsReadOnly();
    }

    public static WorkloadResult Of(IReadOnlyDictionary<string, double> kpis) => new(kpis, new Dictionary<string, string>());

    public bool Equals(WorkloadResult? other) =>
        other is not null && SameEntries(Kpis, other.Kpis) && SameEntries(Unavailable, other.Unavailable);

    public override int GetHashCode() => HashCode.Combine(Kpis.Count, Unavailable.Count);

    private static bool SameEntries<T>(IReadOnlyDictionary<string, T> a, IReadOnlyDictionary<string, T> b) =>
        a.Count == b.Count && a.All(p => b.TryGetValue(p.Key, out var v) && EqualityComparer<T>.Default.Equals(p.Value, v));

    /// <summary>Collects KPIs in the order they are put; a value that is not finite goes to Unavailable with the given reason.</summary>
    public sealed class Builder
    {
        private readonly Dictionary<string, double> _kpis = new();
        private readonly Dictionary<string, string> _unavailable = new();

        public Builder Put(string kpi, double value, string reasonIfNotFinite)
        {
            if (double.IsFinite(value)) _kpis[kpi] = value;
            else _unavailable[kpi] = reasonIfNotFinite;
            return this;
        }

        public Builder Unavailable(string kpi, string reason)
        {
            _unavailable[kpi] = reason;
            return this;
        }

        public Builder PutAll(WorkloadResult other)
        {
            foreach (var (k, v) in other.Kpis) _kpis[k] = v;
            foreach (var (k, v) in other.Unavailable) _unavailable[k] = v;
            return this;
        }

        public WorkloadResult Build() => new(_kpis, _unavailable);
    }
}
