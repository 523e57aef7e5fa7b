package dev.dream.core.stats;

/**
 * How confidence intervals are computed.
 *
 * @param method BCA or PERCENTILE for the bootstrap; STUDENT_T forces the t interval at every n
 * @param resamples bootstrap resamples
 * @param level two-sided confidence level, e.g. 0.95
 * @param minBootstrapN the least number of observations (per sample, per stratum) for which the bootstrap
 *     is used; below it the Student-t interval is used instead. The default is 10. Below 10 the bootstrap
 *     distribution of a mean has few distinct values and too little spread (plug-in variance, divisor n):
 *     on normal data, 1,000 simulated experiments gave a nominal-95% plain BCa interval 73% coverage at
 *     n = 3 and 83% at n = 5, and even the expanded one (see {@link ConfidenceIntervals}) only 90% at
 *     n = 5, while the t interval is exact there. From 10 on, the expanded BCa interval covers like t on
 *     normal data (94%) and better than t on skewed data (lognormal σ = 1: 87–88% against 84%).
 */
public record CiOptions(CiMethod method, int resamples, double level, int minBootstrapN) {
  public static final CiOptions DEFAULT = new CiOptions(CiMethod.BCA, 2000, 0.95, 10);

  public CiOptions {
    if (method == null || method == CiMethod.NONE)
      throw new IllegalArgumentException("ci method must be bca, percentile or student-t, got " + method);
    if (resamples < 100) throw new IllegalArgumentException("at least 100 bootstrap resamples are needed, got " + resamples);
    if (!(level > 0 && level < 1)) throw new IllegalArgumentException("confidence level must be in (0, 1), got " + level);
    if (minBootstrapN < 2) throw new IllegalArgumentException("minBootstrapN must be at least 2, got " + minBootstrapN);
  }

  public CiOptions withMethod(CiMethod m) {
    return new CiOptions(m, resamples, level, minBootstrapN);
  }

  public CiOptions withResamples(int r) {
    return new CiOptions(method, r, level, minBootstrapN);
  }

  public CiOptions withMinBootstrapN(int n) {
    return new CiOptions(method, resamples, level, n);
  }

  /** Whether a sample (or every stratum) of this many values gets a bootstrap interval. */
  public boolean bootstraps(int n) {
    return method.isBootstrap() && n >= minBootstrapN;
  }
}
