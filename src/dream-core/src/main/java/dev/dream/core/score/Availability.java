package dev.dream.core.score;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which KPIs this node could not measure, and which score terms can therefore be computed. A KPI is
 * unavailable when a regime lists it as such, or when a regime with measurements has no value for it. Its
 * term is dropped in every regime (not only where it is missing) so that every regime's score is the
 * same function; a term is also dropped when a baseline has no positive mean for it, since its ratio
 * would then be meaningless. Nothing is ever filled in.
 */
record Availability(List<ScoreTerm> scored, List<String> unavailable, List<String> notes) {

  static Availability of(
      List<ScoreTerm> terms, List<RegimeEvidence> regimes, List<String> kpiOrder, Set<String> declared) {
    List<String> notes = new ArrayList<>();
    Set<String> unavailable = new LinkedHashSet<>();
    for (String kpi : kpiOrder) {
      for (RegimeEvidence r : regimes) {
        String reason = r.unavailable().get(kpi);
        if (reason == null && hasMeasurements(r) && r.values(kpi).isEmpty() && isExpected(kpi, declared, r, regimes))
          reason = "no value in any successful trial";
        if (reason != null) {
          unavailable.add(kpi);
          notes.add(kpi + " unavailable in regime " + r.regime() + ": " + reason);
        }
      }
    }
    List<ScoreTerm> scored = new ArrayList<>();
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
      scored.add(t);
    }
    return new Availability(List.copyOf(scored), List.copyOf(unavailable), notes);
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

  private static String baselineProblem(String kpi, List<RegimeEvidence> regimes) {
    for (RegimeEvidence r : regimes) {
      if (r.baseline() == null) continue;
      Double b = r.baseline().means().get(kpi);
      if (b == null) return "the baseline of regime " + r.regime() + " has no value for it";
      if (!(b > 0)) return "the baseline of regime " + r.regime() + " is " + b + ", so a ratio to it means nothing";
    }
    return null;
  }
}
