package dev.dream.trials.sim;

import java.util.Locale;

/**
 * The test functions of the {@code sim} workload (DESIGN.md section 3), each 0 at z = 0, i.e. at the
 * optimum the regime names, and positive elsewhere, so that the best candidate is known exactly.
 */
public enum SimObjective {
  /** Σ z². */
  SPHERE {
    @Override
    public double value(double[] z) {
      double f = 0;
      for (double v : z) f += v * v;
      return f;
    }
  },
  /**
   * 10n + Σ (z'² − 10 cos 2πz') with z' = 5.12·z: the usual [−5.12, 5.12] domain spread over one knob
   * range on either side of the optimum, so that the local minima fall on the knob grid.
   */
  RASTRIGIN {
    @Override
    public double value(double[] z) {
      double f = 10.0 * z.length;
      for (double v : z) {
        double s = 5.12 * v;
        f += s * s - 10.0 * Math.cos(2 * Math.PI * s);
      }
      // 10n − 10·Σcos can leave a rounding residue of ~1e-15 at the optimum; f is never negative.
      return Math.max(0.0, f);
    }
  },
  /**
   * Σ_{i<n−1} 100(z'_{i+1} − z'_i²)² + (1 − z'_i)² with z' = 2z + 1, whose minimum z' = 1 is the optimum.
   * With one knob the chain has no pair, so f = (1 − z')², which keeps the optimum and the valley's floor.
   * The knobs enter the chain in the domain's knob order.
   */
  ROSENBROCK {
    @Override
    public double value(double[] z) {
      if (z.length == 0) return 0;
      if (z.length == 1) {
        double s = 2 * z[0] + 1;
        return (1 - s) * (1 - s);
      }
      double f = 0;
      for (int i = 0; i + 1 < z.length; i++) {
        double a = 2 * z[i] + 1;
        double b = 2 * z[i + 1] + 1;
        f += 100 * (b - a * a) * (b - a * a) + (1 - a) * (1 - a);
      }
      return f;
    }
  };

  public abstract double value(double[] z);

  /** The name used in regimes.yaml ({@code sphere}, {@code rastrigin}, {@code rosenbrock}). */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static SimObjective named(String name) {
    for (SimObjective o : values()) if (o.configName().equals(name)) return o;
    throw new IllegalArgumentException(
        "sim function must be one of sphere, rastrigin, rosenbrock; got " + name);
  }
}
