package dev.dream.core.pack;

import dev.dream.core.score.RegimeEvidence;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Why a pack's KPIs were not measured and which knobs were held at stock ({@code knob:<name>}), as the
 * node said: a pack names what is missing and the reason, never a stand-in value.
 */
final class UnavailableReasons {
  private UnavailableReasons() {}

  static Map<String, String> of(List<RegimeEvidence> evidence, List<String> kpisUnavailable) {
    Map<String, String> reasons = new TreeMap<>();
    for (RegimeEvidence e : evidence) {
      e.unavailable().forEach((name, reason) -> reasons.putIfAbsent(name, e.regime() + ": " + reason));
    }
    for (String kpi : kpisUnavailable) {
      if (reasons.containsKey(kpi)) continue;
      List<String> silent = new ArrayList<>();
      for (RegimeEvidence e : evidence) if (e.trials() > 0 && !e.kpis().containsKey(kpi)) silent.add(e.regime());
      reasons.put(kpi, silent.isEmpty() ? "no successful trial measured it"
          : "not reported by the workload or the probes of regime " + String.join(", ", silent));
    }
    return Collections.unmodifiableMap(reasons);
  }
}
