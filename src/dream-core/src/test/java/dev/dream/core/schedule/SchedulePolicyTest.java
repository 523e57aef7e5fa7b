package dev.dream.core.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SchedulePolicyTest {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  static final Duration EVERY = Duration.ofMinutes(30);

  @Test
  void anIntervalIsARateNotAGapAfterTheCampaign() {
    // planned 00:00, ran 10 minutes: the next one is at 00:30, not 00:40 as in the original.
    assertEquals(T0.plus(EVERY), SchedulePolicy.nextAfterSuccess(T0, T0.plusSeconds(600), EVERY));
    assertEquals(0, SchedulePolicy.missedSlots(T0, T0.plusSeconds(600), EVERY));
  }

  @Test
  void aCampaignEndingExactlyOnItsNextSlotIsFollowedAtOnce() {
    assertEquals(T0.plus(EVERY), SchedulePolicy.nextAfterSuccess(T0, T0.plus(EVERY), EVERY));
  }

  @Test
  void anOverrunSkipsTheMissedSlotsInsteadOfRunningThemInABurst() {
    // Ran 70 minutes: the 00:30 and 01:00 slots passed; the next is 01:30, and only one campaign runs then.
    Instant ended = T0.plus(Duration.ofMinutes(70));
    assertEquals(T0.plus(Duration.ofMinutes(90)), SchedulePolicy.nextAfterSuccess(T0, ended, EVERY));
    assertEquals(2, SchedulePolicy.missedSlots(T0, ended, EVERY));
  }

  @Test
  void aServiceDownForDaysResumesOnTheSameGridWithOneCampaign() {
    Instant ended = T0.plus(Duration.ofDays(3)).plusSeconds(1);
    Instant next = SchedulePolicy.nextAfterSuccess(T0, ended, EVERY);
    assertEquals(T0.plus(Duration.ofDays(3)).plus(EVERY), next);
    assertEquals(0, Duration.between(T0, next).toNanos() % EVERY.toNanos(), "on the grid of the first plan");
  }

  @Test
  void failuresBackOffExponentiallyUpToTheMaximumAndNeverHotLoop() {
    Backoff b = new Backoff(Duration.ofMinutes(1), Duration.ofMinutes(20));
    assertEquals(Duration.ofMinutes(1), SchedulePolicy.retryDelay(1, b));
    assertEquals(Duration.ofMinutes(2), SchedulePolicy.retryDelay(2, b));
    assertEquals(Duration.ofMinutes(4), SchedulePolicy.retryDelay(3, b));
    assertEquals(Duration.ofMinutes(16), SchedulePolicy.retryDelay(5, b));
    assertEquals(Duration.ofMinutes(20), SchedulePolicy.retryDelay(6, b));
    assertEquals(Duration.ofMinutes(20), SchedulePolicy.retryDelay(10_000, b), "no overflow after many failures");
  }

  @Test
  void invalidArgumentsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> SchedulePolicy.nextAfterSuccess(T0, T0, Duration.ZERO));
    assertThrows(IllegalArgumentException.class, () -> SchedulePolicy.retryDelay(0, Backoff.DEFAULT));
    assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ofMinutes(2), Duration.ofMinutes(1)));
  }

  @Test
  void durationsReadAndPrintAsWritten() {
    assertEquals(Optional.of(Duration.ofMinutes(90)), Durations.parse("1h30m"));
    assertEquals(Optional.of(Duration.ofSeconds(45)), Durations.parse("45s"));
    assertEquals(Optional.of(Duration.ofDays(2)), Durations.parse("2d"));
    assertEquals(Optional.empty(), Durations.parse("30"), "a number without a unit is ambiguous");
    assertEquals(Optional.empty(), Durations.parse("30 minutes"));
    assertEquals(Optional.empty(), Durations.parse("99999999999999999999d"));
    assertEquals("1h30m", Durations.format(Duration.ofMinutes(90)));
    assertEquals("1d2s", Durations.format(Duration.ofDays(1).plusSeconds(2)));
  }
}
