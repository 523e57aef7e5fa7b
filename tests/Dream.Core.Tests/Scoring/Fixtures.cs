using Dream.Core.Domain;
using Dream.Core.Scoring;

namespace Dream.Core.Tests.Scoring;

/// <summary>A CPU-like domain and its evidence, built from per-KPI trial values.</summary>
internal static class Fixtures
{
    public const string Perf = "throughput_ops";
    public const string P95 = "p95_latency_ms";
    public const string Watts = "package_power_w";
    public const string Temp = "cpu_temp_c";

    public static DomainSpec Cpu() => Cpu(new Dictionary<string, double>());

    public static DomainSpec Cpu(IReadOnlyDictionary<string, double> weights)
    {
        var kpis = new Dictionary<string, Kpi>
        {
            [Perf] = new(Perf, "ops/s", Better.Higher, KpiRole.Perf),
            [P95] = new(P95, "ms", Better.Lower, KpiRole.P95),
            [Watts] = new(Watts, "W", Better.Lower, KpiRole.Watts),
            [Temp] = new(Temp, "C", Better.Lower, null),
        };
        return new DomainSpec("cpu", "test domain", [], kpis, weights);
    }

    /// <summary>KPI → trials, in the given order.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<double>> Kpis(params (string Kpi, double[] Values)[] pairs)
    {
        var m = new List<KeyValuePair<string, IReadOnlyList<double>>>();
        foreach (var (k, v) in pairs) m.Add(new(k, v.ToList()));
        return ValueMap<IReadOnlyList<double>>.Of(m);
    }

    public static double[] V(params double[] xs) => xs;

    /// <summary>Multiplies each value: a candidate at <paramref name="factor"/> times the baseline, trial by trial.</summary>
    public static double[] Times(double[] xs, double factor) => xs.Select(x => x * factor).ToArray();

    public static readonly double[] BasePerf = [1000, 1012, 991];
    public static readonly double[] BaseP95 = [5.0, 5.1, 4.95];
    public static readonly double[] BaseWatts = [50, 50.6, 49.5];
    public static readonly double[] BaseTemp = [60, 61, 60.5];

    public static IReadOnlyDictionary<string, IReadOnlyList<double>> BaselineTrials() =>
        Kpis((Perf, BasePerf), (P95, BaseP95), (Watts, BaseWatts), (Temp, BaseTemp));

    public static Baseline Baseline(string regime) => Core.Scoring.Baseline.OfTrials("cpu_" + regime + "_2025-01-01T00-00-00Z", BaselineTrials());

    public static RegimeEvidence Regime(string name, double weight, IReadOnlyDictionary<string, IReadOnlyList<double>> kpis) =>
        new(name, weight, 3, 0, kpis, Baseline(name), true, [], new Dictionary<string, string>());

    public const string NoLatency = "stress-ng measures throughput in bogo operations, not the latency of single operations";

    /// <summary>
    /// A stress regime whose workload reports no request latency, like stress-ng: neither the candidate's trials
    /// (which say so) nor the baseline have p95. The candidate is at the given factors of the baseline.
    /// </summary>
    public static RegimeEvidence WithoutP95(string name, double weight, double perf, double watts)
    {
        var b = Core.Scoring.Baseline.OfTrials("cpu_" + name + "_2025-01-01T00-00-00Z", Kpis((Perf, BasePerf), (Watts, BaseWatts), (Temp, BaseTemp)));
        return new RegimeEvidence(name, weight, 3, 0, Kpis((Perf, Times(BasePerf, perf)), (Watts, Times(BaseWatts, watts)), (Temp, BaseTemp)),
            b, true, [], new Dictionary<string, string> { [P95] = NoLatency });
    }

    public static RegimeEvidence WithBreach(RegimeEvidence r)
    {
        var b = new CapBreach(r.Regime, 1, Temp, 93.5, 90, "max", 12.0);
        return new RegimeEvidence(r.Regime, r.Weight, r.Trials, r.TrialsFailed, r.Kpis, r.Baseline, r.Safe, [b], r.Unavailable);
    }

    public static IReadOnlyDictionary<string, string> Reasons(params (string Name, string Why)[] pairs) =>
        ValueMap<string>.Of(pairs.Select(p => new KeyValuePair<string, string>(p.Name, p.Why)));

    /// <summary>Equal maps: the same keys with equal values, in any order (as Java's map equality).</summary>
    public static void AssertMap<T>(IReadOnlyDictionary<string, T> expected, IReadOnlyDictionary<string, T>? actual)
    {
        Assert.NotNull(actual);
        Assert.True(expected.Count == actual.Count && expected.All(p => actual.TryGetValue(p.Key, out var v) && Equals(v, p.Value)),
            $"expected {{{string.Join(", ", expected.Select(p => p.Key + "=" + p.Value))}}} but got {{{string.Join(", ", actual.Select(p => p.Key + "=" + p.Value))}}}");
    }
}
