package dev.dream.core.score;

import dev.dream.core.domain.DomainSpec;
import dev.dream.core.domain.Kpi;
import dev.dream.core.stats.CiMethod;
import dev.dream.core.stats.CiOptions;
import dev.dream.core.stats.ConfidenceIntervals;
import dev.dream.core.stats.Interval;
import dev.dream.core.stats.Stats;
import dev.dream.core.stats.WelchTest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Per-regime statistics of a candidate: means, intervals, deltas to the baseline and p-values. */
final class RegimeSummary {
  private RegimeSummary() {}

  /**
   * Each KPI's interval gets its own random stream, (seed, "candidateKey/regime/kpi"), so that no two
   * metrics share a resample sequence (the original used one fixed seed for all of them, defect 14).
   */
  static RegimeAssessment of(DomainSpec domain, RegimeEvidence r, List<String> kpiOrder, CiOptions options,
      long seed, String candidateKey, Double score, Map<String, String> unavailable) {
    Map<String, Double> means = new LinkedHashMap<>();
    Map<String, Interval> ci = new LinkedHashMap<>();
    Map<String, List<Double>> delta = r.baseline() == null ? null : new LinkedHashMap<>();
    Map<String, Double> p = new LinkedHashMap<>();
    for (String kpi : kpiOrder) {
      double[] xs = Stats.toArray(r.values(kpi));
      if (xs.length == 0) continue;
      means.put(kpi, Stats.mean(xs));
      ConfidenceIntervals.mean(xs, options, seed, candidateKey + "/" + r.regime() + "/" + kpi).ifPresent(i -> ci.put(kpi, i));
      if (r.baseline() == null) continue;
      Double b = r.baseline().means().get(kpi);
      if (b == null) continue;
      List<Double> d = new ArrayList<>(xs.length);
      for (double x : xs) d.add(x - b);
      delta.put(kpi, List.copyOf(d));
      Kpi declared = domain.kpis().get(kpi);
      double[] bt = Stats.toArray(r.baseline().trials().getOrDefault(kpi, List.of()));
      if (declared != null) WelchTest.pImproves(xs, bt, declared.better()).ifPresent(v -> p.put(kpi, v));
    }
    return new RegimeAssessment(r.regime(), Collections.unmodifiableMap(means), Collections.unmodifiableMap(ci),
        weakest(ci.values()), delta == null ? null : Collections.unmodifiableMap(delta), score,
        Collections.unmodifiableMap(p), unavailable);
  }

  /** One method per regime in the pack: the least trustworthy one among its intervals. */
  static CiMethod weakest(Iterable<Interval> intervals) {
    CiMethod weakest = null;
    for (Interval i : intervals) if (weakest == null || rank(i.method()) < rank(weakest)) weakest = i.method();
    return weakest == null ? CiMethod.NONE : weakest;
  }

  private static int rank(CiMethod m) {
    return switch (m) {
      case NONE -> 0;
      case STUDENT_T -> 1;
      case PERCENTILE -> 2;
      case BCA -> 3;
    };
  }
}
