using Dream.Core.Domain;
using Dream.Core.Packs;
using Dream.Core.Scoring;
using Dream.Core.Statistics;

namespace Dream.Core.Tests.Packs;

internal static class PackFixtures
{
    public const string RunId = "2025-10-08T15-46-00_rk3x9q0";
    public static readonly DateTimeOffset At = DateTimeOffset.Parse("2025-10-08T15:52:17.345Z", System.Globalization.CultureInfo.InvariantCulture);

    public static readonly IReadOnlyDictionary<string, string> NoReasons = new Dictionary<string, string>();

    public static DomainSpec Domain()
    {
        var kpis = new Dictionary<string, Kpi>
        {
            ["perf"] = new("perf", "ops/s", Better.Higher, KpiRole.Perf),
            ["p95_ms"] = new("p95_ms", "ms", Better.Lower, KpiRole.P95),
            ["watts"] = new("watts", "W", Better.Lower, KpiRole.Watts),
        };
        return new DomainSpec("sim", "sim domain", [], kpis, new Dictionary<string, double>());
    }

    public static Genome Genome() => Core.Domain.Genome.Of(("threads", 12), ("util", 0.75), ("governor", "performance"), ("smt", true));

    public static IReadOnlyDictionary<string, IReadOnlyList<double>> Values(double perf, double p95, double watts) =>
        Frozen.Series(new Dictionary<string, IReadOnlyList<double>>
        {
            ["perf"] = [perf, perf * 1.01, perf * 0.99],
            ["p95_ms"] = [p95, p95 * 1.02, p95 * 0.98],
            ["watts"] = [watts, watts * 1.01, watts * 0.995],
        });

    public static Baseline Baseline(string regime) => Core.Scoring.Baseline.OfTrials("sim_" + regime + "_2025-10-08T15-46-00Z", Values(500, 10, 60));

    public static IReadOnlyList<RegimeEvidence> Evidence(bool breach, bool withBaselines)
    {
        var idle = new RegimeEvidence("idle", 1, 3, 1, Values(600, 9, 58), withBaselines ? Baseline("idle") : null, true, [], NoReasons);
        IReadOnlyList<CapBreach> breaches = breach ? [new CapBreach("stress", 2, "watts", 210.5, 200, "max", 3.25)] : [];
        var stress = new RegimeEvidence("stress", 2, 3, 0, Values(620, 9.5, 59), withBaselines ? Baseline("stress") : null,
            true, breaches, NoReasons);
        return [idle, stress];
    }

    public static CandidatePack Pack(bool breach, bool withBaselines)
    {
        var ev = Evidence(breach, withBaselines);
        var a = Scorer.Assess(Domain(), Tolerance.Default, ev, CiOptions.Default, 1, "gen3_c4");
        return CandidatePack.Of(RunId, "sim", "gen3_c4", 3, Genome(), "x86_64-8c-16g-6.8", ev, a, At);
    }

    /// <summary>The fixture's evidence without watts, each regime with the unavailable map <paramref name="unavailable"/> gives it.</summary>
    public static IReadOnlyList<RegimeEvidence> WithoutWatts(Func<string, IReadOnlyDictionary<string, string>> unavailable) =>
        Evidence(false, true).Select(e => new RegimeEvidence(e.Regime, e.Weight, e.Trials, e.TrialsFailed,
            e.Kpis.Where(p => p.Key != "watts").ToDictionary(p => p.Key, p => p.Value), e.Baseline, e.Safe, e.CapBreaches,
            unavailable(e.Regime))).ToList();

    public static CandidatePack Assessed(IReadOnlyList<RegimeEvidence> ev)
    {
        var a = Scorer.Assess(Domain(), Tolerance.Default, ev, CiOptions.Default, 1, "gen3_c4");
        return CandidatePack.Of(RunId, "sim", "gen3_c4", 3, Genome(), "nc", ev, a, At);
    }

    public static IReadOnlyDictionary<string, string> Reasons(params (string Name, string Why)[] pairs) =>
        ValueMap<string>.Of(pairs.Select(p => new KeyValuePair<string, string>(p.Name, p.Why)));

    public static List<string> Keys(System.Text.Json.Nodes.JsonNode? n) =>
        ((System.Text.Json.Nodes.JsonObject)n!).Select(p => p.Key).ToList();

    public static IReadOnlyList<string> Validate(System.Text.Json.Nodes.JsonNode? n) => SchemaValidator.Validate(SchemaValidator.CandidatePack, n);

    public static void AssertMap<T>(IReadOnlyDictionary<string, T> expected, IReadOnlyDictionary<string, T>? actual) =>
        Scoring.Fixtures.AssertMap(expected, actual);
}
