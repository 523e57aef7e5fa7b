package dev.dream.core.pack;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.dream.core.score.RegimeAssessment;
import dev.dream.core.score.RegimeEvidence;
import dev.dream.core.stats.CiMethod;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One regime of a candidate pack.
 *
 * @param trials successful trials (their values are in kpis)
 * @param trialsFailed failed trials, excluded from every statistic
 * @param baseline null when the node had no baseline for this regime
 * @param delta KPI → [trial − baseline mean], null without a baseline
 * @param ciMethod how the ci95 intervals were made (the weakest method when they differ)
 * @param unavailableReasons KPI (or knob:&lt;name&gt; held at stock) → why this regime has no value for it; a
 *     score term whose KPI is here but not in the pack's kpis_unavailable was dropped in this regime only
 *     (an addition to DESIGN.md's list of regime fields)
 */
@JsonPropertyOrder({"regime", "trials", "trials_failed", "kpis", "baseline", "delta", "ci95", "ci_method", "safe", "cap_breaches",
    "unavailable_reasons"})
public record PackRegime(
    String regime,
    int trials,
    @JsonProperty("trials_failed") int trialsFailed,
    Map<String, List<Double>> kpis,
    PackBaseline baseline,
    Map<String, List<Double>> delta,
    Map<String, List<Double>> ci95,
    @JsonProperty("ci_method") CiMethod ciMethod,
    boolean safe,
    @JsonProperty("cap_breaches") List<PackCapBreach> capBreaches,
    @JsonProperty("unavailable_reasons") Map<String, String> unavailableReasons) {

  /** A regime of a pack journaled by a build older than unavailable_reasons has none: empty, not null. */
  public PackRegime {
    unavailableReasons = Collections.unmodifiableMap(new LinkedHashMap<>(unavailableReasons == null ? Map.of() : unavailableReasons));
  }

  public static PackRegime of(RegimeEvidence e, RegimeAssessment a) {
    if (!e.regime().equals(a.regime())) throw new IllegalArgumentException("evidence of " + e.regime() + " paired with the assessment of " + a.regime());
    Map<String, List<Double>> ci = new LinkedHashMap<>();
    a.ci95().forEach((kpi, i) -> ci.put(kpi, i.bounds()));
    Map<String, List<Double>> kpis = new LinkedHashMap<>();
    a.means().keySet().forEach(kpi -> kpis.put(kpi, e.values(kpi))); // the assessment's KPI order
    e.kpis().forEach(kpis::putIfAbsent);
    return new PackRegime(e.regime(), e.trials(), e.trialsFailed(), kpis,
        e.baseline() == null ? null : PackBaseline.of(e.baseline()), a.delta(), ci, a.ciMethod(),
        e.safeWithoutBreaches(), e.capBreaches().stream().map(PackCapBreach::of).toList(), a.unavailable());
  }
}
