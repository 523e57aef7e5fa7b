package dev.dream.core.knob;

/** How [0,1] is cut into one cell per level of a discrete knob. */
sealed interface Cells {
  long cellOf(double u);

  /** The coordinate a level encodes to: the middle of its cell, robust to rounding either way. */
  double centre(long k);

  /** Equal cells: level = min(n-1, floor(u*n)). */
  record Uniform(long n) implements Cells {
    public long cellOf(double u) {
      return Math.min(n - 1, (long) Math.floor(u * n));
    }

    public double centre(long k) {
      return (k + 0.5) / n;
    }
  }

  /**
   * Cells of equal width on the log axis of the level values: boundary k (0 < k < n) is the mean of
   * ln v(k-1) and ln v(k); the outer boundaries extend half the inner neighbour cell. Every level keeps
   * a cell of positive measure, so all values stay reachable.
   */
  final class Log implements Cells {
    private final Levels levels;
    private final long n;
    private final double lo;
    private final double span;

    Log(Levels levels) {
      this.levels = levels;
      this.n = levels.count();
      if (n < 2) throw new IllegalArgumentException("a log scale needs two levels");
      this.lo = boundary(0);
      this.span = boundary(n) - lo;
    }

    private double position(long k) {
      return StrictMath.log(levels.numeric(k));
    }

    private double boundary(long k) {
      if (k == 0) return position(0) - (position(1) - position(0)) / 2;
      if (k == n) return position(n - 1) + (position(n - 1) - position(n - 2)) / 2;
      return (position(k - 1) + position(k)) / 2;
    }

    public long cellOf(double u) {
      if (u <= 0) return 0;
      if (u >= 1) return n - 1;
      double t = lo + u * span;
      // Start from the level nearest exp(t) on the (linear) grid, then walk to the exact cell.
      double v0 = levels.numeric(0);
      double dv = levels.numeric(1) - v0;
      double guess = Math.rint((StrictMath.exp(t) - v0) / dv);
      long k = (long) Math.max(0, Math.min(n - 1, guess));
      while (k > 0 && t < boundary(k)) k--;
      while (k < n - 1 && t >= boundary(k + 1)) k++;
      return k;
    }

    public double centre(long k) {
      return ((boundary(k) + boundary(k + 1)) / 2 - lo) / span;
    }
  }
}
