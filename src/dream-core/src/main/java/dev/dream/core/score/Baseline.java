package dev.dream.core.score;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A node's baseline in one regime: the mean of each KPI over the stock configuration's successful trials,
 * and those trial values (empty when only the means are known, e.g. read back from baselines.json; then
 * the baseline's own uncertainty cannot enter the score interval and the assessment says so).
 */
public record Baseline(String baselineId, Map<String, Double> means, Map<String, List<Double>> trials) {
  public Baseline {
    if (baselineId == null || baselineId.isBlank()) throw new IllegalArgumentException("a baseline needs its id");
    means = Collections.unmodifiableMap(new LinkedHashMap<>(means));
    means.forEach((k, v) -> {
      if (v == null || !Double.isFinite(v)) throw new IllegalArgumentException("baseline " + baselineId + " mean of " + k + " is " + v);
    });
    trials = Evidence.copyValues("baseline " + baselineId, trials == null ? Map.of() : trials);
    // The score interval resamples the trials around the means: both must describe the same runs.
    for (Map.Entry<String, List<Double>> e : trials.entrySet()) {
      Double mean = means.get(e.getKey());
      if (mean == null || e.getValue().isEmpty()) continue;
      double actual = e.getValue().stream().mapToDouble(Double::doubleValue).average().orElseThrow();
      if (Math.abs(actual - mean) > 1e-9 * Math.max(1, Math.abs(mean)))
        throw new IllegalArgumentException("baseline " + baselineId + ": mean of " + e.getKey() + " is " + mean
            + " but its trials average " + actual);
    }
  }

  public Baseline(String baselineId, Map<String, Double> means) {
    this(baselineId, means, Map.of());
  }

  /** A baseline whose means are those of the given trials. */
  public static Baseline ofTrials(String baselineId, Map<String, List<Double>> trials) {
    Map<String, Double> means = new LinkedHashMap<>();
    trials.forEach((k, v) -> {
      if (!v.isEmpty()) means.put(k, v.stream().mapToDouble(Double::doubleValue).average().orElseThrow());
    });
    return new Baseline(baselineId, means, trials);
  }
}
