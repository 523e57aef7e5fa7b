namespace Dream.Core.Domain;

/// <summary>A cap broken during a trial: which KPI, the value seen, the limit and its bound ("max" or
/// "min"), and when, in seconds since the trial's measurement began.</summary>
public sealed record CapBreach(string Regime, int Trial, string Kpi, double Value, double Limit, string Bound, double AtS);

/// <summary>A limit on one KPI; either bound may be null.</summary>
public sealed record Cap(string Kpi, double? Min, double? Max);

public sealed record GlobalCaps(int MaxTrialFailures, double MaxTrialDurationS, int MinSuccessfulTrials)
{
    public static readonly GlobalCaps Default = new(3, 300, 2);
}

/// <summary>Percentages: the least perf improvement, the most p95 and power regression allowed in any regime.</summary>
public sealed record Tolerance(double PerfImprovementPct, double LatencyRegressionPct, double PowerRegressionPct)
{
    public static readonly Tolerance Default = new(0.5, 5.0, 3.0);
}

/// <summary>caps.yaml: per-domain KPI limits checked on every sample, the global trial rules and the
/// tolerances that improves_over_baseline must respect.</summary>
public sealed record Caps(IReadOnlyDictionary<string, IReadOnlyDictionary<string, Cap>> Domains, GlobalCaps Global, Tolerance Tolerance)
{
    private static readonly IReadOnlyDictionary<string, Cap> None = new Dictionary<string, Cap>();

    public static readonly Caps Default = new(new Dictionary<string, IReadOnlyDictionary<string, Cap>>(), GlobalCaps.Default, Tolerance.Default);

    public IReadOnlyDictionary<string, Cap> ForDomain(string domain) =>
        Domains.TryGetValue(domain, out var m) ? m : None;
}

public enum Better { Higher, Lower }

/// <summary>The three terms of the composite score.</summary>
public enum KpiRole { Perf, P95, Watts }

/// <summary>A key performance indicator of a domain. Role (nullable) maps it to a term of score_v2.</summary>
public sealed record Kpi(string Name, string Unit, Better Better, KpiRole? Role);

/// <summary>
/// A domain file: its knobs (in file order), its KPIs and the score weights. Weights maps a KPI name to its
/// weight in score_v2; when the file declares none, the weights are perf 1.0, p95 0.2, watts 0.1 on the KPIs
/// with those roles (DESIGN.md section 4).
/// </summary>
public sealed record DomainSpec(string Name, string Description, IReadOnlyList<Knob> Knobs,
    IReadOnlyDictionary<string, Kpi> Kpis, IReadOnlyDictionary<string, double> Weights)
{
    public Knob Knob(string knobName) =>
        Knobs.FirstOrDefault(k => k.Name == knobName)
        ?? throw new ArgumentException($"domain {Name} has no knob {knobName}");
}

/// <summary>The execution block of regimes.yaml.</summary>
public sealed record ExecutionSpec(int Trials, double WarmupS, double TrialDelayS, int Retries, double TimeoutMultiplier)
{
    public static readonly ExecutionSpec Default = new(3, 2, 2, 1, 1.5);
}

/// <summary>One workload condition of a domain; Weight weighs its score in the overall mean (default 1).</summary>
public sealed record RegimeSpec(string Name, WorkloadSpec Workload, double DurationS, double Weight);

/// <summary>
/// What a regime runs: Kind is one of <see cref="Kinds"/>; Params holds the kind's own keys exactly as
/// validated (e.g. load, args, argv, function, optimum, noise).
/// </summary>
public sealed record WorkloadSpec
{
    public static readonly IReadOnlyList<string> Kinds =
    [
        "builtin-cpu", "builtin-memory", "builtin-storage", "builtin-network", "builtin-mixed",
        "stress-ng", "fio", "iperf3", "command", "sim",
    ];

    public string Kind { get; }
    public IReadOnlyDictionary<string, object> Params { get; }

    public WorkloadSpec(string kind, IEnumerable<KeyValuePair<string, object>>? @params)
    {
        Kind = kind;
        Params = Canonical.Map(@params);
    }

    public bool Equals(WorkloadSpec? other) =>
        other is not null && Kind == other.Kind && Canonical.ValueEquals(Params, other.Params);

    public override int GetHashCode() => HashCode.Combine(Kind, Params.Count);
}
