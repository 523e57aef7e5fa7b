using Dream.Core.Domain;
using Dream.Core.Scoring;
using Dream.Core.Statistics;

namespace Dream.Core.Packs;

/// <summary>
/// A baseline as exported to baselines.json: a node class's KPIs under its stock configuration in one regime of
/// one domain. <see cref="Kpis"/> maps a KPI to its mean over the successful trials, <see cref="Ci95"/> to [lo, hi]
/// of that mean; <see cref="Genome"/> holds the stock knob values measured, <see cref="CodeHash"/> the hash of the
/// build that measured it, <see cref="Timestamp"/> when, to the second.
/// </summary>
public sealed record BaselineRecord
{
    public string Domain { get; }
    public string Regime { get; }
    public IReadOnlyDictionary<string, double> Kpis { get; }
    public IReadOnlyDictionary<string, IReadOnlyList<double>> Ci95 { get; }
    public int Trials { get; }
    public Genome Genome { get; }
    public string NodeClass { get; }
    public string CodeHash { get; }
    public DateTimeOffset Timestamp { get; }
    public string BaselineId { get; }

    public BaselineRecord(string domain, string regime, IReadOnlyDictionary<string, double> kpis,
        IReadOnlyDictionary<string, IReadOnlyList<double>> ci95, int trials, Genome genome, string nodeClass, string codeHash,
        DateTimeOffset timestamp, string baselineId)
    {
        foreach (var (k, v) in ci95)
            if (v.Count != 2) throw new ArgumentException($"ci95 of {k} must be [lo, hi], got {v.Count} values");
        if (trials < 0) throw new ArgumentException("trials must be >= 0");
        Domain = domain;
        Regime = regime;
        Kpis = ValueMap<double>.Of(kpis);
        Ci95 = Frozen.Series(ci95);
        Trials = trials;
        Genome = genome;
        NodeClass = nodeClass;
        CodeHash = codeHash;
        // The file keeps whole seconds; so does the record, so that a record and its read-back are equal.
        Timestamp = Timestamps.ToSecond(timestamp);
        BaselineId = baselineId;
    }

    /// <summary><c>&lt;domain&gt;_&lt;regime&gt;_&lt;UTC YYYY-MM-DDTHH-MM-SSZ&gt;</c>, e.g. cpu_idle_2025-10-08T15-46-00Z.</summary>
    public static string MakeBaselineId(string domain, string regime, DateTimeOffset t) =>
        domain + "_" + regime + "_" + Timestamps.IdForm(t);

    /// <summary>
    /// A freshly measured baseline: means and intervals of the stock configuration's successful trials, each KPI's
    /// interval on its own stream (seed, "baseline/domain/regime/kpi").
    /// </summary>
    public static BaselineRecord Measured(string domain, string regime, IReadOnlyDictionary<string, IReadOnlyList<double>> trialValues,
        int trials, Genome stock, string nodeClass, string codeHash, DateTimeOffset at, CiOptions options, long seed)
    {
        var means = new List<KeyValuePair<string, double>>();
        var ci = new List<KeyValuePair<string, IReadOnlyList<double>>>();
        foreach (var (kpi, values) in trialValues)
        {
            if (values.Count == 0) continue;
            means.Add(new(kpi, Stats.Mean(values)));
            if (ConfidenceIntervals.Mean(values, options, seed, "baseline/" + domain + "/" + regime + "/" + kpi) is { } i)
                ci.Add(new(kpi, i.Bounds()));
        }
        return new BaselineRecord(domain, regime, ValueMap<double>.Of(means), Frozen.Series(ci), trials, stock, nodeClass,
            codeHash, at, MakeBaselineId(domain, regime, at));
    }

    /// <summary>The scorer's view; the trial values are not in the export, so only the means are known.</summary>
    public Baseline ToBaseline() => new(BaselineId, Kpis);
}
