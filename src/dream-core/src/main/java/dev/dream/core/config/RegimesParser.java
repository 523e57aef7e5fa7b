package dev.dream.core.config;

import dev.dream.core.domain.ExecutionSpec;
import dev.dream.core.domain.RegimeSpec;
import dev.dream.core.domain.WorkloadSpec;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;

/** regimes.yaml: for each domain its regimes (in file order), and the {@code execution} settings. */
final class RegimesParser {
  private RegimesParser() {}

  static final List<String> KEYS = List.of("version", "domains", "execution");
  static final List<String> REGIME_KEYS = List.of("workload", "duration_s", "weight");
  static final List<String> EXECUTION_KEYS =
      List.of("trials", "warmup_s", "trial_delay_s", "retries", "timeout_multiplier");

  /**
   * What was read. {@code simKinds} holds, per domain measured with the sim workload, where its first sim
   * workload's kind is written.
   */
  record Parsed(
      boolean readable, Map<String, Map<String, RegimeSpec>> regimes, ExecutionSpec execution, Map<String, Node> simKinds) {}

  static Parsed unreadable() {
    return new Parsed(false, Map.of(), ExecutionSpec.DEFAULT, Map.of());
  }

  static Parsed parse(Source src, Node root, Catalog catalog) {
    YamlMap doc = YamlMap.of(src, root, root, "regimes.yaml");
    if (doc == null) return unreadable();
    doc.onlyKeys(KEYS);
    Version.check(doc);
    Map<String, Map<String, RegimeSpec>> regimes = new LinkedHashMap<>();
    Map<String, Node> simKinds = new LinkedHashMap<>();
    YamlMap domains = doc.map("domains", true, "domains: {cpu: {normal: {workload: {kind: builtin-cpu}, duration_s: 15}}}");
    if (domains != null) {
      for (NodeTuple t : domains.entries()) {
        String name = Scalars.text(t.getKeyNode());
        ParsedDomain domain = catalog.domain(src, t.getKeyNode(), name, "regimes");
        Map<String, RegimeSpec> byName = domainRegimes(src, t, domain, catalog, simKinds);
        if (domain != null) regimes.put(name, byName);
      }
    }
    YamlMap execution = doc.map("execution", false, "execution: {trials: 3, warmup_s: 2}");
    ExecutionSpec exec = execution == null ? ExecutionSpec.DEFAULT : execution(execution);
    return new Parsed(true, Collections.unmodifiableMap(regimes), exec, Collections.unmodifiableMap(simKinds));
  }

  private static Map<String, RegimeSpec> domainRegimes(
      Source src, NodeTuple entry, ParsedDomain domain, Catalog catalog, Map<String, Node> simKinds) {
    String domainName = Scalars.text(entry.getKeyNode());
    YamlMap regimes = YamlMap.of(src, entry.getValueNode(), entry.getKeyNode(), "the regimes of '" + domainName + "'");
    Map<String, RegimeSpec> out = new LinkedHashMap<>();
    if (regimes == null) return out;
    if (regimes.keys().isEmpty()) {
      src.problem(entry.getKeyNode(), "domain '" + domainName + "' has no regimes",
          "add at least one, e.g. normal: {workload: {kind: builtin-cpu, load: 0.5}, duration_s: 15}");
    }
    for (NodeTuple t : regimes.entries()) {
      String name = Scalars.text(t.getKeyNode());
      if (!DomainParser.NAME.matcher(name).matches()) {
        src.problem(t.getKeyNode(), "'" + name + "' is not a valid regime name",
            "use letters, digits and '_', starting with a letter or '_'");
        continue;
      }
      RegimeSpec regime = regime(src, t, name, domainName, domain, catalog);
      if (regime == null) continue;
      out.put(name, regime);
      if (regime.workload().kind().equals("sim")) {
        simKinds.putIfAbsent(domainName, YamlMap.peek(YamlMap.peek(t.getValueNode(), "workload"), "kind"));
      }
    }
    return Collections.unmodifiableMap(out);
  }

  private static RegimeSpec regime(
      Source src, NodeTuple entry, String name, String domainName, ParsedDomain domain, Catalog catalog) {
    YamlMap m = YamlMap.of(src, entry.getValueNode(), entry.getKeyNode(), "regime '" + domainName + "." + name + "'");
    if (m == null) return null;
    m.onlyKeys(REGIME_KEYS);
    int before = src.problems().size();
    YamlMap w = m.map("workload", true, "workload: {kind: builtin-cpu, load: 0.5}");
    WorkloadSpec workload = w == null ? null : WorkloadParser.parse(w, domain, catalog);
    Double duration = m.number("duration_s", true, "duration_s: 15");
    if (duration != null && duration < 0) {
      src.problem(m.value("duration_s"), "duration_s " + Scalars.format(duration) + " of " + m.what() + " is negative",
          "use the seconds each trial measures, 0 or more (0 only makes sense for the sim workload)");
    }
    Double weight = m.has("weight") ? m.number("weight", false, "weight: 1.0") : Double.valueOf(1.0);
    if (weight != null && weight <= 0) {
      src.problem(m.value("weight"), "weight " + Scalars.format(weight) + " of " + m.what() + " must be above 0",
          "use a positive weight (1.0 is the default); to leave a regime out, remove it or use --regimes");
    }
    if (src.problems().size() > before || workload == null || duration == null || weight == null) return null;
    return new RegimeSpec(name, workload, duration, weight);
  }

  private static ExecutionSpec execution(YamlMap m) {
    m.onlyKeys(EXECUTION_KEYS);
    ExecutionSpec d = ExecutionSpec.DEFAULT;
    Long trials = Bounds.atLeast(m, "trials", 1, d.trials(), "trials: 3",
        "each candidate needs at least one trial per regime (3 or more give a confidence interval)");
    Double warmup = Bounds.atLeast(m, "warmup_s", 0.0, d.warmupS(), "warmup_s: 2");
    Double delay = Bounds.atLeast(m, "trial_delay_s", 0.0, d.trialDelayS(), "trial_delay_s: 2");
    Long retries = Bounds.atLeast(m, "retries", 0, d.retries(), "retries: 1", "0 means a failed trial is not retried");
    Double multiplier = Bounds.atLeast(m, "timeout_multiplier", 1.0, d.timeoutMultiplier(), "timeout_multiplier: 1.5",
        "a trial's deadline is its expected time times this, so below 1 every trial would time out");
    return new ExecutionSpec(
        trials == null ? d.trials() : Math.toIntExact(Math.min(trials, Integer.MAX_VALUE)),
        warmup == null ? d.warmupS() : warmup,
        delay == null ? d.trialDelayS() : delay,
        retries == null ? d.retries() : Math.toIntExact(Math.min(retries, Integer.MAX_VALUE)),
        multiplier == null ? d.timeoutMultiplier() : multiplier);
  }
}
