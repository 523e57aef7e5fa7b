package dev.dream.core.knob;

import dev.dream.core.domain.Knob;
import java.math.BigDecimal;
import java.util.Locale;

/**
 * Converts a raw value (from a YAML default, a JSON file or a sysfs read) to the canonical type of a
 * knob: Long, Double, String or Boolean. It does not check the range: a stock value found on the
 * machine may lie outside the searched range and is still the baseline.
 */
public final class KnobValues {
  private KnobValues() {}

  public static Object canonical(Knob knob, Object raw) {
    try {
      if (knob instanceof Knob.IntKnob) return toLong(raw);
      if (knob instanceof Knob.FloatKnob) return toDouble(raw);
      if (knob instanceof Knob.ChoiceKnob) return toChoice(raw);
      return toBool(raw);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "knob '" + knob.name() + "': cannot read " + describe(raw) + " as its type (" + e.getMessage() + ")",
          e);
    }
  }

  private static Long toLong(Object raw) {
    if (raw instanceof Long || raw instanceof Integer || raw instanceof Short || raw instanceof Byte) {
      return ((Number) raw).longValue();
    }
    BigDecimal d = raw instanceof Number n ? new BigDecimal(n.toString()) : new BigDecimal(text(raw));
    return d.stripTrailingZeros().longValueExact(); // 12.0 is 12; 12.5 is an error
  }

  private static Double toDouble(Object raw) {
    double d = raw instanceof Number n ? n.doubleValue() : Double.parseDouble(text(raw));
    if (!Double.isFinite(d)) throw new IllegalArgumentException("not finite");
    return d;
  }

  private static String toChoice(Object raw) {
    if (raw instanceof String s) return s;
    if (raw instanceof Number || raw instanceof Boolean) return raw.toString();
    throw new IllegalArgumentException("not a text value");
  }

  private static Boolean toBool(Object raw) {
    if (raw instanceof Boolean b) return b;
    if (raw instanceof Number n && (n.longValue() == 0 || n.longValue() == 1) && n.doubleValue() == n.longValue()) {
      return n.longValue() == 1;
    }
    return switch (text(raw).toLowerCase(Locale.ROOT)) {
      case "true", "1", "on", "yes", "enabled", "y" -> true;
      case "false", "0", "off", "no", "disabled", "n" -> false;
      default -> throw new IllegalArgumentException("not a boolean");
    };
  }

  private static String text(Object raw) {
    if (!(raw instanceof String s)) throw new IllegalArgumentException("unsupported type");
    return s.trim();
  }

  private static String describe(Object raw) {
    return raw == null ? "null" : raw.getClass().getSimpleName() + " '" + raw + "'";
  }
}
