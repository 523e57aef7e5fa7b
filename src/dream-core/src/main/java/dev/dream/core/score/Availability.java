package dev.dream.core.score;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What each regime lacks, what the node as a whole cannot measure, and which score terms are computed in
 * which regime. Nothing is ever filled in.
 *
 * <p>A regime lacks a KPI when its evidence lists it as unavailable, or when it has measurements but no value
 * for a KPI that is expected there. When the regime's baseline has no value for that KPI either, the lack is
 * the regime's own: its workload does not produce the KPI (stress-ng and iperf3 report no request latency),
 * so the term is dropped in that regime only and the regimes that measure it keep it.
 *
 * <p>A KPI is unavailable on the node ({@code kpis_unavailable}, its term dropped in every regime) when no
 * regime measured it, or when a regime lacks it although that regime's baseline measured it: then the
 * candidate's trials, not the workload, lost it, and scoring that regime without the term would reward a
 * candidate for losing a measurement. A term is also dropped in every regime when a baseline has no positive
 * mean for a KPI the candidate measured there, since the ratio would then be meaningless.
 *
 * @param scored the terms computed in at least one regime
 * @param scoredIn per regime (evidence order), the KPIs of the terms computed there
 * @param lacking per regime, KPI (or knob:&lt;name&gt; held at stock) → why the regime has no value for it
 * @param unavailable the KPIs this node cannot measure at all (kpis_unavailable)
 */
record Availability(
    List<ScoreTerm> scored, List<Set<String>> scoredIn, List<Map<String, String>> lacking, List<String> unavailable,
    List<String> notes) {

  static final String NO_VALUE = "no value in any successful trial";

  static Availability of(
      List<ScoreTerm> terms, List<RegimeEvidence> regimes, List<String> kpiOrder, Set<String> declared) {
    List<String> notes = new ArrayList<>();
    List<Map<String, String>> lacking = new ArrayList<>();
    for (RegimeEvidence r : regimes) lacking.add(new TreeMap<>(r.unavailable()));
    Set<String> unavailable = new LinkedHashSet<>();
    for (String kpi : kpiOrder) {
      boolean lackedSomewhere = false;
      String candidateLost = null;
      for (int i = 0; i < regimes.size(); i++) {
        RegimeEvidence r = regimes.get(i);
        String reason = r.unavailable().get(kpi);
        if (reason == null && hasMeasurements(r) && r.values(kpi).isEmpty() && isExpected(kpi, declared, r, regimes)) {
          reason = NO_VALUE;
          lacking.get(i).put(kpi, reason);
        }
        if (reason == null) continue;
        lackedSomewhere = true;
        notes.add(kpi + " unavailable in regime " + r.regime() + ": " + reason);
        if (candidateLost == null && baselineMean(r, kpi) != null) candidateLost = r.regime();
      }
      if (!lackedSomewhere) continue;
      if (regimes.stream().allMatch(r -> r.values(kpi).isEmpty())) unavailable.add(kpi);
      else if (candidateLost != null) {
        unavailable.add(kpi);
        notes.add(kpi + " counts as unavailable on this node: the baseline of regime " + candidateLost
            + " measured it but the candidate's trials there did not");
      }
    }

    List<ScoreTerm> scored = new ArrayList<>();
    List<Set<String>> scoredIn = new ArrayList<>();
    for (int i = 0; i < regimes.size(); i++) scoredIn.add(new LinkedHashSet<>());
    for (ScoreTerm t : terms) {
      if (unavailable.contains(t.kpi())) {
        notes.add("score term " + t.kpi() + " dropped: this node cannot measure it");
        continue;
      }
      String baselineProblem = baselineProblem(t.kpi(), regimes);
      if (baselineProblem != null) {
        notes.add("score term " + t.kpi() + " dropped: " + baselineProblem);
        continue;
      }
      boolean anywhere = false;
      for (int i = 0; i < regimes.size(); i++) {
        RegimeEvidence r = regimes.get(i);
        if (!r.values(t.kpi()).isEmpty()) {
          scoredIn.get(i).add(t.kpi());
          anywhere = true;
        } else if (lacking.get(i).containsKey(t.kpi())) {
          notes.add("score term " + t.kpi() + " dropped in regime " + r.regime() + " only: neither the candidate nor"
              + " the baseline has a value for it there (" + lacking.get(i).get(t.kpi()) + ")");
        }
      }
      if (anywhere) scored.add(t);
      else notes.add("score term " + t.kpi() + " dropped: no regime has a value for it");
    }
    List<Map<String, String>> frozenLacking = new ArrayList<>();
    for (Map<String, String> m : lacking) frozenLacking.add(Collections.unmodifiableMap(m));
    List<Set<String>> frozenScoredIn = new ArrayList<>();
    for (Set<String> s : scoredIn) frozenScoredIn.add(Collections.unmodifiableSet(s));
    return new Availability(List.copyOf(scored), List.copyOf(frozenScoredIn), List.copyOf(frozenLacking),
        List.copyOf(unavailable), notes);
  }

  static boolean hasMeasurements(RegimeEvidence r) {
    return r.kpis().values().stream().anyMatch(v -> !v.isEmpty());
  }

  /**
   * A KPI is expected in a regime when the domain declares it or another regime measured it; an undeclared
   * KPI that only some other trial reported is not a gap of this one.
   */
  private static boolean isExpected(String kpi, Set<String> declared, RegimeEvidence r, List<RegimeEvidence> regimes) {
    if (declared.contains(kpi)) return true;
    return regimes.stream().anyMatch(o -> o != r && !o.values(kpi).isEmpty());
  }

  private static Double baselineMean(RegimeEvidence r, String kpi) {
    return r.baseline() == null ? null : r.baseline().means().get(kpi);
  }

  /** Only regimes where the candidate measured the KPI need a baseline mean for it. */
  private static String baselineProblem(String kpi, List<RegimeEvidence> regimes) {
    for (RegimeEvidence r : regimes) {
      if (r.baseline() == null || r.values(kpi).isEmpty()) continue;
      Double b = r.baseline().means().get(kpi);
      if (b == null) return "the baseline of regime " + r.regime() + " has no value for it";
      if (!(b > 0)) return "the baseline of regime " + r.regime() + " is " + b + ", so a ratio to it means nothing";
    }
    return null;
  }
}
