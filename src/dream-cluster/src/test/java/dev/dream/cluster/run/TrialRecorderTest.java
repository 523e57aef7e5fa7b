package dev.dream.cluster.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dream.cluster.Fixtures;
import dev.dream.cluster.TestSystems;
import dev.dream.trials.TrialResult;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class TrialRecorderTest {
  static final ActorTestKit KIT = ActorTestKit.create(TestSystems.plainLocal());

  @AfterAll
  static void stop() {
    KIT.shutdownTestKit();
  }

  static TrialResult result(int k) {
    return Fixtures.ok(Fixtures.trial("gen0_c0", k), k);
  }

  static List<String> ids(DomainCoordinator.PersistTrials p) {
    return p.results().stream().map(TrialResult::trialId).toList();
  }

  @Test
  void whileOneWriteIsUnacknowledgedLaterOutcomesWaitAndGoTogether() {
    TestProbe<DomainCoordinator.Command> coordinator = KIT.createTestProbe();
    ActorRef<TrialRecorder.Command> recorder = KIT.spawn(TrialRecorder.create(coordinator.getRef()));
    TestProbe<TrialRecorder.Recorded> a = KIT.createTestProbe();
    TestProbe<TrialRecorder.Recorded> b = KIT.createTestProbe();
    TestProbe<TrialRecorder.Recorded> c = KIT.createTestProbe();

    recorder.tell(new TrialRecorder.Record(result(0), a.getRef()));
    DomainCoordinator.PersistTrials first = coordinator.expectMessageClass(DomainCoordinator.PersistTrials.class);
    assertEquals(List.of(result(0).trialId()), ids(first));

    recorder.tell(new TrialRecorder.Record(result(1), b.getRef()));
    recorder.tell(new TrialRecorder.Record(result(2), c.getRef()));
    coordinator.expectNoMessage(Duration.ofMillis(200));
    a.expectNoMessage(Duration.ofMillis(50)); // nothing counts before the journal has it

    first.ack().tell(Done.getInstance());
    assertEquals(result(0).trialId(), a.receiveMessage().trialId());
    DomainCoordinator.PersistTrials second = coordinator.expectMessageClass(DomainCoordinator.PersistTrials.class);
    assertEquals(List.of(result(1).trialId(), result(2).trialId()), ids(second));
    b.expectNoMessage(Duration.ofMillis(50));
    c.expectNoMessage(Duration.ofMillis(50));

    second.ack().tell(Done.getInstance());
    assertEquals(result(1).trialId(), b.receiveMessage().trialId());
    assertEquals(result(2).trialId(), c.receiveMessage().trialId());
    coordinator.expectNoMessage(Duration.ofMillis(100));
  }

  @Test
  void anIdleRecorderWritesAnOutcomeAtOnce() {
    TestProbe<DomainCoordinator.Command> coordinator = KIT.createTestProbe();
    ActorRef<TrialRecorder.Command> recorder = KIT.spawn(TrialRecorder.create(coordinator.getRef()));
    TestProbe<TrialRecorder.Recorded> requester = KIT.createTestProbe();
    for (int k = 0; k < 3; k++) {
      recorder.tell(new TrialRecorder.Record(result(k), requester.getRef()));
      DomainCoordinator.PersistTrials p = coordinator.expectMessageClass(DomainCoordinator.PersistTrials.class);
      assertEquals(List.of(result(k).trialId()), ids(p));
      p.ack().tell(Done.getInstance());
      assertEquals(result(k).trialId(), requester.receiveMessage().trialId());
    }
  }
}
