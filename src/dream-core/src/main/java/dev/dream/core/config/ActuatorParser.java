package dev.dream.core.config;

import dev.dream.core.domain.ActuatorSpec;
import dev.dream.core.domain.Knob;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;

/**
 * The {@code actuator} of a knob: how it is applied and restored. Checks that the kind exists, that its keys
 * fit the kind, that the knob's type suits it, and that machine paths stay under /sys or /proc (the only
 * trees Dream re-roots under $DREAM_SYS_ROOT for tests).
 */
final class ActuatorParser {
  private ActuatorParser() {}

  private static final Map<String, List<String>> KEYS = Map.of(
      "sysfs", List.of("kind", "path", "values"),
      "procfs", List.of("kind", "path", "values"),
      "cgroup", List.of("kind", "path", "values"),
      "affinity", List.of("kind"),
      "nice", List.of("kind"),
      "sched-policy", List.of("kind"),
      "workload-arg", List.of("kind"),
      "env", List.of("kind", "name", "values"),
      "nvidia-smi", List.of("kind", "setting", "gpu"));

  /** Actuators that cannot read the value in force from the machine, so the knob must declare its default. */
  static final Set<String> CANNOT_READ_CURRENT = Set.of("workload-arg", "env");

  static final List<String> SCHED_POLICIES = List.of("other", "batch", "idle", "fifo", "rr");
  static final List<String> NVIDIA_SETTINGS = List.of("power-limit-pct", "power-limit-w", "persistence-mode");

  private static final Pattern CGROUP_FILE = Pattern.compile("[a-z][a-z0-9_]*\\.[a-z0-9_.]+");
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern CPU_LIST = Pattern.compile("\\d+(-\\d+)?(,\\d+(-\\d+)?)*");

  /**
   * The actuator of {@code knob} (whose own actuator is not yet set), or null after reporting problems.
   * {@code knob} is null when the knob itself is broken: then only what does not depend on it is checked.
   */
  static ActuatorSpec parse(YamlMap m, Knob knob, String knobName) {
    Source src = m.source();
    String kind = m.string("kind", true, "kind: workload-arg (or sysfs, procfs, cgroup, ...)");
    if (kind == null) return null;
    if (!KEYS.containsKey(kind)) {
      src.problem(m.value("kind"), "unknown actuator kind '" + kind + "' for knob '" + knobName + "'",
          DidYouMean.fix(kind, ActuatorSpec.KINDS, "kinds"));
      return null;
    }
    m.onlyKeys(KEYS.get(kind));
    int before = src.problems().size();
    String path = switch (kind) {
      case "sysfs" -> machinePath(m, "/sys/", "/sys/kernel/mm/transparent_hugepage/enabled");
      case "procfs" -> machinePath(m, "/proc/", "/proc/sys/vm/swappiness");
      case "cgroup" -> cgroupFile(m);
      case "env" -> envName(m);
      default -> null;
    };
    if (knob != null) checkKnobType(src, m.value("kind"), kind, knob);
    Map<String, String> values = values(m, knob, kind);
    Map<String, Object> params = kind.equals("nvidia-smi") ? nvidiaParams(m, knob) : Map.of();
    if (src.problems().size() > before) return null;
    return new ActuatorSpec(kind, path, values, params);
  }

  private static String machinePath(YamlMap m, String root, String example) {
    String path = m.string("path", true, "path: " + example);
    if (path == null) return null;
    String other = root.equals("/sys/") ? "/proc/" : "/sys/";
    boolean escapes = List.of(path.split("/")).contains("..");
    if (!path.startsWith(root) || escapes) {
      String fix = path.startsWith(other)
          ? "this path is under " + other + ": use kind: " + (other.equals("/sys/") ? "sysfs" : "procfs")
          : "write the absolute path under " + root + " without '..', e.g. " + example
              + " (Dream resolves it under $DREAM_SYS_ROOT when that is set)";
      m.source().problem(m.value("path"), "the " + (root.equals("/sys/") ? "sysfs" : "procfs") + " path '" + path
          + "' of " + m.what() + " is not an absolute path under " + root, fix);
      return null;
    }
    return path;
  }

  private static String cgroupFile(YamlMap m) {
    String file = m.string("path", true, "path: cpu.weight (a file of the workload's cgroup)");
    if (file != null && !CGROUP_FILE.matcher(file).matches()) {
      m.source().problem(m.value("path"), "the cgroup path '" + file + "' of " + m.what()
          + " is not a cgroup interface file name", "write the file name only, e.g. cpu.weight or memory.high; "
          + "Dream runs the workload in its own cgroup and writes the file there");
      return null;
    }
    return file;
  }

  private static String envName(YamlMap m) {
    String name = m.string("name", true, "name: OMP_NUM_THREADS (the environment variable to set)");
    if (name != null && !ENV_NAME.matcher(name).matches()) {
      m.source().problem(m.value("name"), "'" + name + "' is not an environment variable name",
          "use letters, digits and '_', not starting with a digit");
      return null;
    }
    return name;
  }

