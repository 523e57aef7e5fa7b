package dev.dream.trials;

import dev.dream.core.domain.ActuatorSpec;
import dev.dream.core.domain.Caps;
import dev.dream.core.domain.DomainSpec;
import dev.dream.core.domain.ExecutionSpec;
import dev.dream.core.domain.Genome;
import dev.dream.core.domain.Knob;
import dev.dream.core.domain.Kpi;
import dev.dream.core.domain.RegimeSpec;
import dev.dream.core.domain.WorkloadSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small builders for domain and trial specs used across the tests. */
public final class Fixtures {
  private Fixtures() {}

  public static Knob.IntKnob intKnob(String name, long min, long max, long stock) {
    return new Knob.IntKnob(name, min, max, 1, false, stock, ActuatorSpec.workloadArg());
  }

  public static Knob.FloatKnob floatKnob(String name, double min, double max, Double step, double stock) {
    return new Knob.FloatKnob(name, min, max, step, false, stock, ActuatorSpec.workloadArg());
  }

  public static Knob.ChoiceKnob choiceKnob(String name, List<String> choices, String stock) {
    return new Knob.ChoiceKnob(name, choices, stock, ActuatorSpec.workloadArg());
  }

  public static Knob.BoolKnob boolKnob(String name, boolean stock) {
    return new Knob.BoolKnob(name, stock, ActuatorSpec.workloadArg());
  }

  public static Map<String, Kpi> simKpis() {
    Map<String, Kpi> kpis = new LinkedHashMap<>();
    kpis.put("perf", new Kpi("perf", "ops/s", Kpi.Better.HIGHER, Kpi.Role.PERF));
    kpis.put("p95_ms", new Kpi("p95_ms", "ms", Kpi.Better.LOWER, Kpi.Role.P95));
    kpis.put("watts", new Kpi("watts", "W", Kpi.Better.LOWER, Kpi.Role.WATTS));
    return kpis;
  }

  public static DomainSpec domain(String name, List<Knob> knobs, Map<String, Kpi> kpis) {
    return new DomainSpec(name, "test domain", knobs, kpis, Map.of());
  }

  /** The DESIGN.md example sim domain: threads 1..64, util 0.25..1 step 0.25, a choice and a bool. */
  public static DomainSpec simDomain() {
    return domain(
        "simcpu",
        List.of(
            intKnob("threads", 1, 64, 8),
            floatKnob("util", 0.25, 1.0, 0.25, 0.5),
            choiceKnob("governor", List.of("performance", "schedutil", "powersave"), "schedutil"),
            boolKnob("smt", true)),
        simKpis());
  }

  public static Genome genome(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
    return new Genome(m);
  }

  public static WorkloadSpec workload(String kind, Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
    return new WorkloadSpec(kind, m);
  }

  public static TrialSpec trial(
      DomainSpec domain, Genome genome, WorkloadSpec workload, double warmupS, double durationS, int index) {
    return trial(domain, genome, workload, warmupS, durationS, index, Map.of(), false);
  }

  public static TrialSpec trial(
      DomainSpec domain,
      Genome genome,
      WorkloadSpec workload,
      double warmupS,
      double durationS,
      int index,
      Map<String, Caps.Cap> caps,
      boolean allowSystemChanges) {
    RegimeSpec regime = new RegimeSpec("normal", workload, durationS, 1.0);
    ExecutionSpec exec = new ExecutionSpec(3, warmupS, 0, 1, 1.5);
    String id = TrialSpec.trialId("run1", domain.name(), "gen0_c0", "normal", index);
    return new TrialSpec(
        id, "run1", domain.name(), "gen0_c0", "normal", index, genome, domain, regime, exec, caps,
        Caps.Global.DEFAULT, 42L, allowSystemChanges);
  }
}
