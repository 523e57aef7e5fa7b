using Dream.Core.Domain;
using Dream.Trials;

namespace Dream.Trials.Tests.Trials;

/// <summary>Small builders for domain and trial specs used across the tests.</summary>
public static class Fixtures
{
    public static Dream.Core.Domain.IntKnob IntKnob(string name, long min, long max, long stock) =>
        new(name, min, max, 1, false, stock, ActuatorSpec.WorkloadArg());

    public static Dream.Core.Domain.FloatKnob FloatKnob(string name, double min, double max, double? step, double stock) =>
        new(name, min, max, step, false, stock, ActuatorSpec.WorkloadArg());

    public static Dream.Core.Domain.ChoiceKnob ChoiceKnob(string name, IReadOnlyList<string> choices, string stock) =>
        new(name, choices, stock, ActuatorSpec.WorkloadArg());

    public static Dream.Core.Domain.BoolKnob BoolKnob(string name, bool stock) =>
        new(name, stock, ActuatorSpec.WorkloadArg());

    public static IReadOnlyDictionary<string, Kpi> SimKpis() => new Dictionary<string, Kpi>
    {
        ["perf"] = new("perf", "ops/s", Better.Higher, KpiRole.Perf),
        ["p95_ms"] = new("p95_ms", "ms", Better.Lower, KpiRole.P95),
        ["watts"] = new("watts", "W", Better.Lower, KpiRole.Watts),
    };

    public static DomainSpec Domain(string name, IReadOnlyList<Knob> knobs, IReadOnlyDictionary<string, Kpi> kpis) =>
        new(name, "test domain", knobs, kpis, new Dictionary<string, double>());

    /// <summary>The DESIGN.md example sim domain: threads 1..64, util 0.25..1 step 0.25, a choice and a bool.</summary>
    public static DomainSpec SimDomain() => Domain("simcpu",
        [
            IntKnob("threads", 1, 64, 8),
            FloatKnob("util", 0.25, 1.0, 0.25, 0.5),
            ChoiceKnob("governor", ["performance", "schedutil", "powersave"], "schedutil"),
            BoolKnob("smt", true),
        ],
        SimKpis());

    /// <summary>Name, value, name, value…, in order.</summary>
    public static Genome Genome(params object[] kv) => new(Pairs(kv));

    public static WorkloadSpec Workload(string kind, params object[] kv) => new(kind, Pairs(kv));

    /// <summary>A map literal for workload parameters: name, value, name, value…, in order.</summary>
    public static Dictionary<string, object> Map(params object[] kv) =>
        Pairs(kv).ToDictionary(p => p.Key, p => p.Value);

    public static TrialSpec Trial(DomainSpec domain, Genome genome, WorkloadSpec workload, double warmupS, double durationS, int index) =>
        Trial(domain, genome, workload, warmupS, durationS, index, new Dictionary<string, Cap>(), false);

    public static TrialSpec Trial(DomainSpec domain, Genome genome, WorkloadSpec workload, double warmupS, double durationS, int index,
        IReadOnlyDictionary<string, Cap> caps, bool allowSystemChanges)
    {
        var regime = new RegimeSpec("normal", workload, durationS, 1.0);
        var exec = new ExecutionSpec(3, warmupS, 0, 1, 1.5);
        var id = TrialSpec.IdOf("run1", domain.Name, "gen0_c0", "normal", index);
        return new TrialSpec(id, "run1", domain.Name, "gen0_c0", "normal", index, genome, domain, regime, exec, caps,
            GlobalCaps.Default, 42L, allowSystemChanges);
    }

    /// <summary>One cap keyed by its KPI, as TrialSpec.Caps holds them.</summary>
    public static IReadOnlyDictionary<string, Cap> Caps(params Cap[] caps) => caps.ToDictionary(c => c.Kpi);

    private static List<KeyValuePair<string, object>> Pairs(object[] kv)
    {
        var pairs = new List<KeyValuePair<string, object>>();
        for (var i = 0; i < kv.Length; i += 2) pairs.Add(new((string)kv[i], kv[i + 1]));
        return pairs;
    }
}
