package dev.dream.core.config;

import dev.dream.core.domain.Caps;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;

/**
 * caps.yaml: per-domain limits on KPIs ({@code kpi: {max: X}}, {@code {min: X}}, both, or a bare number
 * meaning max), the global trial rules and the tolerances.
 */
final class CapsParser {
  private CapsParser() {}

  static final List<String> KEYS = List.of("version", "domains", "global", "tolerance");
  static final List<String> CAP_KEYS = List.of("min", "max");
  static final List<String> GLOBAL_KEYS = List.of("max_trial_failures", "max_trial_duration_s", "min_successful_trials");
  static final List<String> TOLERANCE_KEYS =
      List.of("perf_improvement_pct", "latency_regression_pct", "power_regression_pct");

  /** {@code minSuccessfulAt} is where global.min_successful_trials is written (null if defaulted). */
  record Parsed(boolean readable, Caps caps, Node minSuccessfulAt) {}

  static Parsed unreadable() {
    return new Parsed(false, new Caps(Map.of(), Caps.Global.DEFAULT, Caps.Tolerance.DEFAULT), null);
  }

  static Parsed parse(Source src, Node root, Catalog catalog) {
    YamlMap doc = YamlMap.of(src, root, root, "caps.yaml");
    if (doc == null) return unreadable();
    doc.onlyKeys(KEYS);
    Version.check(doc);
    Map<String, Map<String, Caps.Cap>> domains = new LinkedHashMap<>();
    YamlMap domainsMap = doc.map("domains", false, "domains: {cpu: {cpu_temp_c: {max: 90}}}");
    if (domainsMap != null) {
      for (NodeTuple t : domainsMap.entries()) {
        String name = Scalars.text(t.getKeyNode());
        ParsedDomain domain = catalog.domain(src, t.getKeyNode(), name, "caps");
        YamlMap caps = YamlMap.of(src, t.getValueNode(), t.getKeyNode(), "the caps of '" + name + "'");
        if (caps == null) continue;
        Map<String, Caps.Cap> byKpi = new LinkedHashMap<>();
        for (NodeTuple c : caps.entries()) {
          String kpi = Scalars.text(c.getKeyNode());
          boolean known = domain == null || catalog.kpi(src, domain, c.getKeyNode(), kpi, "a cap");
          Caps.Cap cap = cap(src, kpi, c.getKeyNode(), c.getValueNode());
          if (known && cap != null) byKpi.put(kpi, cap);
        }
        if (domain != null) domains.put(name, Collections.unmodifiableMap(byKpi));
      }
    }
    YamlMap global = doc.map("global", false, "global: {max_trial_failures: 3}");
    YamlMap tolerance = doc.map("tolerance", false, "tolerance: {perf_improvement_pct: 0.5}");
    Caps caps = new Caps(Collections.unmodifiableMap(domains),
        global == null ? Caps.Global.DEFAULT : global(global),
        tolerance == null ? Caps.Tolerance.DEFAULT : tolerance(tolerance));
    return new Parsed(true, caps, global == null ? null : global.value("min_successful_trials"));
  }

  private static Caps.Cap cap(Source src, String kpi, Node keyNode, Node value) {
    if (!(value instanceof MappingNode)) {
      Double max = Scalars.number(value);
      if (max == null) {
        src.problem(value, "the cap on '" + kpi + "' must be a number (its max) or {max: X} / {min: X}, found "
            + Scalars.describe(value), "write e.g. " + kpi + ": {max: 90}");
        return null;
      }
      return new Caps.Cap(kpi, null, max);
    }
    YamlMap m = YamlMap.of(src, value, keyNode, "the cap on '" + kpi + "'");
    boolean unknown = false;
    for (String k : m.keys()) {
      if (CAP_KEYS.contains(k)) continue;
      unknown = true;
      // The original's caps used eq; Dream writes an exact limit as min and max.
      String fix = k.equals("eq") ? "write {min: X, max: X} for an exact value (e.g. {max: 0} for a counter)"
          : DidYouMean.fix(k, CAP_KEYS, "keys of a cap");
      src.problem(m.key(k), "unknown key '" + k + "' in " + m.what(), fix);
    }
    Double min = m.number("min", false, "min: 10");
    Double max = m.number("max", false, "max: 90");
    if (unknown) return null;
    if (!m.has("min") && !m.has("max")) {
      src.problem(keyNode, "the cap on '" + kpi + "' sets neither min nor max", "write e.g. " + kpi + ": {max: 90}");
      return null;
    }
    if (min != null && max != null && min > max) {
      src.problem(m.value("min"), "the cap on '" + kpi + "' has min " + Scalars.format(min) + " above max "
          + Scalars.format(max), "no value could pass it: swap them or correct one");
      return null;
    }
    if ((m.has("min") && min == null) || (m.has("max") && max == null)) return null;
    return new Caps.Cap(kpi, min, max);
  }

  private static Caps.Global global(YamlMap m) {
    m.onlyKeys(GLOBAL_KEYS);
    Caps.Global d = Caps.Global.DEFAULT;
    Long failures = Bounds.atLeast(m, "max_trial_failures", 0, d.maxTrialFailures(), "max_trial_failures: 3",
        "0 means one failed trial makes a candidate unsafe");
    Double duration = Bounds.above(m, "max_trial_duration_s", 0, d.maxTrialDurationS(), "max_trial_duration_s: 300");
    Long successes = Bounds.atLeast(m, "min_successful_trials", 1, d.minSuccessfulTrials(), "min_successful_trials: 2",
        "a candidate needs at least one measured trial to be judged");
    return new Caps.Global(
        failures == null ? d.maxTrialFailures() : Math.toIntExact(Math.min(failures, Integer.MAX_VALUE)),
        duration == null ? d.maxTrialDurationS() : duration,
        successes == null ? d.minSuccessfulTrials() : Math.toIntExact(Math.min(successes, Integer.MAX_VALUE)));
  }

  private static Caps.Tolerance tolerance(YamlMap m) {
    m.onlyKeys(TOLERANCE_KEYS);
    Caps.Tolerance d = Caps.Tolerance.DEFAULT;
    Double perf = Bounds.atLeast(m, "perf_improvement_pct", 0.0, d.perfImprovementPct(), "perf_improvement_pct: 0.5");
    Double latency =
        Bounds.atLeast(m, "latency_regression_pct", 0.0, d.latencyRegressionPct(), "latency_regression_pct: 5.0");
    Double power = Bounds.atLeast(m, "power_regression_pct", 0.0, d.powerRegressionPct(), "power_regression_pct: 3.0");
    return new Caps.Tolerance(
        perf == null ? d.perfImprovementPct() : perf,
        latency == null ? d.latencyRegressionPct() : latency,
        power == null ? d.powerRegressionPct() : power);
  }
}
