package dev.dream.core.pack;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.dream.core.score.Baseline;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The baseline a regime was compared with, as a pack shows it: {kpi → mean, …, "baseline_id": id}. */
public record PackBaseline(String baselineId, Map<String, Double> means) {
  static final String ID = "baseline_id";

  public PackBaseline {
    if (means.containsKey(ID)) throw new IllegalArgumentException("a KPI cannot be named " + ID);
    means = Collections.unmodifiableMap(new LinkedHashMap<>(means));
  }

  public static PackBaseline of(Baseline b) {
    return new PackBaseline(b.baselineId(), b.means());
  }

  @JsonValue
  Map<String, Object> json() {
    Map<String, Object> m = new LinkedHashMap<>(means);
    m.put(ID, baselineId);
    return m;
  }

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  static PackBaseline fromJson(Map<String, Object> json) {
    Map<String, Double> means = new LinkedHashMap<>();
    Object id = null;
    for (Map.Entry<String, Object> e : json.entrySet()) {
      if (e.getKey().equals(ID)) id = e.getValue();
      else if (e.getValue() instanceof Number n) means.put(e.getKey(), n.doubleValue());
      else throw new IllegalArgumentException("baseline value of " + e.getKey() + " is not a number: " + e.getValue());
    }
    if (!(id instanceof String s)) throw new IllegalArgumentException("baseline without a string baseline_id");
    return new PackBaseline(s, means);
  }
}
