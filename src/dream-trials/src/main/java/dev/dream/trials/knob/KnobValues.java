package dev.dream.trials.knob;

import dev.dream.core.domain.Knob;
import java.math.BigDecimal;
import java.util.Map;

/** Converts between a knob's canonical value and the text an actuator writes or reads. */
public final class KnobValues {
  private KnobValues() {}

  /**
   * The text for {@code value}: the actuator's {@code values} mapping when it has one, else a bool as 1/0,
   * a float without exponent or trailing zeros (sysfs parsers do not read "1.0E-4"), the rest as is.
   */
  public static String text(Knob knob, Object value) {
    Map<String, String> mapping = knob.actuator().values();
    String plain = plain(value);
    if (mapping != null && mapping.containsKey(plain)) return mapping.get(plain);
    if (value instanceof Boolean b) return b ? "1" : "0";
    return plain;
  }

  /** The knob value that {@code text} (as read from the machine) stands for. */
  public static Object parse(Knob knob, String text) {
    String t = text.trim();
    Map<String, String> mapping = knob.actuator().values();
    if (mapping != null) {
      for (Map.Entry<String, String> e : mapping.entrySet()) {
        if (e.getValue().equals(t)) {
          t = e.getKey();
          break;
        }
      }
    }
    if (knob instanceof Knob.IntKnob) return Long.parseLong(t);
    if (knob instanceof Knob.FloatKnob) return Double.parseDouble(t);
    if (knob instanceof Knob.BoolKnob) {
      if (t.equals("1") || t.equalsIgnoreCase("true") || t.equalsIgnoreCase("on")) return true;
      if (t.equals("0") || t.equalsIgnoreCase("false") || t.equalsIgnoreCase("off")) return false;
      throw new IllegalArgumentException("knob " + knob.name() + ": cannot read a bool from '" + t + "'");
    }
    return t;
  }

  private static String plain(Object value) {
    if (value instanceof Double d) {
      return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }
    return String.valueOf(value);
  }
}
