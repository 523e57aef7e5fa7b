package dev.dream.cluster.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text exposition format 0.0.4, as specified in Prometheus's
 * "Exposition formats" document. {@code dream ctl metrics} reads a node's /metrics with it, and the tests
 * use it as their oracle, so it rejects what a Prometheus server would reject, and more. Checked: the line
 * grammar (metric and label names, quoted label values with only the \\, \" and \n escapes, Go float
 * values, optional int64 timestamps), at most one HELP and one TYPE per family, TYPE before the family's
 * first sample, a family's lines not interleaved with another's, sample names that belong to their
 * family's type, no duplicate series, counters not negative, and histograms whose buckets carry an
 * {@code le} label, are cumulative, end with {@code +Inf} and agree with {@code _count}. Not checked: the
 * HELP text's meaning, or anything about values over time.
 */
public final class PrometheusText {
  public record Sample(String name, Map<String, String> labels, double value) {}

  public static final class Invalid extends RuntimeException {
    Invalid(int line, String what, String text) {
      super("line " + line + ": " + what + ": " + text);
    }
  }

  private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
  private static final Pattern METRIC_NAME = Pattern.compile(NAME);
  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
  private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") (.*)");
  private static final Pattern TYPE = Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)");
  private static final Pattern FLOAT = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?|[+-]?Inf|NaN");
  private static final Pattern TIMESTAMP = Pattern.compile("-?\\d{1,19}");

  private PrometheusText() {}

  /** Every sample, in order; throws {@link Invalid} naming the first line that breaks the format. */
  public static List<Sample> parse(String text) {
    if (!text.isEmpty() && !text.endsWith("\n")) throw new Invalid(0, "the last line must end with a line feed", "");
    List<Sample> samples = new ArrayList<>();
    Map<String, String> types = new HashMap<>();
    Set<String> helped = new HashSet<>();
    Set<String> closed = new HashSet<>(); // families whose lines have ended
    Set<String> series = new HashSet<>();
    String current = null;
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length - 1; i++) {
      int n = i + 1;
      String line = lines[i];
      if (line.isBlank()) continue;
      String family;
      if (line.startsWith("#")) {
        Matcher h = HELP.matcher(line);
        Matcher t = TYPE.matcher(line);
        if (h.matches()) {
          family = h.group(1);
          if (!helped.add(family)) throw new Invalid(n, "a second HELP for " + family, line);
          checkEscapes(n, h.group(2), false);
        } else if (t.matches()) {
          family = t.group(1);
          if (types.containsKey(family)) throw new Invalid(n, "a second TYPE for " + family, line);
          if (series.stream().anyMatch(s -> s.equals(family) || s.startsWith(family + "{"))) {
            throw new Invalid(n, "TYPE after a sample of " + family, line);
          }
          types.put(family, t.group(2));
        } else if (line.startsWith("# HELP") || line.startsWith("# TYPE")) {
          throw new Invalid(n, "malformed HELP or TYPE line", line);
        } else {
          continue; // a plain comment
        }
      } else {
        Sample s = sample(n, line);
        family = familyOf(s.name(), types);
        if (family == null) throw new Invalid(n, "sample " + s.name() + " does not belong to a declared family's type", line);
        String key = s.name() + new TreeMap<>(s.labels());
        if (!series.add(key)) throw new Invalid(n, "duplicate series", line);
        if ("counter".equals(types.get(family)) && !(s.value() >= 0)) throw new Invalid(n, "negative or NaN counter", line);
        samples.add(s);
      }
      if (!family.equals(current)) {
        if (closed.contains(family)) throw new Invalid(n, "lines of " + family + " are not together", line);
        if (current != null) closed.add(current);
        current = family;
      }
    }
    checkHistograms(samples, types);
    return samples;
  }

  private static String familyOf(String name, Map<String, String> types) {
    if (types.containsKey(name)) {
      String t = types.get(name);
      return t.equals("histogram") ? null : name;
    }
    for (String suffix : List.of("_bucket", "_sum", "_count", "_total", "_created")) {
      if (!name.endsWith(suffix)) continue;
      String base = name.substring(0, name.length() - suffix.length());
      String t = types.get(base);
      if (t == null) continue;
      boolean fits = switch (t) {
        case "histogram" -> !suffix.equals("_total");
        case "summary" -> suffix.equals("_sum") || suffix.equals("_count") || suffix.equals("_created");
        case "counter" -> suffix.equals("_total") || suffix.equals("_created");
        default -> false;
      };
      return fits ? base : null;
    }
    return null;
  }

  private static Sample sample(int n, String line) {
    try {
      return sampleOrOutOfBounds(n, line);
    } catch (StringIndexOutOfBoundsException e) {
      throw new Invalid(n, "the line ends too early", line);
    }
  }

  private static Sample sampleOrOutOfBounds(int n, String line) {
    Matcher m = Pattern.compile("(" + NAME + ")").matcher(line);
    if (!m.lookingAt()) throw new Invalid(n, "a sample must start with a metric name", line);
    String name = m.group(1);
    int p = m.end();
    Map<String, String> labels = new LinkedHashMap<>();
    if (p < line.length() && line.charAt(p) == '{') {
      p++;
      while (true) {
        if (line.charAt(p) == '}') {
          p++;
          break;
        }
        Matcher ln = LABEL_NAME.matcher(line).region(p, line.length());
        if (!ln.lookingAt()) throw new Invalid(n, "bad label name at column " + (p + 1), line);
        String label = ln.group();
        p = ln.end();
        if (line.charAt(p) != '=' || line.charAt(p + 1) != '"') throw new Invalid(n, "expected =\" after label " + label, line);
        p += 2;
        StringBuilder value = new StringBuilder();
        while (line.charAt(p) != '"') {
          char c = line.charAt(p);
          if (c == '\\') {
            char e = line.charAt(p + 1);
            value.append(switch (e) {
              case '\\' -> '\\';
              case '"' -> '"';
              case 'n' -> '\n';
              default -> throw new Invalid(n, "bad escape \\" + e + " in label " + label, line);
            });
            p += 2;
          } else {
            value.append(c);
            p++;
          }
        }
        p++;
        if (labels.put(label, value.toString()) != null) throw new Invalid(n, "label " + label + " twice", line);
        if (line.charAt(p) == ',') p++;
        else if (line.charAt(p) != '}') throw new Invalid(n, "expected , or } at column " + (p + 1), line);
      }
    }
    if (p >= line.length() || line.charAt(p) != ' ') throw new Invalid(n, "expected a space before the value", line);
    String[] rest = line.substring(p).trim().split(" +");
    if (rest.length > 2) throw new Invalid(n, "more than a value and a timestamp", line);
    if (!FLOAT.matcher(rest[0]).matches()) throw new Invalid(n, "not a float: " + rest[0], line);
    if (rest.length == 2 && !TIMESTAMP.matcher(rest[1]).matches()) throw new Invalid(n, "not a timestamp: " + rest[1], line);
    double v = switch (rest[0]) {
      case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      case "NaN" -> Double.NaN;
      default -> Double.parseDouble(rest[0]);
    };
    return new Sample(name, labels, v);
  }

  private static void checkEscapes(int n, String help, boolean quotes) {
    for (int i = 0; i < help.length(); i++) {
      if (help.charAt(i) == '\\') {
        char e = i + 1 < help.length() ? help.charAt(i + 1) : ' ';
        if (e != '\\' && e != 'n' && !(quotes && e == '"')) throw new Invalid(n, "bad escape in HELP", help);
        i++;
      }
    }
  }

  private static void checkHistograms(List<Sample> samples, Map<String, String> types) {
    for (Map.Entry<String, String> t : types.entrySet()) {
      if (!t.getValue().equals("histogram")) continue;
      String family = t.getKey();
      Map<Map<String, String>, TreeMap<Double, Double>> buckets = new HashMap<>();
      Map<Map<String, String>, Double> counts = new HashMap<>();
      for (Sample s : samples) {
        if (s.name().equals(family + "_bucket")) {
          Map<String, String> rest = new TreeMap<>(s.labels());
          String le = rest.remove("le");
          if (le == null || !FLOAT.matcher(le).matches()) throw new Invalid(0, family + " bucket without a float le", s.toString());
          double bound = le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
          buckets.computeIfAbsent(rest, k -> new TreeMap<>()).put(bound, s.value());
        } else if (s.name().equals(family + "_count")) {
          counts.put(new TreeMap<>(s.labels()), s.value());
        }
      }
      for (Map.Entry<Map<String, String>, TreeMap<Double, Double>> b : buckets.entrySet()) {
        double previous = 0;
        for (double c : b.getValue().values()) {
          if (c < previous) throw new Invalid(0, family + " buckets are not cumulative", b.toString());
          previous = c;
        }
        Double inf = b.getValue().get(Double.POSITIVE_INFINITY);
        if (inf == null) throw new Invalid(0, family + " has no +Inf bucket", b.toString());
        if (!inf.equals(counts.get(b.getKey()))) throw new Invalid(0, family + " +Inf bucket differs from _count", b.toString());
      }
    }
  }

  /** The value of the one sample with this name and exactly these labels, or null. */
  public static Double value(List<Sample> samples, String name, Map<String, String> labels) {
    for (Sample s : samples) if (s.name().equals(name) && s.labels().equals(labels)) return s.value();
    return null;
  }
}
