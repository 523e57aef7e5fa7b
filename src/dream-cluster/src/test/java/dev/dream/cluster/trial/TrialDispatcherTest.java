package dev.dream.cluster.trial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.typesafe.config.ConfigFactory;
import dev.dream.cluster.Fixtures;
import dev.dream.trials.TrialSpec;
import java.time.Duration;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TrialDispatcherTest {
  // One actor system per test: runners registered by one test must not answer another's dispatcher.
  ActorTestKit kit;

  @BeforeEach
  void start() {
    kit = ActorTestKit.create(ConfigFactory.parseString("pekko.actor.provider = local"));
  }

  @AfterEach
  void stop() {
    kit.shutdownTestKit();
  }

  private TestProbe<TrialRunner.Command> runner() {
    TestProbe<TrialRunner.Command> runner = kit.createTestProbe();
    TestProbe<Receptionist.Registered> registered = kit.createTestProbe();
    kit.system().receptionist().tell(Receptionist.register(TrialRunner.KEY, runner.getRef(), registered.getRef()));
    registered.expectMessageClass(Receptionist.Registered.class);
    return runner;
  }

  /** A dispatcher asks each runner it discovers what it is before it leases it anything. */
  private static void describe(TestProbe<TrialRunner.Command> runner, String nodeClass) {
    runner.expectMessageClass(TrialRunner.Describe.class).replyTo()
        .tell(new TrialRunner.Description(runner.getRef().path().name(), nodeClass, 1, java.util.Map.of()));
  }

  @Test
  void leasesOneTrialPerRunnerSlotAndForwardsTheResult() {
    TestProbe<TrialRunner.Command> runner = runner();
    ActorRef<TrialDispatcher.Command> dispatcher = kit.spawn(TrialDispatcher.create(1, Duration.ofSeconds(5)));
    describe(runner, "nc");
    TestProbe<TrialDispatcher.Completed> requester = kit.createTestProbe();
    TrialSpec a = Fixtures.trial("gen0_c0", 0);
    TrialSpec b = Fixtures.trial("gen0_c0", 1);
    dispatcher.tell(new TrialDispatcher.Submit(a, null, requester.getRef()));
    dispatcher.tell(new TrialDispatcher.Submit(b, null, requester.getRef()));
    TrialRunner.Run first = runner.expectMessageClass(TrialRunner.Run.class);
    assertEquals(a.trialId(), first.spec().trialId());
    runner.expectNoMessage(Duration.ofMillis(200)); // one slot: the second waits
    first.replyTo().tell(new TrialRunner.Done(first.leaseId(), Fixtures.ok(a, 10)));
    assertEquals(a.trialId(), requester.expectMessageClass(TrialDispatcher.Completed.class).result().trialId());
    TrialRunner.Run second = runner.expectMessageClass(TrialRunner.Run.class);
    assertEquals(b.trialId(), second.spec().trialId());
    runner.stop();
  }

  @Test
  void aTrialOfARunnerThatDiesIsDispatchedAgainElsewhere() {
    TestProbe<TrialRunner.Command> doomed = runner();
    ActorRef<TrialDispatcher.Command> dispatcher = kit.spawn(TrialDispatcher.create(1, Duration.ofSeconds(30)));
    describe(doomed, "nc");
    TestProbe<TrialDispatcher.Completed> requester = kit.createTestProbe();
    TrialSpec a = Fixtures.trial("gen0_c1", 0);
    dispatcher.tell(new TrialDispatcher.Submit(a, null, requester.getRef()));
    TrialRunner.Run lease = doomed.expectMessageClass(TrialRunner.Run.class);
    TestProbe<TrialRunner.Command> survivor = runner();
    describe(survivor, "nc");
    doomed.stop();
    TrialRunner.Run again = survivor.expectMessageClass(TrialRunner.Run.class, Duration.ofSeconds(5));
    assertEquals(a.trialId(), again.spec().trialId());
    assertNotEquals(lease.leaseId(), again.leaseId());
    TestProbe<TrialDispatcher.Status> status = kit.createTestProbe();
    dispatcher.tell(new TrialDispatcher.GetStatus(status.getRef()));
    assertEquals(1, status.receiveMessage().redispatched());
    survivor.stop();
  }

  @Test
  void aResubmittedTrialIsNotQueuedTwice() {
    ActorRef<TrialDispatcher.Command> dispatcher = kit.spawn(TrialDispatcher.create(1, Duration.ofSeconds(5)));
    TestProbe<TrialDispatcher.Completed> requester = kit.createTestProbe();
    TrialSpec a = Fixtures.trial("gen0_c2", 0);
    dispatcher.tell(new TrialDispatcher.Submit(a, null, requester.getRef()));
    dispatcher.tell(new TrialDispatcher.Submit(a, null, requester.getRef()));
    TestProbe<TrialDispatcher.Status> status = kit.createTestProbe();
    dispatcher.tell(new TrialDispatcher.GetStatus(status.getRef()));
    TrialDispatcher.Status s = status.receiveMessage();
    assertEquals(1, s.queued() + s.inFlight().size());
  }

  @Test
  void aLeasePastItsDeadlineIsDispatchedAgain() {
    TestProbe<TrialRunner.Command> runner = runner();
    ActorRef<TrialDispatcher.Command> dispatcher = kit.spawn(TrialDispatcher.create(1, Duration.ofMillis(100)));
    describe(runner, "nc");
    TestProbe<TrialDispatcher.Completed> requester = kit.createTestProbe();
    TrialSpec a = Fixtures.trial("gen0_c3", 0); // deadline: max(1 s, 0 s x 1.5) + 100 ms grace
    dispatcher.tell(new TrialDispatcher.Submit(a, null, requester.getRef()));
    TrialRunner.Run first = runner.expectMessageClass(TrialRunner.Run.class);
    TrialRunner.Run second = runner.expectMessageClass(TrialRunner.Run.class, Duration.ofSeconds(5));
    assertEquals(a.trialId(), second.spec().trialId());
    // the late answer of the expired lease is dropped; the live lease's answer counts
    first.replyTo().tell(new TrialRunner.Done(first.leaseId(), Fixtures.ok(a, 1)));
    requester.expectNoMessage(Duration.ofMillis(200));
    second.replyTo().tell(new TrialRunner.Done(second.leaseId(), Fixtures.ok(a, 2)));
    assertEquals(2.0, requester.receiveMessage().result().kpis().get("perf"));
    runner.stop();
  }

  @Test
  void trialsGoOnlyToRunnersOfTheRunsNodeClass() {
    TestProbe<TrialRunner.Command> other = runner();
    ActorRef<TrialDispatcher.Command> dispatcher = kit.spawn(TrialDispatcher.create(1, Duration.ofSeconds(5)));
    describe(other, "other-class");
    TestProbe<TrialDispatcher.Completed> requester = kit.createTestProbe();
    TrialSpec a = Fixtures.trial("gen0_c4", 0);
    dispatcher.tell(new TrialDispatcher.Submit(a, "mine", requester.getRef()));
    other.expectNoMessage(Duration.ofMillis(300));
    TestProbe<TrialRunner.Command> mine = runner();
    describe(mine, "mine");
    assertEquals(a.trialId(), mine.expectMessageClass(TrialRunner.Run.class).spec().trialId());
    other.expectNoMessage(Duration.ofMillis(100));
  }

  @Test
  void aRunnerLeavingGracefullyFinishesItsTrialAndGetsNoNewOne() {
    TestProbe<TrialRunner.Command> leaving = runner();
    ActorRef<TrialDispatcher.Command> dispatcher = kit.spawn(TrialDispatcher.create(1, Duration.ofSeconds(30)));
    describe(leaving, "nc");
    TestProbe<TrialDispatcher.Completed> requester = kit.createTestProbe();
    TrialSpec a = Fixtures.trial("gen0_c5", 0);
    TrialSpec b = Fixtures.trial("gen0_c5", 1);
    dispatcher.tell(new TrialDispatcher.Submit(a, null, requester.getRef()));
    TrialRunner.Run lease = leaving.expectMessageClass(TrialRunner.Run.class);

    // what a draining TrialRunner does: it deregisters, its node still reachable
    TestProbe<Receptionist.Deregistered> deregistered = kit.createTestProbe();
    kit.system().receptionist().tell(Receptionist.deregister(TrialRunner.KEY, leaving.getRef(), deregistered.getRef()));
    deregistered.expectMessageClass(Receptionist.Deregistered.class);
    TestProbe<TrialRunner.Command> other = runner();
    describe(other, "nc");
    dispatcher.tell(new TrialDispatcher.Submit(b, null, requester.getRef()));
    // the new runner takes the new trial, not the one in flight on the leaving runner
    assertEquals(b.trialId(), other.expectMessageClass(TrialRunner.Run.class).spec().trialId());
    other.expectNoMessage(Duration.ofMillis(300));

    lease.replyTo().tell(new TrialRunner.Done(lease.leaseId(), Fixtures.ok(a, 7)));
    TrialDispatcher.Completed completed = requester.expectMessageClass(TrialDispatcher.Completed.class);
    assertEquals(a.trialId(), completed.result().trialId());
    assertEquals(7.0, completed.result().kpis().get("perf"));
    leaving.expectNoMessage(Duration.ofMillis(200));
    TestProbe<TrialDispatcher.Status> status = kit.createTestProbe();
    dispatcher.tell(new TrialDispatcher.GetStatus(status.getRef()));
    TrialDispatcher.Status s = status.receiveMessage();
    assertEquals(0, s.redispatched());
    assertEquals(1, s.runners()); // the leaving runner is forgotten once drained
    other.stop();
  }
}
