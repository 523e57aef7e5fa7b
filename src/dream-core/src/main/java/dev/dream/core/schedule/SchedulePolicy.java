package dev.dream.core.schedule;

import java.time.Duration;
import java.time.Instant;

/**
 * When the next campaign of a domain starts. Intervals are rates, not gaps: campaigns are planned on a grid
 * {@code planned + k·every}, so a campaign's own length does not push the next one back; one that overran
 * its slot is followed at the next slot still ahead (missed slots are skipped, never run in a burst). A
 * failed campaign is retried after an exponential backoff instead of at once (the original retried a
 * failing domain every 30 s, forever: defect 24).
 */
public final class SchedulePolicy {
  private SchedulePolicy() {}

  /** The first slot {@code planned + k·every}, k ≥ 1, that is not before {@code ended}. */
  public static Instant nextAfterSuccess(Instant planned, Instant ended, Duration every) {
    return planned.plus(every.multipliedBy(slotsAhead(planned, ended, every)));
  }

  /** Slots that passed while the campaign planned at {@code planned} ran past them (0 when it ended in time). */
  public static long missedSlots(Instant planned, Instant ended, Duration every) {
    return slotsAhead(planned, ended, every) - 1;
  }

  private static long slotsAhead(Instant planned, Instant ended, Duration every) {
    if (every.isZero() || every.isNegative()) throw new IllegalArgumentException("an interval must be positive, got " + every);
    Duration late = Duration.between(planned, ended);
    if (late.compareTo(every) <= 0) return 1;
    long everyNanos = every.toNanos();
    long lateNanos = late.toNanos();
    return lateNanos / everyNanos + (lateNanos % everyNanos == 0 ? 0 : 1);
  }

  /** The wait before retrying after the {@code failuresInARow}-th failure in a row (1 for the first). */
  public static Duration retryDelay(int failuresInARow, Backoff backoff) {
    if (failuresInARow < 1) throw new IllegalArgumentException("failuresInARow starts at 1, got " + failuresInARow);
    Duration d = backoff.initial();
    for (int i = 1; i < failuresInARow && d.compareTo(backoff.max()) < 0; i++) d = d.multipliedBy(2);
    return d.compareTo(backoff.max()) > 0 ? backoff.max() : d;
  }
}
