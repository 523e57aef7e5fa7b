package dev.dream.core.config;

import dev.dream.core.config.WorkloadKinds.Param;
import dev.dream.core.domain.Knob;
import dev.dream.core.domain.WorkloadSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * The {@code workload} of a regime: its kind and that kind's own keys, in canonical types (Long, Double,
 * String, Boolean, List of String, and for {@code optimum} a map of knob to value). A value written as
 * "{knob}" is kept as that text: the runner puts the candidate's value there.
 */
final class WorkloadParser {
  private WorkloadParser() {}

  /** "{name}" in an argument; other braces (JSON, code) are left alone. */
  static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)}");

  /** Parses {@code w}; {@code domain} is null when the regime's domain is unknown (knob references unchecked). */
  static WorkloadSpec parse(YamlMap w, ParsedDomain domain, Catalog catalog) {
    Source src = w.source();
    String kind = w.string("kind", true, "kind: builtin-cpu (or " + String.join(", ", WorkloadSpec.KINDS) + ")");
    if (kind == null) return null;
    List<Param> params = WorkloadKinds.PARAMS.get(kind);
    if (params == null) {
      src.problem(w.value("kind"), "unknown workload kind '" + kind + "'",
          DidYouMean.fix(kind, WorkloadSpec.KINDS, "kinds"));
      return null;
    }
    List<String> keys = new ArrayList<>(List.of("kind"));
    params.forEach(p -> keys.add(p.key()));
    for (String k : w.keys()) {
      if (!keys.contains(k)) {
        src.problem(w.key(k), "unknown key '" + k + "' for a " + kind + " workload",
            DidYouMean.fix(k, keys, "keys of " + kind));
      }
    }
    int before = src.problems().size();
    Map<String, Object> values = new LinkedHashMap<>();
    for (Param p : params) {
      Node v = p.required() ? w.required(p.key(), example(p)) : w.value(p.key());
      if (v == null) continue;
      Object value = new ParamReader(w, p, domain, catalog).read(v);
      if (value != null) values.put(p.key(), value);
    }
    if (src.problems().size() > before) return null;
    return new WorkloadSpec(kind, Collections.unmodifiableMap(values));
  }

  private static String example(Param p) {
    return switch (p.type()) {
      case ARGS -> p.key().equals("argv") ? "argv: [./bench, --threads, \"{threads}\"] (the program, then its arguments)"
          : p.key() + ": [\"--cpu\", \"0\"] (a list of arguments)";
      case OPTIMUM -> "optimum: {threads: 12, util: 0.75}";
      case WORD -> p.key() + ": " + p.words().get(0);
      default -> p.key() + ": 1";
    };
  }

  /** Reads one key of a workload against its {@link Param}. */
  private record ParamReader(YamlMap w, Param p, ParsedDomain domain, Catalog catalog) {
    Object read(Node v) {
      return switch (p.type()) {
        case FRACTION -> numberOrKnob(v, false);
        case COUNT -> numberOrKnob(v, true);
        case WORD -> word(v);
        case BOOL -> w.bool(p.key(), false, p.key() + ": true");
        case ARGS -> args(v);
        case POSITIVE -> bounded(v, false);
        case NON_NEGATIVE -> bounded(v, true);
        case OPTIMUM -> optimum(v);
      };
    }

    private Source src() {
      return w.source();
    }

    private Object numberOrKnob(Node v, boolean count) {
      String expected = count ? "a whole number >= 1" : "a number in (0, 1]";
      String text = Scalars.text(v);
      Matcher m = text == null ? null : PLACEHOLDER.matcher(text);
      if (m != null && m.matches() && !Scalars.isInteger(v) && Scalars.number(v) == null) {
        knobFits(v, m.group(1), count, expected);
        return text;
      }
      Double d = count ? (Scalars.isInteger(v) ? (double) Scalars.integer(v) : null) : Scalars.number(v);
      boolean ok = d != null && (count ? d >= 1 : d > 0 && d <= 1);
      if (!ok) {
        src().problem(v, "'" + p.key() + "' of " + w.what() + " must be " + expected
                + " or \"{knob}\", found " + Scalars.describe(v),
            v instanceof org.yaml.snakeyaml.nodes.MappingNode
                ? "quote it: " + p.key() + ": \"{name}\" (unquoted braces make a YAML mapping)"
                : "write e.g. " + p.key() + ": " + (count ? "4" : "0.5") + ", or " + p.key()
                    + ": \"{name}\" to take a knob's value");
        return null;
      }
      return count ? (Object) Scalars.integer(v) : (Object) d;
    }

    /** A "{knob}" value must name a knob whose whole range is acceptable here. */
    private void knobFits(Node at, String knobName, boolean count, String expected) {
      if (domain == null) return;
      Knob k = catalog.knob(src(), domain, at, knobName, "'" + p.key() + "' of " + w.what());
      if (k == null) return;
      boolean fits = count
          ? k instanceof Knob.IntKnob i && i.min() >= 1
          : (k instanceof Knob.IntKnob i && i.min() > 0 && i.max() <= 1)
              || (k instanceof Knob.FloatKnob f && f.min() > 0 && f.max() <= 1);
      if (!fits) {
        src().problem(at, "'" + p.key() + "' takes knob '" + knobName + "', but " + p.key() + " must be "
                + expected + " and the knob is " + describe(k),
            count ? "use an int knob with min >= 1" : "use a numeric knob whose range lies within (0, 1]");
      }
    }

    private String word(Node v) {
      String s = Scalars.text(v);
      if (s != null && p.words().contains(s)) return s;
      src().problem(v, (s == null ? "'" + p.key() + "' of " + w.what() + " must be one of "
              + String.join(", ", p.words()) + ", found " + Scalars.describe(v)
              : "unknown " + p.key() + " '" + s + "' in " + w.what()),
          s == null ? "write " + p.key() + ": " + p.words().get(0) : DidYouMean.fix(s, p.words(), p.key() + "s"));
      return null;
    }

    private List<String> args(Node v) {
      if (v instanceof ScalarNode && Scalars.text(v) != null) {
        src().problem(v, p.key() + " of " + w.what() + " must be a list; Dream never runs a shell",
            "split it into words: " + p.key() + ": " + asList(Scalars.text(v)));
        return null;
      }
      List<Node> items = w.list(p.key(), true, p.key() + ": [\"--cpu\", \"0\"]");
      if (items == null) return null;
      if (items.isEmpty()) {
        src().problem(v, p.key() + " of " + w.what() + " is empty", "list the program and its arguments");
        return null;
      }
      List<String> out = new ArrayList<>();
      for (Node item : items) {
        String s = item instanceof ScalarNode ? Scalars.text(item) : null;
        if (s == null) {
          src().problem(item, "an argument in " + p.key() + " must be a word, found " + Scalars.describe(item),
              "write each argument as text; quote it if it contains ': ' or starts with '{'");
          continue;
        }
        Matcher m = PLACEHOLDER.matcher(s);
        while (m.find() && domain != null) catalog.knob(src(), domain, item, m.group(1), "'{" + m.group(1) + "}' in " + p.key());
        out.add(s);
      }
      return List.copyOf(out);
    }

    private Double bounded(Node v, boolean zeroAllowed) {
      Double d = Scalars.number(v);
      if (d == null || (zeroAllowed ? d < 0 : d <= 0)) {
        src().problem(v, "'" + p.key() + "' of " + w.what() + " must be a number " + (zeroAllowed ? ">= 0" : "> 0")
            + ", found " + Scalars.describe(v), "write e.g. " + p.key() + ": " + (zeroAllowed ? "0.05" : "60"));
        return null;
      }
      return d;
    }

    private Map<String, Object> optimum(Node v) {
      YamlMap o = w.map(p.key(), true, "optimum: {threads: 12, util: 0.75}");
      if (o == null) return null;
      if (o.keys().isEmpty()) {
        src().problem(v, "the optimum of " + w.what() + " names no knob", "e.g. optimum: {threads: 12, util: 0.75}");
        return null;
      }
      Map<String, Object> out = new LinkedHashMap<>();
      for (NodeTuple t : o.entries()) {
        String name = Scalars.text(t.getKeyNode());
        if (domain == null) continue;
        Knob k = catalog.knob(src(), domain, t.getKeyNode(), name, "the optimum");
        if (k == null) continue;
        Object value = KnobValues.read(src(), k, t.getValueNode(), "the optimum", false);
        if (value != null) out.put(name, value);
      }
      return Collections.unmodifiableMap(out);
    }
  }

  private static String describe(Knob k) {
    if (k instanceof Knob.IntKnob i) return "int " + i.min() + ".." + i.max();
    if (k instanceof Knob.FloatKnob f) return "float " + Scalars.format(f.min()) + ".." + Scalars.format(f.max());
    if (k instanceof Knob.ChoiceKnob) return "a choice knob";
    return "a bool knob";
  }

  /** A shell-like string as a YAML flow list, for the fix of an argv written as one string. */
  static String asList(String line) {
    List<String> words = new ArrayList<>();
    for (String word : line.trim().split("\\s+")) {
      boolean plain = word.matches("[A-Za-z0-9_./=+-]+") && !word.startsWith("-") || word.matches("--?[A-Za-z0-9_.=-]+");
      words.add(plain ? word : "\"" + word.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
    }
    return "[" + String.join(", ", words) + "]";
  }
}
