package dev.dream.core.stats;

import java.util.Collection;
import org.apache.commons.statistics.descriptive.Max;
import org.apache.commons.statistics.descriptive.Mean;
import org.apache.commons.statistics.descriptive.Quantile;
import org.apache.commons.statistics.descriptive.StandardDeviation;

/**
 * Descriptive statistics of trial values. Empty input is an error rather than 0 or NaN: a missing
 * measurement must never turn into a number (the original filled failed trials with 0.0).
 */
public final class Stats {
  /** Linear interpolation between order statistics (Hyndman–Fan 7): numpy's and fio's convention. */
  private static final Quantile QUANTILE =
      Quantile.withDefaults().with(Quantile.EstimationMethod.HF7).withCopy(true);

  private Stats() {}

  public static double mean(double[] xs) {
    requireValues(xs);
    return Mean.of(xs).getAsDouble();
  }

  /** Sample standard deviation (divisor n − 1); 0 for a single value. */
  public static double stdev(double[] xs) {
    requireValues(xs);
    return StandardDeviation.of(xs).getAsDouble();
  }

  public static double max(double[] xs) {
    requireValues(xs);
    return Max.of(xs).getAsDouble();
  }

  /** The p-th percentile, p in [0, 100]. */
  public static double percentile(double[] xs, double p) {
    requireValues(xs);
    if (!(p >= 0 && p <= 100)) throw new IllegalArgumentException("percentile must be in [0, 100], got " + p);
    return QUANTILE.evaluate(xs, p / 100.0);
  }

  /** The q-quantile (q in [0, 1]) of values that the caller allows to be reordered in place. */
  static double quantileInPlace(double[] xs, double q) {
    return Quantile.withDefaults().with(Quantile.EstimationMethod.HF7).withCopy(false).evaluate(xs, q);
  }

  public static double[] toArray(Collection<? extends Number> values) {
    double[] out = new double[values.size()];
    int i = 0;
    for (Number v : values) out[i++] = v.doubleValue();
    return out;
  }

  private static void requireValues(double[] xs) {
    if (xs == null || xs.length == 0) throw new IllegalArgumentException("no values: a statistic of nothing is undefined");
    for (double x : xs)
      if (!Double.isFinite(x)) throw new IllegalArgumentException("non-finite value " + x + " among trial values");
  }
}
