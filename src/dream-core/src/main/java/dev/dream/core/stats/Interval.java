package dev.dream.core.stats;

import java.util.List;

/** A confidence interval [lo, hi] and the method that produced it. */
public record Interval(double lo, double hi, CiMethod method) {
  public Interval {
    if (!Double.isFinite(lo) || !Double.isFinite(hi))
      throw new IllegalArgumentException("an interval must be finite, got [" + lo + ", " + hi + "]");
    if (lo > hi) throw new IllegalArgumentException("interval lower bound " + lo + " is above its upper bound " + hi);
    if (method == null) throw new IllegalArgumentException("an interval needs its method");
  }

  /** A degenerate interval for a single observation: nothing is known about its spread. */
  public static Interval point(double v) {
    return new Interval(v, v, CiMethod.NONE);
  }

  public boolean contains(double x) {
    return lo <= x && x <= hi;
  }

  public double width() {
    return hi - lo;
  }

  /** The JSON form of the contract: {@code [lo, hi]}. */
  public List<Double> bounds() {
    return List.of(lo, hi);
  }
}