  private static void checkKnobType(Source src, Node at, String kind, Knob knob) {
    String needs = switch (kind) {
      case "nice" -> knob instanceof Knob.IntKnob k && k.min() >= -20 && k.max() <= 19
          ? null : "an int knob within -20..19 (nice values)";
      case "sched-policy" -> knob instanceof Knob.ChoiceKnob k && SCHED_POLICIES.containsAll(k.choices())
          ? null : "a choice knob whose choices are among " + String.join(", ", SCHED_POLICIES);
      case "affinity" -> affinityFits(knob)
          ? null : "an int knob with min >= 1 (a number of CPUs), a float knob within (0, 1] (a fraction of "
              + "the CPUs) or a choice knob of CPU lists such as \"0-3,8\"";
      default -> null;
    };
    if (needs != null) {
      String article = "aeiou".indexOf(kind.charAt(0)) >= 0 ? "an " : "a ";
      src.problem(at, article + kind + " actuator cannot apply knob '" + knob.name() + "'", "it needs " + needs);
    }
  }

  private static boolean affinityFits(Knob knob) {
    if (knob instanceof Knob.IntKnob k) return k.min() >= 1;
    if (knob instanceof Knob.FloatKnob k) return k.min() > 0 && k.max() <= 1;
    if (knob instanceof Knob.ChoiceKnob k) return k.choices().stream().allMatch(c -> CPU_LIST.matcher(c).matches());
    return false;
  }

  /** What is written for each knob value; keys are the canonical values as text ("true", "12", "0.5"). */
  private static Map<String, String> values(YamlMap m, Knob knob, String kind) {
    boolean file = Set.of("sysfs", "procfs", "cgroup").contains(kind);
    YamlMap values = m.map("values", false, "values: {true: \"on\", false: \"off\"}");
    if (values == null) {
      if (file && knob instanceof Knob.BoolKnob && !m.has("values")) {
        m.source().problem(m.anchor(), "bool knob '" + knob.name() + "' has a " + kind
            + " actuator but no values", "say what is written for each, e.g. values: {true: \"1\", false: \"0\"}");
      }
      return Map.of();
    }
    Map<String, String> out = new LinkedHashMap<>();
    Set<String> written = new HashSet<>();
    for (NodeTuple t : values.entries()) {
      Object v = knob == null ? null : KnobValues.read(m.source(), knob, t.getKeyNode(), "the values key", true);
      String text = Scalars.text(t.getValueNode());
      if (text == null) {
        m.source().problem(t.getValueNode(), "what is written for '" + Scalars.text(t.getKeyNode())
            + "' must be text, found " + Scalars.describe(t.getValueNode()), "write it as a quoted string");
      } else if (!written.add(text)) {
        m.source().problem(t.getValueNode(), "'" + text + "' is written for two knob values",
            "give each knob value its own text, so that the value read back from the machine maps to one");
      }
      if (v != null && text != null) out.put(String.valueOf(v), text);
    }
    if (file && knob instanceof Knob.BoolKnob && !(out.containsKey("true") && out.containsKey("false"))) {
      m.source().problem(m.value("values"), "values of bool knob '" + knob.name()
          + "' must say what is written for both true and false", "e.g. values: {true: \"1\", false: \"0\"}");
    }
    return Map.copyOf(out);
  }

  private static Map<String, Object> nvidiaParams(YamlMap m, Knob knob) {
    String setting = m.string("setting", true, "setting: power-limit-pct");
    Long gpu = m.integer("gpu", false, "gpu: 0 (the GPU index)");
    if (gpu != null && gpu < 0) {
      m.source().problem(m.value("gpu"), "gpu index " + gpu + " is negative", "GPU indexes start at 0");
    }
    if (setting == null) return Map.of();
    if (!NVIDIA_SETTINGS.contains(setting)) {
      m.source().problem(m.value("setting"), "unknown nvidia-smi setting '" + setting + "'",
          DidYouMean.fix(setting, NVIDIA_SETTINGS, "settings"));
      return Map.of();
    }
    boolean fits = knob == null || switch (setting) {
      case "power-limit-pct" -> numericWithin(knob, 0, 200);
      case "power-limit-w" -> numericWithin(knob, 0, Double.MAX_VALUE);
      default -> knob instanceof Knob.BoolKnob;
    };
    if (!fits && knob != null) {
      m.source().problem(m.value("setting"), "nvidia-smi setting '" + setting + "' cannot take knob '"
          + knob.name() + "'", setting.equals("persistence-mode") ? "it needs a bool knob"
          : setting.equals("power-limit-pct") ? "it needs an int or float knob within (0, 200] (percent of the "
              + "default power limit)" : "it needs an int or float knob with min > 0 (watts)");
    }
    return Map.of("setting", setting, "gpu", gpu == null ? 0L : gpu);
  }

  private static boolean numericWithin(Knob knob, double lowExclusive, double highInclusive) {
    if (knob instanceof Knob.IntKnob k) return k.min() > lowExclusive && k.max() <= highInclusive;
    if (knob instanceof Knob.FloatKnob k) return k.min() > lowExclusive && k.max() <= highInclusive;
    return false;
  }
}
