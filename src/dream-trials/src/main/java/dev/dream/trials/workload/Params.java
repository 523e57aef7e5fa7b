package dev.dream.trials.workload;

import java.util.Map;

/** Typed reading of a workload's parameters, with errors that name the parameter and what was expected. */
public final class Params {
  private final Map<String, Object> values;
  private final String owner;

  public Params(Map<String, Object> values, String owner) {
    this.values = values;
    this.owner = owner;
  }

  public boolean has(String key) {
    return values.get(key) != null;
  }

  public double number(String key, double fallback) {
    Object v = values.get(key);
    if (v == null) return fallback;
    if (v instanceof Number n) return n.doubleValue();
    throw new IllegalArgumentException(owner + ": parameter " + key + " must be a number, got " + v);
  }

  public double number(String key, double fallback, double min, double max) {
    double d = number(key, fallback);
    if (!(d >= min && d <= max)) {
      throw new IllegalArgumentException(owner + ": parameter " + key + " must be in [" + min + ", " + max + "], got " + d);
    }
    return d;
  }

  public long integer(String key, long fallback, long min, long max) {
    Object v = values.get(key);
    if (v == null) return fallback;
    long l;
    if (v instanceof Long || v instanceof Integer || v instanceof Short) l = ((Number) v).longValue();
    else if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) l = (long) n.doubleValue();
    else throw new IllegalArgumentException(owner + ": parameter " + key + " must be an integer, got " + v);
    if (l < min || l > max) {
      throw new IllegalArgumentException(owner + ": parameter " + key + " must be in [" + min + ", " + max + "], got " + l);
    }
    return l;
  }

  public String string(String key, String fallback) {
    Object v = values.get(key);
    return v == null ? fallback : v.toString();
  }

  public Object raw(String key) {
    return values.get(key);
  }
}
