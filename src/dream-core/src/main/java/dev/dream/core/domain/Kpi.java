package dev.dream.core.domain;

/** A key performance indicator of a domain. {@code role} (nullable) maps it to a term of score_v2. */
public record Kpi(String name, String unit, Better better, Role role) {
  public enum Better {
    HIGHER,
    LOWER
  }

  /** The three terms of the composite score. */
  public enum Role {
    PERF,
    P95,
    WATTS
  }
}
