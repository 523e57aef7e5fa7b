package dev.dream.core.stats;

import java.util.List;
import java.util.Optional;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.statistics.distribution.TDistribution;

/**
 * Confidence intervals of a mean of trial values.
 *
 * <ul>
 *   <li>n = 0: no interval (empty).
 *   <li>n = 1: the value itself, method NONE (nothing is known about the spread).
 *   <li>n &lt; {@link CiOptions#minBootstrapN()} or method STUDENT_T: Student-t, mean ± t(n−1)·s/√n.
 *   <li>otherwise: bootstrap of the mean (BCa by default, or percentile) with the given number of
 *       resamples, drawn from the stream (seed, stream name) alone, read at the expanded level of
 *       {@link BootstrapInterval#expandedLevel} so that it does not under-cover at moderate n.
 * </ul>
 * Failed trials are not part of {@code xs}: callers pass successful values only and count failures apart.
 */
public final class ConfidenceIntervals {
  private ConfidenceIntervals() {}

  public static Optional<Interval> mean(double[] xs, CiOptions options, long seed, String stream) {
    int n = xs.length;
    if (n == 0) return Optional.empty();
    double mean = Stats.mean(xs); // also rejects NaN and infinities
    if (n == 1) return Optional.of(Interval.point(mean));
    if (!options.bootstraps(n)) return Optional.of(studentT(mean, Stats.stdev(xs) / Math.sqrt(n), n - 1, options.level()));
    double[] replicates = resampleMeans(xs, options.resamples(), RandomStreams.of(seed, stream));
    double acceleration = BootstrapInterval.acceleration(List.of(leaveOneOutMeans(xs)));
    double level = BootstrapInterval.expandedLevel(options.level(), n);
    return Optional.of(BootstrapInterval.of(mean, replicates, acceleration, options.method(), level));
  }

  public static Optional<Interval> mean(List<Double> xs, CiOptions options, long seed, String stream) {
    return mean(Stats.toArray(xs), options, seed, stream);
  }

  /** estimate ± t((1+level)/2, df)·se; a zero standard error gives the point itself. */
  public static Interval studentT(double estimate, double standardError, double df, double level) {
    if (standardError == 0) return new Interval(estimate, estimate, CiMethod.STUDENT_T);
    double t = TDistribution.of(df).inverseCumulativeProbability((1 + level) / 2);
    return new Interval(estimate - t * standardError, estimate + t * standardError, CiMethod.STUDENT_T);
  }

  static double[] resampleMeans(double[] xs, int resamples, UniformRandomProvider rng) {
    int n = xs.length;
    double[] means = new double[resamples];
    for (int b = 0; b < resamples; b++) {
      double sum = 0;
      for (int i = 0; i < n; i++) sum += xs[rng.nextInt(n)];
      means[b] = sum / n;
    }
    return means;
  }

  static double[] leaveOneOutMeans(double[] xs) {
    int n = xs.length;
    double total = 0;
    for (double x : xs) total += x;
    double[] out = new double[n];
    for (int i = 0; i < n; i++) out[i] = (total - xs[i]) / (n - 1);
    return out;
  }
}
