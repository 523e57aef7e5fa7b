using System.Text.Json.Nodes;
using Dream.Core.Scoring;
using Dream.Core.Statistics;

namespace Dream.Core.Packs;

/// <summary>
/// One regime of a candidate pack: successful trials (their values are in kpis) and failed ones (excluded from
/// every statistic); the baseline (null when the node had none) and the deltas [trial − baseline mean] (null
/// without a baseline); the ci95 intervals and how they were made (the weakest method when they differ); and
/// why this regime has no value for a KPI or held a knob at stock (a score term whose KPI is here but not in the
/// pack's kpis_unavailable was dropped in this regime only; an addition to DESIGN.md's list of regime fields).
/// </summary>
public sealed record PackRegime : IJsonWritable, IJsonReadable<PackRegime>
{
    public string Regime { get; }
    public int Trials { get; }
    public int TrialsFailed { get; }
    public IReadOnlyDictionary<string, IReadOnlyList<double>> Kpis { get; }
    public PackBaseline? Baseline { get; }
    public IReadOnlyDictionary<string, IReadOnlyList<double>>? Delta { get; }
    public IReadOnlyDictionary<string, IReadOnlyList<double>> Ci95 { get; }
    public CiMethod CiMethod { get; }
    public bool Safe { get; }
    public IReadOnlyList<PackCapBreach> CapBreaches { get; }
    public IReadOnlyDictionary<string, string> UnavailableReasons { get; }

    /// <summary>A regime of a pack journaled by a build older than unavailable_reasons has none: empty, not null.</summary>
    public PackRegime(string regime, int trials, int trialsFailed, IReadOnlyDictionary<string, IReadOnlyList<double>> kpis,
        PackBaseline? baseline, IReadOnlyDictionary<string, IReadOnlyList<double>>? delta,
        IReadOnlyDictionary<string, IReadOnlyList<double>> ci95, CiMethod ciMethod, bool safe,
        IReadOnlyList<PackCapBreach> capBreaches, IReadOnlyDictionary<string, string>? unavailableReasons)
    {
        foreach (var (kpi, i) in ci95)
            if (i.Count != 2) throw new ArgumentException($"ci95 of {kpi} must be [lo, hi]");
        Regime = regime;
        Trials = trials;
        TrialsFailed = trialsFailed;
        Kpis = Frozen.Series(kpis);
        Baseline = baseline;
        Delta = delta is null ? null : Frozen.Series(delta);
        Ci95 = Frozen.Series(ci95);
        CiMethod = ciMethod;
        Safe = safe;
        CapBreaches = ValueList<PackCapBreach>.Of(capBreaches);
        UnavailableReasons = ValueMap<string>.Of(unavailableReasons);
    }

    public static PackRegime Of(RegimeEvidence e, RegimeAssessment a)
    {
        if (e.Regime != a.Regime) throw new ArgumentException($"evidence of {e.Regime} paired with the assessment of {a.Regime}");
        var ci = a.Ci95.Select(p => new KeyValuePair<string, IReadOnlyList<double>>(p.Key, p.Value.Bounds()));
        var kpis = a.Means.Keys.Select(kpi => new KeyValuePair<string, IReadOnlyList<double>>(kpi, e.Values(kpi))) // the assessment's KPI order
            .Concat(e.Kpis.Where(p => !a.Means.ContainsKey(p.Key)));
        return new PackRegime(e.Regime, e.Trials, e.TrialsFailed, Frozen.Series(kpis),
            e.Baseline is null ? null : PackBaseline.Of(e.Baseline), a.Delta, Frozen.Series(ci), a.CiMethod,
            e.SafeWithoutBreaches(), e.CapBreaches.Select(PackCapBreach.Of).ToList(), a.Unavailable);
    }

    public JsonNode ToJson() => new JsonObject
    {
        ["regime"] = Regime,
        ["trials"] = Trials,
        ["trials_failed"] = TrialsFailed,
        ["kpis"] = Json.SeriesMap(Kpis),
        ["baseline"] = Baseline?.ToJson(),
        ["delta"] = Delta is null ? null : Json.SeriesMap(Delta),
        ["ci95"] = Json.SeriesMap(Ci95),
        ["ci_method"] = CiMethod.ToWire(),
        ["safe"] = Safe,
        ["cap_breaches"] = new JsonArray(CapBreaches.Select(b => (JsonNode?)b.ToJson()).ToArray()),
        ["unavailable_reasons"] = Json.TextMap(UnavailableReasons),
    };

    public static PackRegime FromJson(JsonNode node)
    {
        var f = JsonFields.Of(node, "pack regime", "regime", "trials", "trials_failed", "kpis", "baseline", "delta", "ci95",
            "ci_method", "safe", "cap_breaches", "unavailable_reasons");
        return new PackRegime(f.String("regime"), f.Int("trials"), f.Int("trials_failed"), f.SeriesMap("kpis"),
            f.Nullable("baseline") is { } b ? PackBaseline.FromJson(b) : null,
            f.Nullable("delta") is { } d ? JsonFields.SeriesMap(d, "pack regime.delta") : null,
            f.SeriesMap("ci95"), CiMethodNames.Parse(f.String("ci_method")), f.Bool("safe"),
            f.Array("cap_breaches").Select(x => PackCapBreach.FromJson(x ?? throw new ArgumentException("a cap breach is null"))).ToList(),
            f.Has("unavailable_reasons") && f.Nullable("unavailable_reasons") is not null ? f.TextMap("unavailable_reasons") : null);
    }
}
