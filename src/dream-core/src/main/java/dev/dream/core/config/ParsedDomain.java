package dev.dream.core.config;

import dev.dream.core.domain.DomainSpec;
import dev.dream.core.domain.Knob;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;

/**
 * A domain file as far as it could be read. {@code spec} holds only the knobs and KPIs that are valid, while
 * {@code declaredKnobs}/{@code declaredKpis} hold every name written, so that a reference to a knob that is
 * itself broken is not reported twice. {@code spec} is null when the file could not be parsed at all, and
 * {@code knobsReadable}/{@code kpisReadable} are false when that block could not be read: then references
 * into it are not checked (the cause is reported already).
 */
record ParsedDomain(
    String name,
    Source source,
    DomainSpec spec,
    Set<String> declaredKnobs,
    Set<String> declaredKpis,
    Map<String, Node> knobKeys,
    Node anchor,
    boolean knobsReadable,
    boolean kpisReadable) {

  static ParsedDomain unreadable(String name, Source source) {
    return new ParsedDomain(name, source, null, Set.of(), Set.of(), Map.of(), null, false, false);
  }

  boolean readable() {
    return spec != null;
  }

  /** A valid knob of the domain, or null. */
  Knob knob(String knobName) {
    if (spec == null) return null;
    for (Knob k : spec.knobs()) if (k.name().equals(knobName)) return k;
    return null;
  }
}
