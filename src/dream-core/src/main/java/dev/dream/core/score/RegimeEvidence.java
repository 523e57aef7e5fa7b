package dev.dream.core.score;

import dev.dream.core.domain.CapBreach;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What was measured for one candidate in one regime.
 *
 * @param weight the regime's weight in the overall score (regimes.yaml)
 * @param trials successful trials: those whose values are in {@code kpis}
 * @param trialsFailed failed trials; they are counted here and never enter {@code kpis} (no zero-filling)
 * @param kpis KPI → one value per successful trial, in trial order; lists of the same length are taken
 *     to be aligned by trial (trial i of every KPI is one run), so they are resampled together
 * @param baseline the node's baseline in this regime, or null if none exists yet
 * @param safe false when the regime was aborted or judged unsafe
 * @param capBreaches caps broken during the regime's trials
 * @param unavailable KPI → why this node cannot measure it
 */
public record RegimeEvidence(
    String regime,
    double weight,
    int trials,
    int trialsFailed,
    Map<String, List<Double>> kpis,
    Baseline baseline,
    boolean safe,
    List<CapBreach> capBreaches,
    Map<String, String> unavailable) {

  public RegimeEvidence {
    if (regime == null || regime.isBlank()) throw new IllegalArgumentException("regime evidence needs a regime name");
    if (!(weight >= 0) || Double.isInfinite(weight))
      throw new IllegalArgumentException("regime " + regime + " weight must be finite and >= 0, got " + weight);
    if (trials < 0 || trialsFailed < 0) throw new IllegalArgumentException("regime " + regime + " trial counts must be >= 0");
    kpis = Evidence.copyValues("regime " + regime, kpis == null ? Map.of() : kpis);
    capBreaches = capBreaches == null ? List.of() : List.copyOf(capBreaches);
    unavailable = Collections.unmodifiableMap(new LinkedHashMap<>(unavailable == null ? Map.of() : unavailable));
  }

  /** Safe as the pack reports it: judged safe and no cap broken. */
  public boolean safeWithoutBreaches() {
    return safe && capBreaches.isEmpty();
  }

  public List<Double> values(String kpi) {
    return kpis.getOrDefault(kpi, List.of());
  }
}
