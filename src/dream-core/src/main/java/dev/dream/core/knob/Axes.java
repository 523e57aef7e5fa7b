package dev.dream.core.knob;

import dev.dream.core.domain.Knob;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.HashSet;
import java.util.List;

/** Builds the axis of a knob, rejecting ranges the encoding cannot honour. */
final class Axes {
  /** Tolerance on "max is a whole number of steps above min", as ConfigLoader applies it. */
  static final double GRID_TOLERANCE = 1e-9;

  private Axes() {}

  static Axis of(Knob knob) {
    if (knob instanceof Knob.IntKnob k) return intAxis(k);
    if (knob instanceof Knob.FloatKnob k) return k.step() == null ? continuous(k) : floatGrid(k);
    if (knob instanceof Knob.ChoiceKnob k) return choices(k);
    if (knob instanceof Knob.BoolKnob k) return new LevelAxis(k, new Levels.Bools(), false);
    throw new IllegalArgumentException("unknown knob type " + knob);
  }

  private static Axis intAxis(Knob.IntKnob k) {
    if (k.min() > k.max()) throw bad(k, "min " + k.min() + " is above max " + k.max());
    if (k.step() < 0) throw bad(k, "step must be positive, got " + k.step());
    if (k.log() && k.min() < 1) throw bad(k, "a log scale needs min >= 1, got " + k.min());
    long step = k.step() == 0 ? 1 : k.step(); // step 0 means every integer
    long width;
    try {
      width = Math.subtractExact(k.max(), k.min());
    } catch (ArithmeticException e) {
      throw bad(k, "the range is too wide");
    }
    if (width % step != 0) {
      long below = k.max() - width % step;
      throw bad(k, "max " + k.max() + " is not on the step grid from min " + k.min() + " (nearest: "
          + below + " or " + (below + step) + ")");
    }
    long count = width / step + 1;
    checkCount(k, count);
    return new LevelAxis(k, new Levels.IntGrid(k.min(), step, count), k.log());
  }

  private static Axis floatGrid(Knob.FloatKnob k) {
    checkFinite(k);
    double stepValue = k.step();
    if (!(stepValue > 0) || !Double.isFinite(stepValue)) throw bad(k, "step must be positive, got " + stepValue);
    if (k.log() && !(k.min() > 0)) throw bad(k, "a log scale needs min > 0, got " + k.min());
    BigDecimal min = BigDecimal.valueOf(k.min());
    BigDecimal step = BigDecimal.valueOf(stepValue);
    BigDecimal steps = BigDecimal.valueOf(k.max()).subtract(min).divide(step, MathContext.DECIMAL128);
    BigDecimal whole = steps.setScale(0, java.math.RoundingMode.HALF_EVEN);
    double off = steps.subtract(whole).abs().doubleValue();
    if (off > GRID_TOLERANCE * Math.max(1, whole.doubleValue())) {
      BigDecimal below = min.add(step.multiply(steps.setScale(0, java.math.RoundingMode.FLOOR)));
      throw bad(k, "max " + k.max() + " is not on the step grid from min " + k.min() + " (nearest: "
          + below.doubleValue() + " or " + below.add(step).doubleValue() + ")");
    }
    long count = whole.longValueExact() + 1;
    checkCount(k, count);
    return new LevelAxis(k, new Levels.DecimalGrid(min, step, count, k.max()), k.log());
  }

  private static Axis continuous(Knob.FloatKnob k) {
    checkFinite(k);
    if (k.log() && !(k.min() > 0)) throw bad(k, "a log scale needs min > 0, got " + k.min());
    if (!Double.isFinite(k.max() - k.min())) throw bad(k, "the range is too wide");
    return new ContinuousAxis(k, k.min(), k.max(), k.log());
  }

  private static Axis choices(Knob.ChoiceKnob k) {
    List<String> choices = k.choices();
    if (choices == null || choices.isEmpty()) throw bad(k, "needs at least one choice");
    for (String c : choices) if (c == null) throw bad(k, "has a null choice");
    if (new HashSet<>(choices).size() != choices.size()) throw bad(k, "has duplicate choices " + choices);
    return new LevelAxis(k, new Levels.Choices(List.copyOf(choices)), false);
  }

  private static void checkFinite(Knob.FloatKnob k) {
    if (!Double.isFinite(k.min()) || !Double.isFinite(k.max())) throw bad(k, "min and max must be finite");
    if (k.min() > k.max()) throw bad(k, "min " + k.min() + " is above max " + k.max());
  }

  private static void checkCount(Knob k, long count) {
    if (count > Levels.MAX_LEVELS) {
      throw bad(k, "has " + count + " values, more than " + Levels.MAX_LEVELS
          + "; use a larger step or a continuous float");
    }
  }

  static IllegalArgumentException bad(Knob k, String what) {
    return new IllegalArgumentException("knob '" + k.name() + "': " + what);
  }
}
