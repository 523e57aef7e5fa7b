package dev.dream.core.domain;

import java.util.Map;

/**
 * How a knob is applied and restored on a node. {@code kind} is one of {@link #KINDS}; {@code path} is a
 * sysfs/procfs path or glob (resolved under {@code $DREAM_SYS_ROOT}), a cgroup file, or an env/arg name;
 * {@code values} maps a knob value (as text) to what is written; {@code params} holds kind-specific extras.
 */
public record ActuatorSpec(String kind, String path, Map<String, String> values, Map<String, Object> params) {
  public ActuatorSpec {
    values = values == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(values));
    params = Canonical.map(params);
  }

  public static final java.util.List<String> KINDS =
      java.util.List.of(
          "sysfs", "procfs", "cgroup", "affinity", "nice", "sched-policy", "workload-arg", "env", "nvidia-smi");

  /** Actuators that change the machine: applied only with {@code --allow-system-changes}. */
  public static final java.util.Set<String> SYSTEM_CHANGING =
      java.util.Set.of("sysfs", "procfs", "cgroup", "affinity", "nice", "sched-policy", "nvidia-smi");

  public static ActuatorSpec workloadArg() {
    return new ActuatorSpec("workload-arg", null, Map.of(), Map.of());
  }

  public boolean changesSystem() {
    return SYSTEM_CHANGING.contains(kind);
  }
}
