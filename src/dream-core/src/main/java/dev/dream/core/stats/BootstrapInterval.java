package dev.dream.core.stats;

import java.util.Arrays;
import java.util.List;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.apache.commons.statistics.distribution.TDistribution;

/**
 * Turns bootstrap replicates of a statistic into an interval: percentile or BCa. The resampling itself
 * is the caller's (one sample for a mean, strata of trials for a score), so that both share one
 * implementation of the interval arithmetic.
 */
public final class BootstrapInterval {
  private static final NormalDistribution STANDARD_NORMAL = NormalDistribution.of(0, 1);

  private BootstrapInterval() {}

  /**
   * The nominal level at which to read a bootstrap distribution built from samples of n values so that the
   * interval has about the width of a t interval: Hesterberg's "expanded" bootstrap (Hesterberg 2015,
   * "What teachers should know about the bootstrap"; the default of CI.bca in his R package resample).
   * A bootstrap distribution of a mean is narrower than the sampling distribution by √((n−1)/n) and has
   * normal rather than t tails; reading it at Φ(√(n/(n−1))·t(n−1)) instead of Φ(z) undoes both, which
   * at n = 10 lifts measured coverage of a 95% BCa interval on normal data from 90% to 94%. It tends to
   * the nominal level as n grows.
   */
  public static double expandedLevel(double level, int n) {
    if (n < 2) throw new IllegalArgumentException("expansion needs n >= 2, got " + n);
    double t = TDistribution.of(n - 1).inverseCumulativeProbability((1 + level) / 2);
    return 2 * STANDARD_NORMAL.cumulativeProbability(Math.sqrt(n / (n - 1.0)) * t) - 1;
  }

  /** BCa or percentile as {@code options.method()} says. {@code replicates} is sorted in place. */
  public static Interval of(double estimate, double[] replicates, double acceleration, CiMethod method, double level) {
    if (!method.isBootstrap()) throw new IllegalArgumentException(method + " is not a bootstrap method");
    return method == CiMethod.PERCENTILE
        ? percentile(replicates, level)
        : bca(estimate, replicates, acceleration, level);
  }

  /** The (1−level)/2 and (1+level)/2 quantiles of the replicates (sorted in place). */
  public static Interval percentile(double[] replicates, double level) {
    double tail = (1 - level) / 2;
    return bounded(replicates, tail, 1 - tail, CiMethod.PERCENTILE);
  }

  /**
   * Efron's BCa: the percentile levels are shifted by the median bias z0 of the replicates and stretched by
   * the acceleration (the rate at which the statistic's standard error changes with its value, estimated
   * from the jackknife), which corrects both bias and skewness of the bootstrap distribution.
   */
  public static Interval bca(double estimate, double[] replicates, double acceleration, double level) {
    double z0 = biasCorrection(estimate, replicates);
    double tail = (1 - level) / 2;
    double zLo = STANDARD_NORMAL.inverseCumulativeProbability(tail);
    double zHi = -zLo;
    double aLo = adjustedLevel(z0, zLo, acceleration, 0.0);
    double aHi = adjustedLevel(z0, zHi, acceleration, 1.0);
    return bounded(replicates, aLo, aHi, CiMethod.BCA);
  }

  /**
   * z0 = Φ⁻¹(share of replicates below the estimate). Ties count half, so that discrete data (a few
   * trials give few distinct resample means) do not bias z0; the share is kept within half a replicate of
   * 0 and 1 so that z0 stays finite.
   */
  static double biasCorrection(double estimate, double[] replicates) {
    int below = 0;
    int equal = 0;
    for (double r : replicates) {
      if (r < estimate) below++;
      else if (r == estimate) equal++;
    }
    double b = replicates.length;
    double share = (below + 0.5 * equal) / b;
    share = Math.min(Math.max(share, 0.5 / b), 1 - 0.5 / b);
    return STANDARD_NORMAL.inverseCumulativeProbability(share);
  }

  /**
   * Φ(z0 + (z0 + z) / (1 − a(z0 + z))). Past the pole of that map (|a| above about 0.5) the formula flips
   * sign; its limit there is the end of the bootstrap distribution, which {@code limit} gives.
   */
  private static double adjustedLevel(double z0, double z, double a, double limit) {
    double denominator = 1 - a * (z0 + z);
    if (denominator <= 0) return limit;
    return STANDARD_NORMAL.cumulativeProbability(z0 + (z0 + z) / denominator);
  }

  /**
   * The acceleration from jackknife (leave-one-out) estimates, one array per independent sample (a
   * stratum of the candidate's or the baseline's trials). With U the influence of an observation,
   * estimated as (n−1)(mean of the leave-one-out estimates − the estimate without it), a = Σ(U/n)³ /
   * (6 (Σ(U/n)²)^{3/2}) summed over every sample (Efron & Tibshirani 1993, 14.15); for one sample of a
   * mean this is the sample skewness / (6√n). A sample of one observation has no jackknife and adds
   * nothing.
   */
  public static double acceleration(List<double[]> jackknifeBySample) {
    double cubes = 0;
    double squares = 0;
    for (double[] leaveOneOut : jackknifeBySample) {
      int n = leaveOneOut.length;
      if (n < 2) continue;
      double centre = Arrays.stream(leaveOneOut).average().orElseThrow();
      for (double t : leaveOneOut) {
        double u = (n - 1) * (centre - t) / n;
        cubes += u * u * u;
        squares += u * u;
      }
    }
    if (squares == 0) return 0;
    return cubes / (6 * Math.pow(squares, 1.5));
  }

  private static Interval bounded(double[] replicates, double qLo, double qHi, CiMethod method) {
    Arrays.sort(replicates);
    double lo = Stats.quantileInPlace(replicates, qLo);
    double hi = Stats.quantileInPlace(replicates, qHi);
    return new Interval(lo, Math.max(lo, hi), method);
  }
}
