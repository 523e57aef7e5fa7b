package dev.dream.trials.cap;

import dev.dream.core.domain.CapBreach;
import dev.dream.core.domain.Caps;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Compares KPI values with the domain's caps. A cap names a KPI exactly; both bounds are inclusive. */
public final class CapCheck {
  private CapCheck() {}

  public static List<CapBreach> check(
      Map<String, Caps.Cap> caps, Map<String, Double> values, String regime, int trial, double atS) {
    List<CapBreach> breaches = new ArrayList<>();
    for (Map.Entry<String, Caps.Cap> e : caps.entrySet()) {
      Double v = values.get(e.getKey());
      if (v == null || v.isNaN()) continue;
      Caps.Cap cap = e.getValue();
      if (cap.max() != null && v > cap.max()) {
        breaches.add(new CapBreach(regime, trial, e.getKey(), v, cap.max(), "max", atS));
      }
      if (cap.min() != null && v < cap.min()) {
        breaches.add(new CapBreach(regime, trial, e.getKey(), v, cap.min(), "min", atS));
      }
    }
    return breaches;
  }
}
