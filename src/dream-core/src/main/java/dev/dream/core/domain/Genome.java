package dev.dream.core.domain;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One point of a knob space: knob name to value, in the domain's knob order. Values are kept canonical
 * (Long, Double, String, Boolean) so that equal candidates compare and hash equal whatever the source
 * (YAML, JSON, CBOR).
 */
public record Genome(Map<String, Object> values) {
  public Genome {
    LinkedHashMap<String, Object> canonical = new LinkedHashMap<>();
    values.forEach((k, v) -> {
      if (v == null) throw new IllegalArgumentException("a genome value cannot be null");
      canonical.put(k, Canonical.value(v));
    });
    values = Collections.unmodifiableMap(canonical);
  }

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static Genome of(Map<String, Object> values) {
    return new Genome(values);
  }

  @JsonValue
  @Override
  public Map<String, Object> values() {
    return values;
  }

  public Object get(String knob) {
    return values.get(knob);
  }

  /** Stable text form, used for de-duplication and for seeding per-candidate random streams. */
  public String key() {
    StringBuilder sb = new StringBuilder();
    values.forEach((k, v) -> sb.append(k).append('=').append(v).append(';'));
    return sb.toString();
  }
}
