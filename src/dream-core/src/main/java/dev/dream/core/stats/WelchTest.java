package dev.dream.core.stats;

import dev.dream.core.domain.Kpi;
import java.util.OptionalDouble;
import org.apache.commons.statistics.inference.AlternativeHypothesis;
import org.apache.commons.statistics.inference.DataDispersion;
import org.apache.commons.statistics.inference.TTest;

/**
 * Welch's unequal-variance t-test of "the candidate is better than the baseline on this KPI", one-sided
 * in the KPI's better direction. Unequal variances because a changed configuration often changes the
 * noise too (e.g. a powersave governor makes latency both higher and more variable).
 */
public final class WelchTest {
  private static final TTest WELCH = TTest.withDefaults().with(DataDispersion.HETEROSCEDASTIC);

  private WelchTest() {}

  /**
   * The p-value of the null hypothesis "candidate is not better"; empty when either side has fewer than
   * two values (no variance estimate). When both sides have no spread at all the test is degenerate and
   * the answer is certain: 0 if the candidate is strictly better, else 1.
   */
  public static OptionalDouble pImproves(double[] candidate, double[] baseline, Kpi.Better better) {
    if (candidate.length < 2 || baseline.length < 2) return OptionalDouble.empty();
    double diff = Stats.mean(candidate) - Stats.mean(baseline);
    if (Stats.stdev(candidate) == 0 && Stats.stdev(baseline) == 0) {
      boolean strictlyBetter = better == Kpi.Better.HIGHER ? diff > 0 : diff < 0;
      return OptionalDouble.of(strictlyBetter ? 0.0 : 1.0);
    }
    AlternativeHypothesis alternative =
        better == Kpi.Better.HIGHER ? AlternativeHypothesis.GREATER_THAN : AlternativeHypothesis.LESS_THAN;
    return OptionalDouble.of(WELCH.with(alternative).test(candidate, baseline).getPValue());
  }
}
