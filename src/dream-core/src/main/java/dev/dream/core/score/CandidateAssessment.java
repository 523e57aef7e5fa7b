package dev.dream.core.score;

import dev.dream.core.stats.Interval;
import java.util.List;
import java.util.Map;

/**
 * The verdict on one candidate: the numbers a candidate pack reports and the evolution selects on.
 *
 * @param safe every regime safe and no cap broken
 * @param scoreV2 overall score (0 = the baseline), null when unsafe or not scorable (see notes)
 * @param scoreCi95 interval of the overall score, null when there is no score or too few trials
 * @param improvesOverBaseline lower bound of scoreCi95 above 0 and no tolerance broken
 * @param regimes per regime, in evidence order
 * @param means KPI → {regime → mean, "overall" → regime-weighted mean}
 * @param riskProfile KPI → the largest trial value over all regimes
 * @param kpisUnavailable KPIs this node could not measure at all (never a held knob: those are reasons only); their
 *     score terms are dropped in every regime
 *     (a KPI only some regimes lack is in those regimes' unavailable maps instead)
 * @param toleranceBreaks human-readable, one per broken tolerance of caps.yaml
 * @param notes why a score, an interval or a check is missing
 */
public record CandidateAssessment(
    boolean safe,
    Double scoreV2,
    Interval scoreCi95,
    boolean improvesOverBaseline,
    List<RegimeAssessment> regimes,
    Map<String, Map<String, Double>> means,
    Map<String, Double> riskProfile,
    List<String> kpisUnavailable,
    List<String> toleranceBreaks,
    List<String> notes) {

  public RegimeAssessment regime(String name) {
    for (RegimeAssessment r : regimes) if (r.regime().equals(name)) return r;
    throw new IllegalArgumentException("no regime " + name + " in this assessment");
  }
}
