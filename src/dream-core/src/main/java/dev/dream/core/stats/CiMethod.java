package dev.dream.core.stats;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How a confidence interval was obtained. It is written next to every interval so that a reader knows
 * how much to trust it: a bootstrap interval on three trials means something else than one on thirty.
 */
public enum CiMethod {
  /** Bias-corrected and accelerated bootstrap (Efron 1987). */
  BCA("bca"),
  /** Plain percentile bootstrap. */
  PERCENTILE("percentile"),
  /** Student-t interval: used below {@link CiOptions#minBootstrapN()} where the bootstrap under-covers. */
  STUDENT_T("student-t"),
  /** No interval could be estimated (a single value): the interval is that value. */
  NONE("none");

  private final String json;

  CiMethod(String json) {
    this.json = json;
  }

  @JsonValue
  public String json() {
    return json;
  }

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static CiMethod fromJson(String name) {
    for (CiMethod m : values()) if (m.json.equals(name)) return m;
    throw new IllegalArgumentException("unknown ci_method '" + name + "' (expected bca, percentile, student-t or none)");
  }

  public boolean isBootstrap() {
    return this == BCA || this == PERCENTILE;
  }
}
