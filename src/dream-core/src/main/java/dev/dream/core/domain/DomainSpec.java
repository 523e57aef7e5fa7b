package dev.dream.core.domain;

import java.util.List;
import java.util.Map;

/**
 * A domain file: its knobs (in file order), its KPIs and the score weights.
 *
 * <p>{@code weights} maps a KPI name to its weight in score_v2; when the file declares none, the weights
 * are perf 1.0, p95 0.2, watts 0.1 on the KPIs with those roles (DESIGN.md section 4).
 */
public record DomainSpec(
    String name, String description, List<Knob> knobs, Map<String, Kpi> kpis, Map<String, Double> weights) {

  public Knob knob(String knobName) {
    for (Knob k : knobs) if (k.name().equals(knobName)) return k;
    throw new IllegalArgumentException("domain " + name + " has no knob " + knobName);
  }
}
