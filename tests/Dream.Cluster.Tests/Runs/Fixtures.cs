using Dream.Cluster.Runs;
using Dream.Core.Domain;
using Dream.Core.Evolution;
using Dream.Trials;

namespace Dream.Cluster.Tests.Runs;

/// <summary>A small sim domain and trials of it, for actor tests.</summary>
public static class Fixtures
{
    public static DomainSpec SimDomain()
    {
        var kpis = new Dictionary<string, Kpi>
        {
            ["perf"] = new("perf", "ops/s", Better.Higher, KpiRole.Perf),
            ["p95_ms"] = new("p95_ms", "ms", Better.Lower, KpiRole.P95),
            ["watts"] = new("watts", "W", Better.Lower, KpiRole.Watts),
        };
        return new DomainSpec("sim", "test",
        [
            new IntKnob("threads", 1, 64, 1, false, 8L, ActuatorSpec.WorkloadArg()),
            new FloatKnob("util", 0.25, 1.0, 0.25, false, 0.5, ActuatorSpec.WorkloadArg()),
        ], kpis, new Dictionary<string, double>());
    }

    public static RegimeSpec Regime(string name, double durationS) =>
        new(name, new WorkloadSpec("sim", new Dictionary<string, object>
        {
            ["function"] = "sphere",
            ["optimum"] = new Dictionary<string, object> { ["threads"] = 12L, ["util"] = 0.75 },
            ["noise"] = 0.05,
        }), durationS, 1.0);

    public static TrialSpec Trial(string cand, int k) =>
        new(TrialIds.Of("r1", "sim", cand, "normal", k), "r1", "sim", cand, "normal", k, Genome.Of(("threads", 12L), ("util", 0.75)),
            SimDomain(), Regime("normal", 0), new ExecutionSpec(1, 0, 0, 0, 1.5), new Dictionary<string, Cap>(), new GlobalCaps(3, 5, 1),
            42, false);

    public static TrialResult Ok(TrialSpec spec, double perf) =>
        new(spec.TrialId, TrialOutcome.Ok, new Dictionary<string, double> { ["perf"] = perf }, new Dictionary<string, string>(), [],
            null, 0, "test");

    /// <summary>A sim run of one domain, "sim", with the given shape; seed 7, no caps but the global rules.</summary>
    public static RunSpec Run(string runId, string nodeClass, int generations, int population, ExecutionSpec execution,
        GlobalCaps global, IReadOnlyList<RegimeSpec> regimes)
    {
        var plan = new RunSpec.DomainPlan(SimDomain(), regimes, execution, new Dictionary<string, Cap>(), global,
            Tolerance.Default, EvolutionParams.Default.WithStrategy("ga").WithPopulation(population));
        var settings = Canonical.Map([new("population", (long)population), new("generations", (long)generations)]);
        return new RunSpec(runId, 7, ["sim"], generations, false, nodeClass, "2025-01-01T00:00:00Z", "test", "test-hash",
            new Dictionary<string, string> { ["regimes.yaml"] = "0" }, settings, new Dictionary<string, RunSpec.DomainPlan> { ["sim"] = plan },
            ["akka.tcp://test@127.0.0.1:1"]);
    }

    /// <summary>A small sim run: one regime, no warm-up or delay, trials of no duration.</summary>
    public static RunSpec Run(string runId, string nodeClass, int generations, int population, int trials) =>
        Run(runId, nodeClass, generations, population, new ExecutionSpec(trials, 0, 0, 1, 1.5), new GlobalCaps(3, 60, 2), [Regime("normal", 0)]);
}
