package dev.dream.core.config;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;

/**
 * The step grid of a numeric knob: min, min + step, ..., max. A grid that does not end exactly at max would
 * make max unreachable (the original anchored its grid at 0 and lost the ends of ranges), so it is an error;
 * these helpers say which values would be valid instead.
 */
final class KnobGrid {
  private KnobGrid() {}

  /** Relative slack for float grids: 0.1 + 0.2 must count as 0.3. */
  private static final double SLACK = 1e-9;

  static boolean divides(long min, long max, long step) {
    return (max - min) % step == 0;
  }

  static boolean divides(double min, double max, double step) {
    return isWhole((max - min) / step);
  }

  static boolean onGrid(long min, long step, long v) {
    return (v - min) % step == 0;
  }

  static boolean onGrid(double min, double step, double v) {
    return isWhole((v - min) / step);
  }

  private static boolean isWhole(double k) {
    return Math.abs(k - Math.rint(k)) <= SLACK * Math.max(1, Math.abs(k));
  }

  /** Fix for a step that does not divide max - min of an int knob. */
  static String intStepFix(long min, long max, long step) {
    long below = min + (max - min) / step * step;
    return "the grid from min is " + firstValues(min, step) + ": set max: " + below + " or max: " + (below + step)
        + ", or use a step that divides " + (max - min) + " (" + divisors(max - min) + ")";
  }

  static String floatStepFix(double min, double max, double step) {
    double n = Math.floor((max - min) / step);
    double below = round(min + n * step);
    double above = round(min + (n + 1) * step);
    return "the grid from min is " + firstValues(min, step) + ": set max: " + Scalars.format(below)
        + " or max: " + Scalars.format(above) + ", or use a step that divides " + Scalars.format(round(max - min));
  }

  /** The two grid values around an off-grid value. */
  static String intNeighbours(long min, long step, long v) {
    long below = min + Math.floorDiv(v - min, step) * step;
    return below + " or " + (below + step);
  }

  static String floatNeighbours(double min, double step, double v) {
    double k = Math.floor((v - min) / step);
    return Scalars.format(round(min + k * step)) + " or " + Scalars.format(round(min + (k + 1) * step));
  }

  static String firstValues(long min, long step) {
    return min + ", " + (min + step) + ", " + (min + 2 * step) + ", ...";
  }

  static String firstValues(double min, double step) {
    return Scalars.format(round(min)) + ", " + Scalars.format(round(min + step)) + ", "
        + Scalars.format(round(min + 2 * step)) + ", ...";
  }

  /** Twelve significant digits: enough for any config value, and hides float noise like 0.30000000000000004. */
  static double round(double v) {
    return new BigDecimal(v).round(new MathContext(12)).doubleValue();
  }

  /** Divisors of n in ascending order, at most a dozen of them (the small ones are the useful steps). */
  static String divisors(long n) {
    List<Long> small = new ArrayList<>();
    List<Long> large = new ArrayList<>();
    for (long d = 1; d * d <= n; d++) {
      if (n % d == 0) {
        small.add(d);
        if (d != n / d) large.add(0, n / d);
      }
    }
    small.addAll(large);
    List<String> shown = new ArrayList<>();
    for (int i = 0; i < small.size() && i < 12; i++) shown.add(Long.toString(small.get(i)));
    return String.join(", ", shown) + (small.size() > 12 ? ", ..." : "");
  }
}
