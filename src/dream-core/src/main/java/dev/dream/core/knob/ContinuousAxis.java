package dev.dream.core.knob;

import dev.dream.core.domain.Knob;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import org.apache.commons.rng.UniformRandomProvider;

/** A float knob without a step, on a linear or a log scale. */
public final class ContinuousAxis implements Axis {
  private static final MathContext DIGITS = new MathContext(12, RoundingMode.HALF_EVEN);
  /** How far {@link #neighbours} looks, in unit space: a clear but local move. */
  private static final double NEIGHBOUR_STEP = 0.01;

  private final Knob knob;
  private final double min;
  private final double max;
  private final boolean log;
  private final double lnMin;
  private final double lnSpan;

  ContinuousAxis(Knob knob, double min, double max, boolean log) {
    this.knob = knob;
    this.min = min;
    this.max = max;
    this.log = log;
    this.lnMin = log ? StrictMath.log(min) : 0;
    this.lnSpan = log ? StrictMath.log(max) - lnMin : 0;
  }

  @Override
  public Knob knob() {
    return knob;
  }

  @Override
  public long levels() {
    return 0;
  }

  @Override
  public Double decode(double u) {
    UnitInterval.check(u);
    if (u == 0) return min;
    if (u == 1) return max;
    double x = log ? StrictMath.exp(lnMin + u * lnSpan) : min + u * (max - min);
    // Rounding to 12 significant digits is monotone, so decode stays monotone in u and encode can
    // bisect; it also keeps values like 0.7500000000000001 out of genomes and reports.
    x = new BigDecimal(x).round(DIGITS).doubleValue();
    return Math.max(min, Math.min(max, x));
  }

  @Override
  public double encode(Object value) {
    if (!contains(value)) {
      throw new IllegalArgumentException(
          "knob '" + knob.name() + "' value " + value + " is not a float in [" + min + ", " + max + "]");
    }
    double v = (Double) value;
    if (v == min) return 0;
    if (v == max) return 1;
    double u0 = log ? (StrictMath.log(v) - lnMin) / lnSpan : (v - min) / (max - min);
    u0 = Math.max(0, Math.min(1, u0));
    double got = decode(u0);
    if (got == v) return u0;
    // The analytic inverse can miss by an ulp or by the 12-digit rounding: bisect on the monotone decode.
    double lo = got < v ? u0 : 0;
    double hi = got < v ? 1 : u0;
    for (int i = 0; i < 200; i++) {
      double mid = lo + (hi - lo) / 2;
      if (mid <= lo || mid >= hi) break;
      double x = decode(mid);
      if (x == v) return mid;
      if (x < v) lo = mid;
      else hi = mid;
    }
    return Math.abs(decode(lo) - v) <= Math.abs(decode(hi) - v) ? lo : hi;
  }

  @Override
  public boolean contains(Object value) {
    return value instanceof Double v && v >= min && v <= max;
  }

  @Override
  public double mutate(double u, double sigma, UniformRandomProvider rng) {
    Double current = decode(u);
    for (int attempt = 0; attempt < 16; attempt++) {
      double next = UnitInterval.reflect(u + sigma * UnitInterval.gaussian(rng));
      if (!decode(next).equals(current)) return next;
    }
    // Only a vanishing sigma or a single-valued range gets here; jump to the far end so the gene moves.
    return u < 0.5 ? 1.0 : 0.0;
  }

  @Override
  public double[] neighbours(double u) {
    return new double[] {
      UnitInterval.reflect(u - NEIGHBOUR_STEP), UnitInterval.reflect(u + NEIGHBOUR_STEP)
    };
  }
}
