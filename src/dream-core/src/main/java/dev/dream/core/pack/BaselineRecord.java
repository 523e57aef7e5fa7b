package dev.dream.core.pack;

import dev.dream.core.domain.Genome;
import dev.dream.core.score.Baseline;
import dev.dream.core.stats.CiOptions;
import dev.dream.core.stats.ConfidenceIntervals;
import dev.dream.core.stats.Stats;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A baseline as exported to baselines.json: a node class's KPIs under its stock configuration in one
 * regime of one domain.
 *
 * @param kpis KPI → mean over the successful trials
 * @param ci95 KPI → [lo, hi] of that mean
 * @param trials successful trials
 * @param genome the stock knob values measured
 * @param codeHash hash of the build that measured it
 * @param timestamp when it was measured, to the second
 */
public record BaselineRecord(
    String domain,
    String regime,
    Map<String, Double> kpis,
    Map<String, List<Double>> ci95,
    int trials,
    Genome genome,
    String nodeClass,
    String codeHash,
    Instant timestamp,
    String baselineId) {

  public BaselineRecord {
    kpis = Collections.unmodifiableMap(new LinkedHashMap<>(kpis));
    ci95 = Collections.unmodifiableMap(new LinkedHashMap<>(ci95));
    ci95.forEach((k, v) -> {
      if (v.size() != 2) throw new IllegalArgumentException("ci95 of " + k + " must be [lo, hi], got " + v);
    });
    if (trials < 0) throw new IllegalArgumentException("trials must be >= 0");
    // The file keeps whole seconds; so does the record, so that a record and its read-back are equal.
    timestamp = timestamp.truncatedTo(ChronoUnit.SECONDS);
  }

  /** {@code <domain>_<regime>_<UTC YYYY-MM-DDTHH-MM-SSZ>}, e.g. cpu_idle_2025-10-08T15-46-00Z. */
  public static String baselineId(String domain, String regime, Instant t) {
    return domain + "_" + regime + "_" + Timestamps.idForm(t);
  }

  /**
   * A freshly measured baseline: means and intervals of the stock configuration's successful trials,
   * each KPI's interval on its own stream (seed, "baseline/domain/regime/kpi").
   */
  public static BaselineRecord measured(String domain, String regime, Map<String, List<Double>> trialValues, int trials,
      Genome stock, String nodeClass, String codeHash, Instant at, CiOptions options, long seed) {
    Map<String, Double> means = new LinkedHashMap<>();
    Map<String, List<Double>> ci = new LinkedHashMap<>();
    trialValues.forEach((kpi, values) -> {
      if (values.isEmpty()) return;
      means.put(kpi, Stats.mean(Stats.toArray(values)));
      ConfidenceIntervals.mean(values, options, seed, "baseline/" + domain + "/" + regime + "/" + kpi)
          .ifPresent(i -> ci.put(kpi, i.bounds()));
    });
    return new BaselineRecord(domain, regime, means, ci, trials, stock, nodeClass, codeHash, at,
        baselineId(domain, regime, at));
  }

  /** The scorer's view; the trial values are not in the export, so only the means are known. */
  public Baseline toBaseline() {
    return new Baseline(baselineId, kpis);
  }
}
