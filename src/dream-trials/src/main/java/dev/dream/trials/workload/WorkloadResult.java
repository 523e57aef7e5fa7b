package dev.dream.trials.workload;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The KPIs a workload measured, and those it could not measure with the reason (for example no operation
 * completed within a zero-length trial). Never a made-up value.
 */
public record WorkloadResult(Map<String, Double> kpis, Map<String, String> unavailable) {
  public WorkloadResult {
    kpis = Map.copyOf(kpis);
    unavailable = Map.copyOf(unavailable);
    for (Map.Entry<String, Double> e : kpis.entrySet()) {
      if (!Double.isFinite(e.getValue())) {
        throw new IllegalArgumentException("KPI " + e.getKey() + " is not finite: " + e.getValue());
      }
    }
  }

  public static WorkloadResult of(Map<String, Double> kpis) {
    return new WorkloadResult(kpis, Map.of());
  }

  /** Collects KPIs; a value that is not finite goes to {@code unavailable} with the given reason. */
  public static final class Builder {
    private final Map<String, Double> kpis = new LinkedHashMap<>();
    private final Map<String, String> unavailable = new LinkedHashMap<>();

    public Builder put(String kpi, double value, String reasonIfNotFinite) {
      if (Double.isFinite(value)) kpis.put(kpi, value);
      else unavailable.put(kpi, reasonIfNotFinite);
      return this;
    }

    public Builder unavailable(String kpi, String reason) {
      unavailable.put(kpi, reason);
      return this;
    }

    public Builder putAll(WorkloadResult other) {
      kpis.putAll(other.kpis());
      unavailable.putAll(other.unavailable());
      return this;
    }

    public WorkloadResult build() {
      return new WorkloadResult(kpis, unavailable);
    }
  }
}
