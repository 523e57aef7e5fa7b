package dev.dream.core.knob;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;

/** Small helpers on unit coordinates shared by the axes and the evolution operators. */
public final class UnitInterval {
  private UnitInterval() {}

  /**
   * Folds any real back into [0,1] by reflection at both bounds. Reflection (not clipping) keeps a
   * Gaussian step from piling probability on the ends.
   */
  public static double reflect(double x) {
    if (x >= 0 && x <= 1) return x;
    if (!Double.isFinite(x)) throw new IllegalArgumentException("coordinate is not finite: " + x);
    double t = Math.abs(x) % 2.0;
    return t > 1 ? 2 - t : t;
  }

  public static double gaussian(UniformRandomProvider rng) {
    return ZigguratSampler.NormalizedGaussian.of(rng).sample();
  }

  static void check(double u) {
    if (!(u >= 0 && u <= 1)) throw new IllegalArgumentException("coordinate outside [0,1]: " + u);
  }
}
