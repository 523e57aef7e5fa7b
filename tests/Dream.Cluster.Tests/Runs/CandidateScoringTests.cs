using Dream.Cluster.Runs;
using Dream.Core.Domain;
using Dream.Core.Packs;
using Dream.Core.Scoring;
using Dream.Trials;

namespace Dream.Cluster.Tests.Runs;

/// <summary>
/// From recorded trials to a pack when one regime's workload reports no request latency (iperf3 or stress-ng in the
/// stress regime): the other regime keeps its p95 term.
/// </summary>
public sealed class CandidateScoringTests
{
    public const string RunId = "2025-01-01T00-00-00_rabcdef";
    public const string NoLatency = "iperf3 measures throughput, not the latency of requests";
    private static readonly Genome TheGenome = Genome.Of(("threads", 12L), ("util", 0.75));
    private static readonly double[] Spread = [1.0, 1.01, 0.99];
    private static readonly DateTimeOffset At = new(2025, 1, 1, 0, 5, 0, TimeSpan.Zero);

    public static RunSpec Run() =>
        Fixtures.Run(RunId, "class-a", 1, 2, new ExecutionSpec(3, 0, 0, 0, 1.5), new GlobalCaps(3, 60, 2),
            [Fixtures.Regime("normal", 0), Fixtures.Regime("stress", 0)]);

    /// <summary>Three trials of a regime at the given KPI values (times a small spread); stress reports no p95.</summary>
    private static void Trials(Dictionary<string, TrialResult> into, string cand, string regime, double perf, double p95, double watts)
    {
        for (var k = 0; k < Spread.Length; k++)
        {
            var kpis = new Dictionary<string, double> { ["perf"] = perf * Spread[k], ["watts"] = watts * Spread[k] };
            var unavailable = new Dictionary<string, string>();
            if (regime == "stress") unavailable["p95_ms"] = NoLatency;
            else kpis["p95_ms"] = p95 * Spread[k];
            var id = TrialIds.Of(RunId, "sim", cand, regime, k);
            into[id] = new TrialResult(id, TrialOutcome.Ok, kpis, unavailable, [], null, 0, "test");
        }
    }

    private static Dictionary<string, Baseline> Baselines()
    {
        var result = new Dictionary<string, Baseline>();
        foreach (var regime in new[] { "normal", "stress" })
        {
            var stock = new Dictionary<string, TrialResult>();
            Trials(stock, "gen0_c0", regime, 1000, 5, 50);
            var values = new Dictionary<string, List<double>>();
            foreach (var r in stock.Values)
                foreach (var (k, v) in r.Kpis)
                {
                    if (!values.TryGetValue(k, out var l)) values[k] = l = new List<double>();
                    l.Add(v);
                }
            result[regime] = Baseline.OfTrials("sim_" + regime + "_2025-01-01T00-00-00Z",
                values.ToDictionary(p => p.Key, p => (IReadOnlyList<double>)p.Value));
        }
        return result;
    }

    public static CandidatePack Pack(string cand, double normalP95)
    {
        var results = new Dictionary<string, TrialResult>();
        Trials(results, cand, "normal", 1100, normalP95, 50);
        Trials(results, cand, "stress", 1100, 0, 50);
        return CandidateScoring.Assess(Run(), "sim", 0, cand, TheGenome, results, Baselines(), At).Pack;
    }

    [Fact]
    public void AWorseP95InTheRegimeThatMeasuresItScoresLowerThoughStressHasNone()
    {
        var equal = Pack("gen0_c1", 5);
        var slower = Pack("gen0_c2", 6);
        // normal: 0.1 or 0.1 − 0.2·(6/5 − 1) = 0.06; stress (no p95 term): 0.1; equal weights
        Assert.Equal(0.1, equal.Aggregate.ScoreV2!.Value, 9);
        Assert.Equal(0.08, slower.Aggregate.ScoreV2!.Value, 9);
        Assert.Empty(slower.KpisUnavailable);
        Assert.Empty(slower.Regimes[0].UnavailableReasons);
        Assert.Equal(new Dictionary<string, string> { ["p95_ms"] = NoLatency }, slower.Regimes[1].UnavailableReasons);
        PackSchema.AssertValid(slower);
    }

    /// <summary>Without --allow-system-changes every trial reports its held knobs; they are reasons, not KPIs.</summary>
    [Fact]
    public void KnobsHeldAtStockAreListedAsReasonsButNeverAsUnavailableKpis()
    {
        const string held = "held at stock: system changes need --allow-system-changes";
        var results = new Dictionary<string, TrialResult>();
        Trials(results, "gen0_c3", "normal", 1100, 5, 50);
        Trials(results, "gen0_c3", "stress", 1100, 0, 50);
        foreach (var id in results.Keys.ToList())
        {
            var r = results[id];
            var unavailable = new Dictionary<string, string>(r.Unavailable) { ["knob:governor"] = held };
            results[id] = r with { Unavailable = unavailable };
        }
        var p = CandidateScoring.Assess(Run(), "sim", 0, "gen0_c3", TheGenome, results, Baselines(), At).Pack;
        Assert.Empty(p.KpisUnavailable);
        Assert.Equal("normal: " + held, p.UnavailableReasons["knob:governor"]);
        Assert.Equal(new Dictionary<string, string> { ["knob:governor"] = held }, p.Regimes[0].UnavailableReasons);
        Assert.Equal(new SortedDictionary<string, string>(StringComparer.Ordinal) { ["p95_ms"] = NoLatency, ["knob:governor"] = held },
            new SortedDictionary<string, string>(p.Regimes[1].UnavailableReasons.ToDictionary(), StringComparer.Ordinal));
        Assert.False(p.RiskProfile.ContainsKey("knob:governor"));
        Assert.False(p.Aggregate.Means.ContainsKey("knob:governor"));
        Assert.Equal(0.1, p.Aggregate.ScoreV2!.Value, 9);
        PackSchema.AssertValid(p);
    }
}
