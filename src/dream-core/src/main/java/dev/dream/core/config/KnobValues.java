package dev.dream.core.config;

import dev.dream.core.domain.Knob;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads a value written for a knob (its default, a key of its actuator's values, a sim optimum) in the
 * knob's canonical type: Long, Double, String (choice) or Boolean.
 */
final class KnobValues {
  private KnobValues() {}

  /**
   * The canonical value, or null after reporting why it is not a value of the knob.
   *
   * @param onGrid whether the value must be one the knob can take (a default, an actuator value), rather than
   *     any point of its range (a sim optimum, which only has to lie within it)
   */
  static Object read(Source src, Knob knob, Node node, String label, boolean onGrid) {
    String what = "knob '" + knob.name() + "': " + label;
    if (knob instanceof Knob.IntKnob k) return readInt(src, k, node, what, onGrid);
    if (knob instanceof Knob.FloatKnob k) return readFloat(src, k, node, what, onGrid);
    if (knob instanceof Knob.ChoiceKnob k) return readChoice(src, k, node, what);
    return readBool(src, node, what);
  }

  private static Object readInt(Source src, Knob.IntKnob k, Node node, String what, boolean onGrid) {
    if (!onGrid && !Scalars.isInteger(node)) {
      Double d = Scalars.number(node);
      if (d == null) return wrong(src, node, what, "a number from " + k.min() + " to " + k.max());
      return inRange(src, node, what, d, k.min(), k.max()) ? d : null;
    }
    Long v = Scalars.integer(node);
    if (v == null) return wrong(src, node, what, "a whole number from " + k.min() + " to " + k.max());
    if (!inRange(src, node, what, v, k.min(), k.max())) return null;
    if (onGrid && k.step() > 1 && !KnobGrid.onGrid(k.min(), k.step(), v)) {
      src.problem(node, what + " " + v + " is not on its grid " + KnobGrid.firstValues(k.min(), k.step())
              + " (steps of " + k.step() + " from min)",
          "use a value on the grid, e.g. " + KnobGrid.intNeighbours(k.min(), k.step(), v));
      return null;
    }
    return v;
  }

  private static Object readFloat(Source src, Knob.FloatKnob k, Node node, String what, boolean onGrid) {
    Double v = Scalars.number(node);
    String range = Scalars.format(k.min()) + " to " + Scalars.format(k.max());
    if (v == null) return wrong(src, node, what, "a number from " + range);
    if (!inRange(src, node, what, v, k.min(), k.max())) return null;
    if (onGrid && k.step() != null && !KnobGrid.onGrid(k.min(), k.step(), v)) {
      src.problem(node, what + " " + Scalars.format(v) + " is not on its grid "
              + KnobGrid.firstValues(k.min(), k.step()) + " (steps of " + Scalars.format(k.step()) + " from min)",
          "use a value on the grid, e.g. " + KnobGrid.floatNeighbours(k.min(), k.step(), v));
      return null;
    }
    return v;
  }

  private static Object readChoice(Source src, Knob.ChoiceKnob k, Node node, String what) {
    String v = Scalars.text(node);
    if (v == null) return wrong(src, node, what, "one of " + String.join(", ", k.choices()));
    if (!k.choices().contains(v)) {
      src.problem(node, what + " '" + v + "' is not one of its choices",
          DidYouMean.fix(v, k.choices(), "choices"));
      return null;
    }
    return v;
  }

  private static Object readBool(Source src, Node node, String what) {
    Boolean b = Scalars.bool(node);
    return b == null ? wrong(src, node, what, "true or false") : b;
  }

  private static boolean inRange(Source src, Node node, String what, double v, double min, double max) {
    if (v >= min && v <= max) return true;
    src.problem(node, what + " " + Scalars.format(v) + " is outside its range "
            + Scalars.format(min) + ".." + Scalars.format(max),
        "use a value from " + Scalars.format(min) + " to " + Scalars.format(max) + ", or widen min/max");
    return false;
  }

  private static Object wrong(Source src, Node node, String what, String expected) {
    src.problem(node, what + " must be " + expected + ", found " + Scalars.describe(node), "write " + expected);
    return null;
  }
}
