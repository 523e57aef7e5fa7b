package dev.dream.core.score;

import dev.dream.core.domain.CapBreach;
import dev.dream.core.domain.DomainSpec;
import dev.dream.core.domain.Kpi;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A CPU-like domain and its evidence, built from per-KPI trial values. */
final class Fixtures {
  static final String PERF = "throughput_ops";
  static final String P95 = "p95_latency_ms";
  static final String WATTS = "package_power_w";
  static final String TEMP = "cpu_temp_c";

  private Fixtures() {}

  static DomainSpec cpu() {
    return cpu(Map.of());
  }

  static DomainSpec cpu(Map<String, Double> weights) {
    Map<String, Kpi> kpis = new LinkedHashMap<>();
    kpis.put(PERF, new Kpi(PERF, "ops/s", Kpi.Better.HIGHER, Kpi.Role.PERF));
    kpis.put(P95, new Kpi(P95, "ms", Kpi.Better.LOWER, Kpi.Role.P95));
    kpis.put(WATTS, new Kpi(WATTS, "W", Kpi.Better.LOWER, Kpi.Role.WATTS));
    kpis.put(TEMP, new Kpi(TEMP, "C", Kpi.Better.LOWER, null));
    return new DomainSpec("cpu", "test domain", List.of(), kpis, weights);
  }

  /** KPI → trials, in the given order: name1, values1, name2, values2, … */
  static Map<String, List<Double>> kpis(Object... pairs) {
    Map<String, List<Double>> m = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      double[] xs = (double[]) pairs[i + 1];
      m.put((String) pairs[i], java.util.Arrays.stream(xs).boxed().toList());
    }
    return m;
  }

  static double[] v(double... xs) {
    return xs;
  }

  /** Multiplies each value: a candidate at {@code factor} times the baseline, trial by trial. */
  static double[] times(double[] xs, double factor) {
    double[] out = new double[xs.length];
    for (int i = 0; i < xs.length; i++) out[i] = xs[i] * factor;
    return out;
  }

  static final double[] BASE_PERF = {1000, 1012, 991};
  static final double[] BASE_P95 = {5.0, 5.1, 4.95};
  static final double[] BASE_WATTS = {50, 50.6, 49.5};
  static final double[] BASE_TEMP = {60, 61, 60.5};

  static Map<String, List<Double>> baselineTrials() {
    return kpis(PERF, BASE_PERF, P95, BASE_P95, WATTS, BASE_WATTS, TEMP, BASE_TEMP);
  }

  static Baseline baseline(String regime) {
    return Baseline.ofTrials("cpu_" + regime + "_2025-01-01T00-00-00Z", baselineTrials());
  }

  static RegimeEvidence regime(String name, double weight, Map<String, List<Double>> kpis) {
    return new RegimeEvidence(name, weight, 3, 0, kpis, baseline(name), true, List.of(), Map.of());
  }

  static final String NO_LATENCY = "stress-ng measures throughput in bogo operations, not the latency of single operations";

  /**
   * A stress regime whose workload reports no request latency, like stress-ng: neither the candidate's
   * trials (which say so) nor the baseline have p95. The candidate is at the given factors of the baseline.
   */
  static RegimeEvidence withoutP95(String name, double weight, double perf, double watts) {
    Baseline b = Baseline.ofTrials("cpu_" + name + "_2025-01-01T00-00-00Z",
        kpis(PERF, BASE_PERF, WATTS, BASE_WATTS, TEMP, BASE_TEMP));
    return new RegimeEvidence(name, weight, 3, 0, kpis(PERF, times(BASE_PERF, perf), WATTS, times(BASE_WATTS, watts),
        TEMP, BASE_TEMP), b, true, List.of(), Map.of(P95, NO_LATENCY));
  }

  static RegimeEvidence withBreach(RegimeEvidence r) {
    CapBreach b = new CapBreach(r.regime(), 1, TEMP, 93.5, 90, "max", 12.0);
    return new RegimeEvidence(r.regime(), r.weight(), r.trials(), r.trialsFailed(), r.kpis(), r.baseline(), r.safe(),
        List.of(b), r.unavailable());
  }
}
