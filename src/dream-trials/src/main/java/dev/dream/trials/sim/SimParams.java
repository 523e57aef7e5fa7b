package dev.dream.trials.sim;

import dev.dream.core.domain.WorkloadSpec;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A sim regime's workload: {@code function} (default sphere), {@code optimum} (knob → value; a choice knob
 * by its choice text or index, a bool by true/false or 0/1) and {@code noise}, the standard deviation of
 * the log-normal noise on every KPI (default 0).
 */
public record SimParams(SimObjective function, Map<String, Object> optimum, double noise) {
  public SimParams {
    optimum = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(optimum));
    if (!(noise >= 0) || !Double.isFinite(noise)) {
      throw new IllegalArgumentException("sim noise must be a finite number >= 0, got " + noise);
    }
  }

  public static SimParams from(WorkloadSpec spec) {
    if (!"sim".equals(spec.kind())) throw new IllegalArgumentException("not a sim workload: " + spec.kind());
    Map<String, Object> p = spec.params();
    Object fn = p.getOrDefault("function", "sphere");
    Object opt = p.get("optimum");
    if (!(opt instanceof Map<?, ?> m)) {
      throw new IllegalArgumentException("sim workload needs optimum: {knob: value, ...}, got " + opt);
    }
    Map<String, Object> optimum = new LinkedHashMap<>();
    m.forEach((k, v) -> optimum.put(String.valueOf(k), v));
    Object noise = p.getOrDefault("noise", 0.0);
    if (!(noise instanceof Number n)) throw new IllegalArgumentException("sim noise must be a number, got " + noise);
    return new SimParams(SimObjective.named(String.valueOf(fn)), optimum, n.doubleValue());
  }
}
