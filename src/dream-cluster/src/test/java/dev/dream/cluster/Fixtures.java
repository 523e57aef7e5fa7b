package dev.dream.cluster;

import dev.dream.core.domain.ActuatorSpec;
import dev.dream.core.domain.Caps;
import dev.dream.core.domain.DomainSpec;
import dev.dream.core.domain.ExecutionSpec;
import dev.dream.core.domain.Genome;
import dev.dream.core.domain.Knob;
import dev.dream.core.domain.Kpi;
import dev.dream.core.domain.RegimeSpec;
import dev.dream.core.domain.WorkloadSpec;
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
}
