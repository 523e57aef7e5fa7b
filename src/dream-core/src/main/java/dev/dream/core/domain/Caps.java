package dev.dream.core.domain;

import java.util.Map;

/**
 * caps.yaml: per-domain KPI limits checked on every sample, the global trial rules and the tolerances that
 * {@code improves_over_baseline} must respect.
 */
public record Caps(Map<String, Map<String, Cap>> domains, Global global, Tolerance tolerance) {

  /** A limit on one KPI; either bound may be null. */
  public record Cap(String kpi, Double min, Double max) {}

  public record Global(int maxTrialFailures, double maxTrialDurationS, int minSuccessfulTrials) {
    public static final Global DEFAULT = new Global(3, 300, 2);
  }

  /** Percentages: the least perf improvement, the most p95 and power regression allowed in any regime. */
  public record Tolerance(double perfImprovementPct, double latencyRegressionPct, double powerRegressionPct) {
    public static final Tolerance DEFAULT = new Tolerance(0.5, 5.0, 3.0);
  }

  public Map<String, Cap> forDomain(String domain) {
    return domains.getOrDefault(domain, Map.of());
  }
}
