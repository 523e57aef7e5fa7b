package dev.dream.core.config;

import dev.dream.core.domain.DomainSpec;
import dev.dream.core.domain.Knob;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.yaml.snakeyaml.nodes.Node;

/**
 * The domains defined in config/domains, looked up by regimes.yaml and caps.yaml. Each lookup reports a name
 * that no domain file defines at the place that names it, with the closest real name.
 */
final class Catalog {
  private final Map<String, ParsedDomain> domains = new TreeMap<>();

  void add(ParsedDomain domain) {
    domains.put(domain.name(), domain);
  }

  Collection<ParsedDomain> all() {
    return domains.values();
  }

  /** Valid domain specs by name, sorted by name. */
  Map<String, DomainSpec> specs() {
    Map<String, DomainSpec> out = new LinkedHashMap<>();
    domains.forEach((name, d) -> {
      if (d.readable()) out.put(name, d.spec());
    });
    return java.util.Collections.unmodifiableMap(out);
  }

  /** The domain called {@code name}, or null after reporting that no domain file defines it. */
  ParsedDomain domain(Source src, Node at, String name, String what) {
    ParsedDomain d = domains.get(name);
    if (d == null) {
      src.problem(at, what + " for unknown domain '" + name + "': there is no domains/" + name + ".yaml",
          DidYouMean.fix(name, domains.keySet(), "domains") + "; or add domains/" + name + ".yaml");
    }
    return d;
  }

  /** Whether {@code kpi} is a KPI of the domain; reports it when not. */
  boolean kpi(Source src, ParsedDomain d, Node at, String kpi, String what) {
    if (!d.readable() || !d.kpisReadable() || d.declaredKpis().contains(kpi)) return true;
    src.problem(at, what + " names '" + kpi + "', which is not a KPI of domain '" + d.name() + "'",
        DidYouMean.fix(kpi, d.spec().kpis().keySet(), "KPIs of " + d.name()));
    return false;
  }

  /**
   * The valid knob called {@code name}; null when it is not declared (reported here) or declared but itself
   * broken (already reported in the domain file).
   */
  Knob knob(Source src, ParsedDomain d, Node at, String name, String what) {
    if (!d.readable() || !d.knobsReadable()) return null;
    if (!d.declaredKnobs().contains(name)) {
      src.problem(at, what + " names '" + name + "', which is not a knob of domain '" + d.name() + "'",
          DidYouMean.fix(name, d.declaredKnobs(), "knobs of " + d.name()));
      return null;
    }
    return d.knob(name);
  }
}
