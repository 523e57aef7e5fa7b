package dev.dream.core.score;

import dev.dream.core.domain.CapBreach;
import dev.dream.core.domain.Caps;
import dev.dream.core.domain.DomainSpec;
import dev.dream.core.stats.CiOptions;
import dev.dream.core.stats.Interval;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Assesses a candidate against the node's baseline (DESIGN.md section 4).
 *
 * <p>Per regime, each KPI is taken as a fraction of its baseline mean: score_r = Σ_k sign_k·w_k·(m_k/b_k −
 * 1), sign +1 when higher is better and −1 when lower is better, weights from the domain file or, when it
 * declares none, perf 1.0, p95 0.2 and watts 0.1 on the KPIs with those roles. The overall score is the
 * regime-weighted mean of the regime scores; the baseline itself scores 0. A regime whose workload does not
 * produce a KPI (neither the candidate's trials nor the baseline have it there) scores without that term
 * while the other regimes keep it; a KPI the node cannot measure at all drops its term everywhere and is
 * listed in kpis_unavailable (see {@link Availability}).
 *
 * <p>No score (null, and improves false, with the reason in notes) when the candidate is unsafe (a regime
 * unsafe or a cap broken), when a regime has no baseline, when a regime has no successful trial, or when a
 * weighted regime has no measurable term. The score interval is described in {@link ScoreInterval};
 * improves_over_baseline requires its lower bound above 0 and no broken tolerance (see {@link ToleranceCheck}).
 */
public final class Scorer {
  /** The key of the regime-weighted mean among the regimes of aggregate means. */
  public static final String OVERALL = "overall";

  private Scorer() {}

  public static CandidateAssessment assess(DomainSpec domain, Caps.Tolerance tolerance, List<RegimeEvidence> regimes,
      CiOptions options, long seed, String candidateKey) {
    checkRegimes(regimes);
    List<String> kpiOrder = KpiOrder.of(domain, regimes);
    Availability availability = Availability.of(ScoreTerm.of(domain), regimes, kpiOrder, domain.kpis().keySet());
    List<String> notes = new ArrayList<>(availability.notes());
    boolean safe = regimes.stream().allMatch(RegimeEvidence::safeWithoutBreaches);

    ScoreModel model = null;
    if (!safe) notes.addAll(unsafeReasons(regimes));
    else {
      String why = whyNotScorable(regimes, availability);
      if (why != null) notes.add(why);
      else model = ScoreModel.of(availability, regimes);
    }

    List<RegimeAssessment> perRegime = new ArrayList<>();
    for (int i = 0; i < regimes.size(); i++)
      perRegime.add(RegimeSummary.of(domain, regimes.get(i), kpiOrder, options, seed, candidateKey,
          model == null ? null : model.regimeScore(i), availability.lacking().get(i)));

    Double score = null;
    Interval ci = null;
    List<String> breaks = List.of();
    if (model != null) {
      score = model.point();
      ScoreInterval.Result interval = ScoreInterval.of(model, options, seed, candidateKey + "/score_v2");
      ci = interval.interval();
      notes.addAll(interval.notes());
      ToleranceCheck.Result tol = ToleranceCheck.check(domain, tolerance, regimes, availability.unavailable());
      breaks = tol.breaks();
      notes.addAll(tol.notes());
    }
    boolean improves = ci != null && ci.lo() > 0 && breaks.isEmpty();
    return new CandidateAssessment(safe, score, ci, improves, List.copyOf(perRegime),
        aggregateMeans(kpiOrder, regimes, perRegime), riskProfile(kpiOrder, regimes), availability.unavailable(),
        List.copyOf(breaks), List.copyOf(notes));
  }

  private static void checkRegimes(List<RegimeEvidence> regimes) {
    if (regimes == null || regimes.isEmpty()) throw new IllegalArgumentException("a candidate needs evidence from at least one regime");
    Set<String> seen = new HashSet<>();
    for (RegimeEvidence r : regimes) {
      if (r.regime().equals(OVERALL))
        throw new IllegalArgumentException("a regime cannot be named '" + OVERALL + "': that key holds the regime-weighted mean");
      if (!seen.add(r.regime())) throw new IllegalArgumentException("regime " + r.regime() + " appears twice in the evidence");
    }
  }

  private static String whyNotScorable(List<RegimeEvidence> regimes, Availability availability) {
    for (RegimeEvidence r : regimes) {
      if (r.baseline() == null) return "no score: regime " + r.regime() + " has no baseline yet";
      if (!Availability.hasMeasurements(r)) return "no score: regime " + r.regime() + " has no successful trial";
    }
    if (availability.scored().isEmpty()) return "no score: none of the score's KPIs can be measured here";
    if (regimes.stream().mapToDouble(RegimeEvidence::weight).sum() <= 0) return "no score: every regime weight is 0";
    // A regime score of 0 would be made up: a weighted regime without a single term leaves no score at all.
    for (int i = 0; i < regimes.size(); i++)
      if (regimes.get(i).weight() > 0 && availability.scoredIn().get(i).isEmpty())
        return "no score: regime " + regimes.get(i).regime() + " has a value for none of the score's KPIs";
    return null;
  }

  private static List<String> unsafeReasons(List<RegimeEvidence> regimes) {
    List<String> reasons = new ArrayList<>();
    for (RegimeEvidence r : regimes) {
      if (!r.safe()) reasons.add("unsafe: regime " + r.regime() + " was judged unsafe");
      for (CapBreach b : r.capBreaches())
        reasons.add(String.format(Locale.ROOT, "unsafe: regime %s trial %d: %s = %s broke the %s cap %s at %.1f s",
            r.regime(), b.trial(), b.kpi(), b.value(), b.bound(), b.limit(), b.atS()));
    }
    return reasons;
  }

  /** {kpi → {regime → mean, "overall" → regime-weighted mean over the regimes that measured it}}. */
  private static Map<String, Map<String, Double>> aggregateMeans(
      List<String> kpiOrder, List<RegimeEvidence> regimes, List<RegimeAssessment> perRegime) {
    Map<String, Map<String, Double>> out = new LinkedHashMap<>();
    for (String kpi : kpiOrder) {
      Map<String, Double> byRegime = new LinkedHashMap<>();
      double weighted = 0;
      double weights = 0;
      double plain = 0;
      for (int i = 0; i < regimes.size(); i++) {
        Double m = perRegime.get(i).means().get(kpi);
        if (m == null) continue;
        byRegime.put(regimes.get(i).regime(), m);
        weighted += regimes.get(i).weight() * m;
        weights += regimes.get(i).weight();
        plain += m;
      }
      if (byRegime.isEmpty()) continue;
      // Regimes of weight 0 are outside the score, but a mean is still worth reporting: unweighted then.
      byRegime.put(OVERALL, weights > 0 ? weighted / weights : plain / byRegime.size());
      out.put(kpi, Collections.unmodifiableMap(byRegime));
    }
    return Collections.unmodifiableMap(out);
  }

  /** The worst value seen over all regimes (the original kept only the last regime's, defect 12). */
  private static Map<String, Double> riskProfile(List<String> kpiOrder, List<RegimeEvidence> regimes) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (String kpi : kpiOrder)
      for (RegimeEvidence r : regimes)
        for (double v : r.values(kpi)) out.merge(kpi, v, Math::max);
    return Collections.unmodifiableMap(out);
  }
}
