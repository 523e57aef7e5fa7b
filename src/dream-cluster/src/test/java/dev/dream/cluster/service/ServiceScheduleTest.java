package dev.dream.cluster.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dream.cluster.TestSystems;
import dev.dream.core.schedule.Backoff;
import java.time.Duration;
import java.time.Instant;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The schedule of one domain as the journal keeps it: across restarts, for rates, backoff and interval changes. */
class ServiceScheduleTest {
  static final ActorTestKit KIT = ActorTestKit.create(TestSystems.local());
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  static final Duration EVERY = Duration.ofMinutes(10);
  static final Backoff BACKOFF = new Backoff(Duration.ofMinutes(1), Duration.ofMinutes(5));

  @AfterAll
  static void stop() {
    KIT.shutdownTestKit();
  }

  private static EventSourcedBehaviorTestKit<ServiceSchedule.Command, ServiceSchedule.Event, ServiceSchedule.State> schedule(String domain) {
    var kit = EventSourcedBehaviorTestKit.<ServiceSchedule.Command, ServiceSchedule.Event, ServiceSchedule.State>create(
        KIT.system(), ServiceSchedule.create(domain));
    kit.clear();
    return kit;
  }

  @Test
  void anUnfinishedCampaignAndTheNextStartSurviveARestart() {
    var s = schedule("a");
    assertEquals(T0, s.<ServiceSchedule.State>runCommand(ServiceSchedule.Get::new).reply().dueWith(EVERY, T0), "never ran: due now");
    s.<ServiceSchedule.State>runCommand(r -> new ServiceSchedule.Begin("run-1", T0, T0, r));
    var ended = s.<ServiceSchedule.State>runCommand(r -> new ServiceSchedule.Finish("run-1", "completed", T0.plusSeconds(120), EVERY, r));
    assertEquals(T0.plus(EVERY), ended.reply().nextDue(), "a rate: 10 minutes after the planned start, not after the end");
    s.<ServiceSchedule.State>runCommand(r -> new ServiceSchedule.Begin("run-2", T0.plus(EVERY), T0.plus(EVERY), r));

    s.restart();
    ServiceSchedule.State after = s.<ServiceSchedule.State>runCommand(ServiceSchedule.Get::new).reply();
    assertEquals(new ServiceSchedule.Active("run-2", T0.plus(EVERY), T0.plus(EVERY)), after.active(), "run-2 is to be resumed");
    assertEquals(1, after.campaigns());
    var done = s.<ServiceSchedule.State>runCommand(r -> new ServiceSchedule.Finish("run-2", "completed", T0.plus(EVERY).plusSeconds(60), EVERY, r));
    assertEquals(T0.plus(EVERY.multipliedBy(2)), done.reply().nextDue());
    s.restart();
    assertEquals(T0.plus(EVERY.multipliedBy(2)), s.<ServiceSchedule.State>runCommand(ServiceSchedule.Get::new).reply().dueWith(EVERY, T0));
  }

  @Test
  void onlyOneCampaignIsActiveAndStaleReportsChangeNothing() {
    var s = schedule("b");
    s.<ServiceSchedule.State>runCommand(r -> new ServiceSchedule.Begin("run-1", T0, T0, r));
    var second = s.<ServiceSchedule.State>runCommand(r -> new ServiceSchedule.Begin("run-x", T0, T0, r));
    assertTrue(second.hasNoEvents());
    assertEquals("run-1", second.reply().active().runId(), "a second service process follows the campaign that runs");
    assertTrue(s.<ServiceSchedule.State>runCommand(r -> new ServiceSchedule.Finish("run-x", "completed", T0, EVERY, r)).hasNoEvents());
    assertTrue(s.<ServiceSchedule.State>runCommand(r -> new ServiceSchedule.Fail("run-x", "boom", T0, BACKOFF, r)).hasNoEvents());
    assertTrue(s.<ServiceSchedule.State>runCommand(r -> new ServiceSchedule.Fail(null, "boom", T0, BACKOFF, r)).hasNoEvents());
    s.<ServiceSchedule.State>runCommand(r -> new ServiceSchedule.Finish("run-1", "completed", T0.plusSeconds(5), EVERY, r));
    assertTrue(s.<ServiceSchedule.State>runCommand(r -> new ServiceSchedule.Finish("run-1", "completed", T0.plusSeconds(9), EVERY, r)).hasNoEvents(),
        "finishing twice counts once");
  }

  @Test
  void failuresBackOffAndASuccessResetsTheBackoff() {
    var s = schedule("c");
    s.<ServiceSchedule.State>runCommand(r -> new ServiceSchedule.Begin("run-1", T0, T0, r));
    var f1 = s.<ServiceSchedule.State>runCommand(r -> new ServiceSchedule.Fail("run-1", "failed: no runner", T0.plusSeconds(10), BACKOFF, r)).reply();
    assertNull(f1.active());
    assertEquals(T0.plusSeconds(10).plus(Duration.ofMinutes(1)), f1.dueWith(EVERY, T0));
    Instant t = T0.plusSeconds(100);
    var f2 = s.<ServiceSchedule.State>runCommand(r -> new ServiceSchedule.Fail(null, "config invalid", t, BACKOFF, r)).reply();
    assertEquals(t.plus(Duration.ofMinutes(2)), f2.dueWith(EVERY, t));
    s.restart();
    for (int i = 0; i < 4; i++) s.<ServiceSchedule.State>runCommand(r -> new ServiceSchedule.Fail(null, "again", t, BACKOFF, r));
    var capped = s.<ServiceSchedule.State>runCommand(ServiceSchedule.Get::new).reply();
    assertEquals(6, capped.failuresInARow());
    assertEquals(t.plus(Duration.ofMinutes(5)), capped.nextDue(), "capped at the backoff's max");
    s.<ServiceSchedule.State>runCommand(r -> new ServiceSchedule.Begin("run-2", capped.nextDue(), capped.nextDue(), r));
    var ok = s.<ServiceSchedule.State>runCommand(r -> new ServiceSchedule.Finish("run-2", "completed", capped.nextDue().plusSeconds(1), EVERY, r)).reply();
    assertEquals(0, ok.failuresInARow());
    assertEquals(capped.nextDue().plus(EVERY), ok.nextDue());
  }

  @Test
  void aChangedIntervalRePlansOnTheGridOfTheLastCampaign() {
    var s = schedule("d");
    Duration day = Duration.ofDays(1);
    s.<ServiceSchedule.State>runCommand(r -> new ServiceSchedule.Begin("run-1", T0, T0, r));
    var st = s.<ServiceSchedule.State>runCommand(r -> new ServiceSchedule.Finish("run-1", "completed", T0.plusSeconds(60), day, r)).reply();
    assertEquals(T0.plus(day), st.dueWith(day, T0));
    assertEquals(T0.plus(EVERY), st.dueWith(EVERY, T0), "restarted with --every 10m: due 10 minutes after the last start");
  }
}
