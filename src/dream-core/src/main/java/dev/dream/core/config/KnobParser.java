package dev.dream.core.config;

import dev.dream.core.domain.ActuatorSpec;
import dev.dream.core.domain.Knob;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;

/**
 * One entry of {@code knobs:}: its type, range or choices, declared default and actuator. The range is
 * checked so that every value, both ends included, is reachable: a step must divide max - min.
 */
final class KnobParser {
  private KnobParser() {}

  static final List<String> TYPES = List.of("int", "float", "choice", "bool");

  private static final Map<String, List<String>> KEYS = Map.of(
      "int", List.of("type", "min", "max", "step", "scale", "default", "actuator"),
      "float", List.of("type", "min", "max", "step", "scale", "default", "actuator"),
      "choice", List.of("type", "choices", "default", "actuator"),
      "bool", List.of("type", "default", "actuator"));

  private static final List<String> ALL_KEYS =
      List.of("type", "min", "max", "step", "scale", "choices", "default", "actuator");

  /** The knob, or null after reporting what is wrong with it. */
  static Knob parse(Source src, Node keyNode, String name, Node value) {
    YamlMap m = YamlMap.of(src, value, keyNode, "knob '" + name + "'");
    if (m == null) return null;
    int before = src.problems().size();
    String type = m.string("type", true, "type: int (or float, choice, bool)");
    if (type != null && !TYPES.contains(type)) {
      src.problem(m.value("type"), "unknown knob type '" + type + "' for knob '" + name + "'",
          DidYouMean.fix(type, TYPES, "types"));
      type = null;
    }
    checkKeys(m, type, name);
    Knob bare = type == null ? null : switch (type) {
      case "int" -> intKnob(m, name);
      case "float" -> floatKnob(m, name);
      case "choice" -> choiceKnob(m, name);
      default -> new Knob.BoolKnob(name, null, null);
    };
    if (bare == null) {
      // The actuator is still checked, as far as it can be without the knob, so that all is reported at once.
      if (m.value("actuator") != null) {
        YamlMap a = YamlMap.of(src, m.value("actuator"), m.key("actuator"), "'actuator' of knob '" + name + "'");
        if (a != null) ActuatorParser.parse(a, null, name);
      }
      return null;
    }
    Object stock = m.has("default")
        ? KnobValues.read(src, bare, m.value("default"), "default", true) : null;
    YamlMap actuatorMap = m.map("actuator", true, "actuator: {kind: workload-arg}");
    ActuatorSpec actuator = actuatorMap == null ? null : ActuatorParser.parse(actuatorMap, bare, name);
    if (actuator != null && stock == null && !m.has("default")
        && ActuatorParser.CANNOT_READ_CURRENT.contains(actuator.kind())) {
      src.problem(keyNode, "knob '" + name + "' has no default, and its " + actuator.kind()
              + " actuator cannot read the value in force from the machine",
          "add default: " + example(bare) + " (the stock value the baseline is measured at)");
    }
    if (src.problems().size() > before) return null;
    return withStockAndActuator(bare, stock, actuator);
  }

  /** Keys of other knob types get their own message: the usual cause is a wrong type, not a typo. */
  private static void checkKeys(YamlMap m, String type, String name) {
    List<String> allowed = type == null ? ALL_KEYS : KEYS.get(type);
    for (String k : m.keys()) {
      if (allowed.contains(k)) continue;
      if (ALL_KEYS.contains(k)) {
        m.source().problem(m.key(k), "'" + k + "' does not apply to " + type + " knob '" + name + "'",
            "remove it, or change the knob's type (" + k + " belongs to "
                + String.join(" and ", TYPES.stream().filter(t -> KEYS.get(t).contains(k)).toList()) + " knobs)");
      } else {
        m.source().problem(m.key(k), "unknown key '" + k + "' in " + m.what(), DidYouMean.fix(k, allowed, "keys here"));
      }
    }
  }

  private static Knob intKnob(YamlMap m, String name) {
    Long min = m.integer("min", true, "min: 1");
    Long max = m.integer("max", true, "max: 64");
    Long step = m.integer("step", false, "step: 1");
    boolean log = logScale(m);
    if (min == null || max == null) return null;
    if (!ordered(m, min, max)) return null;
    if (step != null && step <= 0) {
      m.source().problem(m.value("step"), "step " + step + " of knob '" + name + "' must be at least 1",
          "use step: 1 for every integer, or a larger step for a coarser grid");
      return null;
    }
    long s = step == null ? 1 : step;
    if (!KnobGrid.divides(min, max, s)) {
      m.source().problem(m.value("step"), "step " + s + " of knob '" + name + "' does not divide max - min = "
          + (max - min) + ", so max " + max + " cannot be reached from min " + min, KnobGrid.intStepFix(min, max, s));
      return null;
    }
    if (log && min < 1) {
      m.source().problem(m.value("scale"), "scale: log needs min >= 1 for int knob '" + name + "' (min is " + min + ")",
          "raise min to 1 or more, or remove scale: log");
      return null;
    }
    return new Knob.IntKnob(name, min, max, s, log, null, null);
  }

