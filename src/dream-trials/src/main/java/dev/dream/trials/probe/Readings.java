package dev.dream.trials.probe;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * KPI values read from the machine, and the KPIs that could not be read with the reason. A value is
 * always a real reading: what cannot be measured goes to {@code unavailable}, never a constant.
 */
public record Readings(Map<String, Double> values, Map<String, String> unavailable) {
  public static final Readings EMPTY = new Readings(Map.of(), Map.of());

  public Readings {
    values = Map.copyOf(values);
    unavailable = Map.copyOf(unavailable);
  }

  public static Readings of(String kpi, double value) {
    return new Readings(Map.of(kpi, value), Map.of());
  }

  public static Readings unavailable(String kpi, String reason) {
    return new Readings(Map.of(), Map.of(kpi, reason));
  }

  /** This and {@code other}; a value read by one wins over the other's reason for not reading it. */
  public Readings merge(Readings other) {
    Map<String, Double> v = new LinkedHashMap<>(values);
    v.putAll(other.values);
    Map<String, String> u = new LinkedHashMap<>(unavailable);
    u.putAll(other.unavailable);
    u.keySet().removeAll(v.keySet());
    return new Readings(v, u);
  }
}
