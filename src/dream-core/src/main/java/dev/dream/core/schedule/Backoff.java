package dev.dream.core.schedule;

import java.time.Duration;

/**
 * How long a domain waits after a failed campaign: {@code initial} after the first failure in a row, doubled
 * after each further one, never more than {@code max}. A success resets it.
 */
public record Backoff(Duration initial, Duration max) {
  public static final Backoff DEFAULT = new Backoff(Duration.ofMinutes(1), Duration.ofHours(1));

  public Backoff {
    if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("backoff needs 0 < initial <= max, got " + initial + ", " + max);
    }
  }
}