  private static Knob floatKnob(YamlMap m, String name) {
    Double min = m.number("min", true, "min: 0.25");
    Double max = m.number("max", true, "max: 1.0");
    Double step = m.number("step", false, "step: 0.25");
    boolean log = logScale(m);
    if (min == null || max == null) return null;
    if (!ordered(m, min, max)) return null;
    if (step != null && step <= 0) {
      m.source().problem(m.value("step"), "step " + Scalars.format(step) + " of knob '" + name + "' must be above 0",
          "use a positive step, or remove step for a continuous knob");
      return null;
    }
    if (step != null && !KnobGrid.divides(min, max, step)) {
      m.source().problem(m.value("step"), "step " + Scalars.format(step) + " of knob '" + name
              + "' does not divide max - min = " + Scalars.format(KnobGrid.round(max - min)) + ", so max "
              + Scalars.format(max) + " cannot be reached from min " + Scalars.format(min),
          KnobGrid.floatStepFix(min, max, step));
      return null;
    }
    if (log && min <= 0) {
      m.source().problem(m.value("scale"), "scale: log needs min > 0 for float knob '" + name + "' (min is "
          + Scalars.format(min) + ")", "raise min above 0, or remove scale: log");
      return null;
    }
    return new Knob.FloatKnob(name, min, max, step, log, null, null);
  }

  private static boolean ordered(YamlMap m, double min, double max) {
    if (min < max) return true;
    m.source().problem(m.value("min"), "min " + Scalars.format(min) + " of " + m.what()
            + (min == max ? " equals max" : " is greater than max " + Scalars.format(max)),
        min == max ? "a knob with one value cannot be tuned: widen the range or remove the knob"
            : "min must be less than max: swap them or correct one");
    return false;
  }

  private static boolean logScale(YamlMap m) {
    String scale = m.string("scale", false, "scale: log");
    if (scale == null || scale.equals("linear")) return false;
    if (!scale.equals("log")) {
      m.source().problem(m.value("scale"), "unknown scale '" + scale + "' in " + m.what(),
          "write scale: log, or leave scale out for a linear knob");
      return false;
    }
    return true;
  }

  private static Knob choiceKnob(YamlMap m, String name) {
    List<Node> items = m.list("choices", true, "choices: [a, b, c]");
    if (items == null) return null;
    if (items.size() < 2) {
      m.source().problem(m.value("choices"), "knob '" + name + "' has " + (items.isEmpty() ? "no choices" : "one choice")
          + "; a knob needs at least two", "list its values, e.g. choices: [performance, schedutil, powersave]");
      return null;
    }
    Set<String> seen = new LinkedHashSet<>();
    boolean ok = true;
    for (Node item : items) {
      String c = Scalars.text(item);
      if (c == null || !(item instanceof org.yaml.snakeyaml.nodes.ScalarNode)) {
        m.source().problem(item, "a choice of knob '" + name + "' must be a name, found " + Scalars.describe(item),
            "write each choice as plain text");
        ok = false;
      } else if (!seen.add(c)) {
        m.source().problem(item, "choice '" + c + "' of knob '" + name + "' is listed twice", "remove the repeat");
        ok = false;
      }
    }
    return ok ? new Knob.ChoiceKnob(name, new ArrayList<>(seen), null, null) : null;
  }

  /** A valid value of the knob, for fixes that ask for one. */
  static String example(Knob k) {
    if (k instanceof Knob.IntKnob i) return Long.toString(i.min());
    if (k instanceof Knob.FloatKnob f) return Scalars.format(f.min());
    if (k instanceof Knob.ChoiceKnob c) return c.choices().get(0);
    return "false";
  }

  private static Knob withStockAndActuator(Knob k, Object stock, ActuatorSpec a) {
    if (k instanceof Knob.IntKnob i) {
      return new Knob.IntKnob(i.name(), i.min(), i.max(), i.step(), i.log(), (Long) stock, a);
    }
    if (k instanceof Knob.FloatKnob f) {
      return new Knob.FloatKnob(f.name(), f.min(), f.max(), f.step(), f.log(), (Double) stock, a);
    }
    if (k instanceof Knob.ChoiceKnob c) return new Knob.ChoiceKnob(c.name(), List.copyOf(c.choices()), (String) stock, a);
    return new Knob.BoolKnob(k.name(), (Boolean) stock, a);
  }

}
