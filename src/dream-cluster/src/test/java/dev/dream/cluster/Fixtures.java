package dev.dream.cluster;

import dev.dream.cluster.run.RunSpec;
import dev.dream.core.domain.ActuatorSpec;
import dev.dream.core.domain.Caps;
import dev.dream.core.domain.DomainSpec;
import dev.dream.core.domain.ExecutionSpec;
import dev.dream.core.domain.Genome;
import dev.dream.core.domain.Knob;
import dev.dream.core.domain.Kpi;
import dev.dream.core.domain.RegimeSpec;
import dev.dream.core.domain.WorkloadSpec;
import dev.dream.core.evolution.EvolutionParams;
import dev.dream.trials.TrialResult;
import dev.dream.trials.TrialSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A small sim domain and trials of it, for actor tests. */
public final class Fixtures {
  private Fixtures() {}

  public static DomainSpec simDomain() {
    Map<String, Kpi> kpis = new LinkedHashMap<>();
    kpis.put("perf", new Kpi("perf", "ops/s", Kpi.Better.HIGHER, Kpi.Role.PERF));
    kpis.put("p95_ms", new Kpi("p95_ms", "ms", Kpi.Better.LOWER, Kpi.Role.P95));
    kpis.put("watts", new Kpi("watts", "W", Kpi.Better.LOWER, Kpi.Role.WATTS));
    return new DomainSpec("sim", "test", List.of(
        new Knob.IntKnob("threads", 1, 64, 1, false, 8L, ActuatorSpec.workloadArg()),
        new Knob.FloatKnob("util", 0.25, 1.0, 0.25, false, 0.5, ActuatorSpec.workloadArg())), kpis, Map.of());
  }

  public static RegimeSpec regime(String name, double durationS) {
    return new RegimeSpec(name, new WorkloadSpec("sim", Map.of("function", "sphere", "optimum", Map.of("threads", 12, "util", 0.75), "noise", 0.05)), durationS, 1.0);
  }

  public static TrialSpec trial(String cand, int k) {
    return new TrialSpec(TrialSpec.trialId("r1", "sim", cand, "normal", k), "r1", "sim", cand, "normal", k,
        new Genome(Map.of("threads", 12L, "util", 0.75)), simDomain(), regime("normal", 0), new ExecutionSpec(1, 0, 0, 0, 1.5),
        Map.of(), new Caps.Global(3, 5, 1), 42, false);
  }

  public static TrialResult ok(TrialSpec spec, double perf) {
    return new TrialResult(spec.trialId(), TrialResult.Outcome.OK, Map.of("perf", perf), Map.of(), List.of(), null, 0, "test");
  }

  /** A sim run of one domain, "sim", with the given shape; seed 7, no caps but the global rules. */
  public static RunSpec run(String runId, String nodeClass, int generations, int population, ExecutionSpec execution,
      Caps.Global global, List<RegimeSpec> regimes) {
    RunSpec.DomainPlan plan = new RunSpec.DomainPlan(simDomain(), regimes, execution, Map.of(), global,
        Caps.Tolerance.DEFAULT, EvolutionParams.DEFAULT.withPopulation(population));
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("population", population);
    settings.put("generations", generations);
    return new RunSpec(runId, 7, List.of("sim"), generations, false, nodeClass, "2025-01-01T00:00:00Z", "test", "test-hash",
        Map.of("regimes.yaml", "0"), settings, Map.of("sim", plan), List.of("pekko://test@127.0.0.1:1"));
  }

  /** A small sim run: one regime, no warm-up or delay, trials of no duration. */
  public static RunSpec run(String runId, String nodeClass, int generations, int population, int trials) {
    return run(runId, nodeClass, generations, population, new ExecutionSpec(trials, 0, 0, 1, 1.5),
        new Caps.Global(3, 60, 2), List.of(regime("normal", 0)));
  }
}
