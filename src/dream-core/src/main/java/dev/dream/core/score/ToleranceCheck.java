package dev.dream.core.score;

import dev.dream.core.domain.Caps;
import dev.dream.core.domain.DomainSpec;
import dev.dream.core.domain.Kpi;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * The tolerances of caps.yaml that {@code improves_over_baseline} must respect, read as follows (the
 * original applied them per regime but never actually ran them, defect 9):
 *
 * <ul>
 *   <li>{@code latency_regression_pct}: in any regime, a P95-role KPI worse than its baseline mean by more
 *       than this percentage is a break;
 *   <li>{@code power_regression_pct}: likewise for a WATTS-role KPI;
 *   <li>{@code perf_improvement_pct}: the regime-weighted mean, over regimes, of each PERF-role KPI's
 *       improvement percentage must be at least this; one noisy regime need not veto a candidate that is
 *       better overall, but a candidate that does not improve performance by this much is not an
 *       improvement however its other terms score.
 * </ul>
 * Percentages are in each KPI's better direction: (mean − baseline)/baseline·100 when higher is better,
 * (baseline − mean)/baseline·100 when lower is better. Like the score, a tolerance is checked in the regimes
 * that measure its KPI: a regime whose workload does not produce it (neither the candidate nor the baseline
 * has a value there) is left out, and that is noted. A role KPI that is unavailable on the node, or that a
 * regime measured without a positive baseline mean, cannot be checked; that is noted rather than counted as
 * a pass or a break.
 */
final class ToleranceCheck {
  record Result(List<String> breaks, List<String> notes) {}

  private ToleranceCheck() {}

  /** Every regime must have a baseline. */
  static Result check(DomainSpec domain, Caps.Tolerance tolerance, List<RegimeEvidence> regimes, Collection<String> unavailable) {
    List<String> breaks = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    boolean anyPerf = false;
    for (Kpi kpi : domain.kpis().values()) {
      if (kpi.role() == null) continue;
      String name = kpi.name();
      String setting = setting(kpi.role());
      if (kpi.role() == Kpi.Role.PERF) anyPerf = true;
      Checkable c = checkable(name, regimes, unavailable);
      if (c.why() != null) {
        notes.add(setting + " not checked for " + name + ": " + c.why());
        continue;
      }
      if (!c.leftOut().isEmpty())
        notes.add(setting + " for " + name + " not checked in regime " + String.join(", ", c.leftOut())
            + ": neither the candidate nor the baseline has a value for it there");
      if (kpi.role() == Kpi.Role.PERF) {
        double weighted = 0;
        double total = 0;
        for (RegimeEvidence r : c.regimes()) {
          weighted += r.weight() * improvementPct(kpi, r);
          total += r.weight();
        }
        double overall = total > 0 ? weighted / total : 0;
        if (overall < tolerance.perfImprovementPct())
          breaks.add(format("overall: %s improved %+.2f%%, less than the %.2f%% required (%s)",
              name, overall, tolerance.perfImprovementPct(), setting));
      } else {
        double limit = kpi.role() == Kpi.Role.P95 ? tolerance.latencyRegressionPct() : tolerance.powerRegressionPct();
        for (RegimeEvidence r : c.regimes()) {
          double regression = -improvementPct(kpi, r);
          if (regression > limit)
            breaks.add(format("regime %s: %s regressed %+.2f%%, more than the %.2f%% allowed (%s)",
                r.regime(), name, regression, limit, setting));
        }
      }
    }
    if (!anyPerf) notes.add("perf_improvement_pct not checked: domain " + domain.name() + " has no KPI with the perf role");
    return new Result(breaks, notes);
  }

  static double improvementPct(Kpi kpi, RegimeEvidence r) {
    double mean = r.values(kpi.name()).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    double b = r.baseline().means().get(kpi.name());
    double change = (mean - b) / b * 100;
    return kpi.better() == Kpi.Better.HIGHER ? change : -change;
  }

  /**
   * The regimes a tolerance of {@code kpi} is checked in, the regimes left out because neither side measured
   * it there, or why it cannot be checked at all.
   */
  private record Checkable(List<RegimeEvidence> regimes, List<String> leftOut, String why) {
    static Checkable not(String why) {
      return new Checkable(List.of(), List.of(), why);
    }
  }

  private static Checkable checkable(String kpi, List<RegimeEvidence> regimes, Collection<String> unavailable) {
    if (unavailable.contains(kpi)) return Checkable.not("unavailable on this node");
    List<RegimeEvidence> measured = new ArrayList<>();
    List<String> leftOut = new ArrayList<>();
    for (RegimeEvidence r : regimes) {
      Double b = r.baseline().means().get(kpi);
      boolean has = !r.values(kpi).isEmpty();
      if (!has && b == null) leftOut.add(r.regime());
      else if (b == null || !(b > 0)) return Checkable.not("regime " + r.regime() + " has no positive baseline mean");
      else if (!has) return Checkable.not("regime " + r.regime() + " has no value");
      else measured.add(r);
    }
    if (measured.isEmpty()) return Checkable.not("no regime has a value for it");
    return new Checkable(measured, leftOut, null);
  }

  private static String setting(Kpi.Role role) {
    return switch (role) {
      case PERF -> "perf_improvement_pct";
      case P95 -> "latency_regression_pct";
      case WATTS -> "power_regression_pct";
    };
  }

  private static String format(String pattern, Object... args) {
    return String.format(Locale.ROOT, pattern, args);
  }
}
