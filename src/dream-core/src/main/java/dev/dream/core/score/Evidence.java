package dev.dream.core.score;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Input hygiene shared by the evidence records: immutable copies, and no NaN dressed up as a measurement. */
final class Evidence {
  private Evidence() {}

  static Map<String, List<Double>> copyValues(String owner, Map<String, List<Double>> values) {
    Map<String, List<Double>> copy = new LinkedHashMap<>();
    values.forEach((kpi, list) -> {
      for (int i = 0; i < list.size(); i++) {
        Double v = list.get(i);
        if (v == null || !Double.isFinite(v))
          throw new IllegalArgumentException(owner + ": " + kpi + " trial value #" + i + " is " + v
              + "; a KPI that could not be measured belongs in 'unavailable', not among the values");
      }
      copy.put(kpi, List.copyOf(list));
    });
    return Collections.unmodifiableMap(copy);
  }
}
