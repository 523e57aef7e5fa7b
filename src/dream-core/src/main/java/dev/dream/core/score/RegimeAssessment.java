package dev.dream.core.score;

import dev.dream.core.stats.CiMethod;
import dev.dream.core.stats.Interval;
import java.util.List;
import java.util.Map;

/**
 * The statistics of one regime of one candidate.
 *
 * @param means KPI → mean of the successful trials
 * @param ci95 KPI → confidence interval of that mean (absent for a KPI with no values)
 * @param ciMethod how those intervals were made; the weakest one when they differ (NONE, then STUDENT_T)
 * @param delta KPI → [trial − baseline mean], or null without a baseline
 * @param score this regime's score_v2 term, or null when it cannot be scored
 * @param pImproves KPI → one-sided Welch p-value of "better than the baseline" (where both sides have
 *     at least two trial values)
 * @param unavailable KPI (or knob:&lt;name&gt; held at stock) → why this regime has no value for it: what the
 *     node said, or that an expected KPI came with no successful trial
 */
public record RegimeAssessment(
    String regime,
    Map<String, Double> means,
    Map<String, Interval> ci95,
    CiMethod ciMethod,
    Map<String, List<Double>> delta,
    Double score,
    Map<String, Double> pImproves,
    Map<String, String> unavailable) {}
