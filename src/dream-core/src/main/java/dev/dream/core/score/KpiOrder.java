package dev.dream.core.score;

import dev.dream.core.domain.DomainSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The order in which KPIs appear in outputs: the domain file's order, then any KPI the evidence carries that
 * the domain does not declare, by name (held knobs, {@code knob:<name>}, are not KPIs). Output files are then identical for identical inputs.
 */
final class KpiOrder {
  private KpiOrder() {}

  static List<String> of(DomainSpec domain, List<RegimeEvidence> regimes) {
    List<String> order = new ArrayList<>(domain.kpis().keySet());
    TreeSet<String> extra = new TreeSet<>();
    for (RegimeEvidence r : regimes) {
      extra.addAll(r.kpis().keySet());
      extra.addAll(r.unavailableKpis().keySet()); // a held knob's note would otherwise pass for a KPI
    }
    extra.removeAll(order);
    order.addAll(extra);
    return order;
  }
}
