package dev.dream.core.knob;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/** The finite, indexed set of values of a discrete knob. */
sealed interface Levels {
  /** Beyond this, (k+0.5)/n in double precision no longer separates neighbouring levels reliably. */
  long MAX_LEVELS = 1L << 40;

  long count();

  Object valueAt(long k);

  /** The index of {@code value}, or -1 if it is not a level (wrong type included). */
  long indexOf(Object value);

  /** Whether neighbouring indices are neighbouring values (not so for choices). */
  boolean ordered();

  /** The numeric value of level k, for log-scaled cells. */
  double numeric(long k);

  record IntGrid(long min, long step, long count) implements Levels {
    public Object valueAt(long k) {
      return min + k * step;
    }

    public long indexOf(Object value) {
      if (!(value instanceof Long v) || v < min) return -1;
      long d = v - min;
      if (d < 0 || d % step != 0) return -1; // d < 0: overflow of a far-away value
      long k = d / step;
      return k < count ? k : -1;
    }

    public boolean ordered() {
      return true;
    }

    public double numeric(long k) {
      return (double) (min + k * step);
    }
  }

  /**
   * A float step grid computed in decimal, so that levels are the doubles nearest to min + k*step and
   * not accumulated binary sums; the last level is the declared max itself, so the end is reached
   * exactly even when max is on the grid only within the 1e-9 tolerance.
   */
  record DecimalGrid(BigDecimal min, BigDecimal step, long count, double max) implements Levels {
    public Object valueAt(long k) {
      if (k == count - 1) return max;
      return min.add(step.multiply(BigDecimal.valueOf(k))).doubleValue();
    }

    public long indexOf(Object value) {
      if (!(value instanceof Double v) || !(v >= min.doubleValue() && v <= max)) return -1;
      long k =
          BigDecimal.valueOf(v).subtract(min).divide(step, 0, RoundingMode.HALF_EVEN).longValueExact();
      if (k < 0 || k >= count) return -1;
      return valueAt(k).equals(v) ? k : -1;
    }

    public boolean ordered() {
      return true;
    }

    public double numeric(long k) {
      return (Double) valueAt(k);
    }
  }

  record Choices(List<String> choices) implements Levels {
    public long count() {
      return choices.size();
    }

    public Object valueAt(long k) {
      return choices.get((int) k);
    }

    public long indexOf(Object value) {
      return value instanceof String s ? choices.indexOf(s) : -1;
    }

    public boolean ordered() {
      return false;
    }

    public double numeric(long k) {
      throw new UnsupportedOperationException("choices have no numeric value");
    }
  }

  record Bools() implements Levels {
    public long count() {
      return 2;
    }

    public Object valueAt(long k) {
      return k == 1;
    }

    public long indexOf(Object value) {
      return value instanceof Boolean b ? (b ? 1 : 0) : -1;
    }

    public boolean ordered() {
      return true;
    }

    public double numeric(long k) {
      return k;
    }
  }
}
