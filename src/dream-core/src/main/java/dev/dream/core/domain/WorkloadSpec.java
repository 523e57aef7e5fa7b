package dev.dream.core.domain;

import java.util.Map;

/**
 * What a regime runs: {@code kind} is one of {@link #KINDS} (or {@code builtin-*}); {@code params} holds the
 * kind's own keys exactly as validated (e.g. {@code load}, {@code args}, {@code argv}, {@code function},
 * {@code optimum}, {@code noise}).
 */
public record WorkloadSpec(String kind, Map<String, Object> params) {
  public WorkloadSpec {
    params = Canonical.map(params);
  }

  public static final java.util.List<String> KINDS =
      java.util.List.of(
          "builtin-cpu",
          "builtin-memory",
          "builtin-storage",
          "builtin-network",
          "builtin-mixed",
          "stress-ng",
          "fio",
          "iperf3",
          "command",
          "sim");
}
