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
 * @param unavailable KPI → why this node cannot measure it, and {@code knob:<name>} → why that knob was held at
 *     its stock value (see {@link #HELD_KNOB_PREFIX}); both are reported as reasons, only the KPIs are scored
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

  /**
   * The key prefix, in {@code unavailable}, of a knob held at its stock value. KPI names cannot contain a
   * colon (domain files allow letters, digits and underscores), so the two never collide.
   */
  public static final String HELD_KNOB_PREFIX = "knob:";

  /** A held knob's note, not a KPI: it belongs among the reasons, never among the KPIs. */
  public static boolean isHeldKnob(String name) {
    return name.startsWith(HELD_KNOB_PREFIX);
  }

  /** The KPIs among {@code unavailable}, with their reasons; the held knobs left out. */
  public Map<String, String> unavailableKpis() {
    Map<String, String> kpis = new LinkedHashMap<>();
    unavailable.forEach((name, why) -> {
      if (!isHeldKnob(name)) kpis.put(name, why);
    });
    return Collections.unmodifiableMap(kpis);
  }

  /** Safe as the pack reports it: judged safe and no cap broken. */
  public boolean safeWithoutBreaches() {
    return safe && capBreaches.isEmpty();
  }

  public List<Double> values(String kpi) {
    return kpis.getOrDefault(kpi, List.of());
  }
}
