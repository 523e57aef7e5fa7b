package dev.dream.core.config;

import dev.dream.core.domain.DomainSpec;
import dev.dream.core.domain.Knob;
import dev.dream.core.domain.Kpi;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;

/** A domain file, {@code config/domains/<domain>.yaml}: name, description, knobs, KPIs and score weights. */
final class DomainParser {
  private DomainParser() {}

  static final List<String> KEYS = List.of("domain", "description", "knobs", "kpis", "weights");

  /** Names end up in JSON keys, file names and command-line lists, so they stay plain identifiers. */
  static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /** Weights used when a domain declares none: DESIGN.md section 4's score_v2. */
  static final Map<Kpi.Role, Double> DEFAULT_WEIGHTS = Map.of(Kpi.Role.PERF, 1.0, Kpi.Role.P95, 0.2, Kpi.Role.WATTS, 0.1);

  static ParsedDomain parse(Source src, String stem, Node root) {
    YamlMap doc = YamlMap.of(src, root, root, "the domain file");
    if (doc == null) return ParsedDomain.unreadable(stem, src);
    doc.onlyKeys(KEYS);
    String name = doc.string("domain", true, "domain: " + stem);
    if (name != null && !name.equals(stem)) {
      src.problem(doc.value("domain"), "domain '" + name + "' does not match its file name '" + stem + ".yaml'",
          "write domain: " + stem + ", or rename the file to " + name + ".yaml");
    }
    String description = doc.has("description") ? doc.string("description", false, "description: what it tunes") : "";
    Set<String> declaredKnobs = new LinkedHashSet<>();
    Map<String, Node> knobKeys = new LinkedHashMap<>();
    List<Knob> knobs = knobs(doc, declaredKnobs, knobKeys);
    Set<String> declaredKpis = new LinkedHashSet<>();
    Map<String, Kpi> kpis = kpis(doc, declaredKpis);
    Map<String, Double> weights = weights(doc, kpis, declaredKpis);
    DomainSpec spec = new DomainSpec(stem, description == null ? "" : description, List.copyOf(knobs),
        java.util.Collections.unmodifiableMap(kpis), weights);
    return new ParsedDomain(stem, src, spec, java.util.Collections.unmodifiableSet(declaredKnobs),
        java.util.Collections.unmodifiableSet(declaredKpis), java.util.Collections.unmodifiableMap(knobKeys),
        doc.has("domain") ? doc.value("domain") : root,
        doc.value("knobs") instanceof org.yaml.snakeyaml.nodes.MappingNode,
        doc.value("kpis") instanceof org.yaml.snakeyaml.nodes.MappingNode);
  }

  private static List<Knob> knobs(YamlMap doc, Set<String> declared, Map<String, Node> keys) {
    YamlMap knobs = doc.map("knobs", true, "knobs: {threads: {type: int, min: 1, max: 64, ...}}");
    List<Knob> out = new ArrayList<>();
    if (knobs == null) return out;
    if (knobs.keys().isEmpty()) {
      doc.source().problem(doc.value("knobs"), "the domain has no knobs", "declare at least one knob to tune");
    }
    for (NodeTuple t : knobs.entries()) {
      String name = Scalars.text(t.getKeyNode());
      declared.add(name);
      keys.put(name, t.getKeyNode());
      if (!validName(doc.source(), t.getKeyNode(), name, "knob")) continue;
      Knob k = KnobParser.parse(doc.source(), t.getKeyNode(), name, t.getValueNode());
      if (k != null) out.add(k);
    }
    return out;
  }

  private static Map<String, Kpi> kpis(YamlMap doc, Set<String> declared) {
    YamlMap kpis = doc.map("kpis", true, "kpis: {throughput_ops: {unit: ops/s, better: higher, role: perf}}");
    Map<String, Kpi> out = new LinkedHashMap<>();
    if (kpis == null) return out;
    if (kpis.keys().isEmpty()) {
      doc.source().problem(doc.value("kpis"), "the domain has no KPIs", "declare what a trial measures");
    }
    Map<Kpi.Role, String> roleTakenBy = new EnumMap<>(Kpi.Role.class);
    for (NodeTuple t : kpis.entries()) {
      String name = Scalars.text(t.getKeyNode());
      declared.add(name);
      if (!validName(doc.source(), t.getKeyNode(), name, "KPI")) continue;
      Kpi kpi = KpiParser.parse(doc.source(), t.getKeyNode(), name, t.getValueNode());
      if (kpi == null) continue;
      if (kpi.role() != null && roleTakenBy.containsKey(kpi.role())) {
        // score_v2 has one term per role; two KPIs in one role would make the term ambiguous.
        doc.source().problem(YamlMap.peek(t.getValueNode(), "role"),
            "role " + kpi.role().name().toLowerCase(java.util.Locale.ROOT) + " is already taken by KPI '"
                + roleTakenBy.get(kpi.role()) + "'", "give each role to one KPI only; use weights: to score more");
        continue;
      }
      if (kpi.role() != null) roleTakenBy.put(kpi.role(), name);
      out.put(name, kpi);
    }
    return out;
  }

  private static Map<String, Double> weights(YamlMap doc, Map<String, Kpi> kpis, Set<String> declaredKpis) {
    Map<String, Double> out = new LinkedHashMap<>();
    if (!doc.has("weights")) {
      kpis.values().stream().filter(k -> k.role() != null)
          .forEach(k -> out.put(k.name(), DEFAULT_WEIGHTS.get(k.role())));
      return java.util.Collections.unmodifiableMap(out);
    }
    YamlMap weights = doc.map("weights", false, "weights: {throughput_ops: 1.0, p95_latency_ms: 0.2}");
    if (weights == null) return java.util.Collections.unmodifiableMap(out);
    for (NodeTuple t : weights.entries()) {
      String kpi = Scalars.text(t.getKeyNode());
      if (!declaredKpis.contains(kpi)) {
        doc.source().problem(t.getKeyNode(), "weight for '" + kpi + "', which is not a KPI of this domain",
            DidYouMean.fix(kpi, declaredKpis, "KPIs"));
        continue;
      }
      Double w = Scalars.number(t.getValueNode());
      if (w == null || w < 0) {
        doc.source().problem(t.getValueNode(), "weight of '" + kpi + "' must be a number >= 0, found "
                + Scalars.describe(t.getValueNode()),
            "write its magnitude, e.g. " + kpi + ": 0.2 (the sign comes from the KPI's better:)");
        continue;
      }
      out.put(kpi, w);
    }
    // Checked only when every weight was readable, so that one mistake is not reported twice.
    if (weights.entries().size() == out.size() && out.values().stream().noneMatch(w -> w > 0)) {
      doc.source().problem(doc.value("weights"), "no weight is above 0, so every candidate would score 0",
          "give at least one KPI a positive weight, or remove weights: to use perf 1.0, p95 0.2, watts 0.1");
    }
    return java.util.Collections.unmodifiableMap(out);
  }

  private static boolean validName(Source src, Node at, String name, String what) {
    if (name != null && NAME.matcher(name).matches()) return true;
    src.problem(at, "'" + name + "' is not a valid " + what + " name",
        "use letters, digits and '_', starting with a letter or '_'");
    return false;
  }
}
