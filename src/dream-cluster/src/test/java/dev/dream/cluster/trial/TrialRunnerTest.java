package dev.dream.cluster.trial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dream.cluster.Fixtures;
import dev.dream.cluster.TestSystems;
import dev.dream.trials.TrialResult;
import dev.dream.trials.TrialSpec;
import java.time.Duration;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TrialRunnerTest {
  ActorTestKit kit;
  GatedExecutor executor;

  @BeforeEach
  void start() {
    kit = ActorTestKit.create(TestSystems.plainLocal());
    executor = new GatedExecutor();
  }

  @AfterEach
  void stop() {
    executor.releaseAll();
    kit.shutdownTestKit();
  }

  @Test
  void runsATrialOnTheBlockingDispatcherAndAnswersWithTheSameLeaseId() throws Exception {
    ActorRef<TrialRunner.Command> runner = kit.spawn(TrialRunner.create(executor, 1, "class-a"));
    TestProbe<TrialRunner.Reply> replies = kit.createTestProbe();
    TrialSpec spec = Fixtures.trial("gen0_c0", 0);
    runner.tell(new TrialRunner.Run(41, spec, replies.getRef()));
    // trials block for seconds: they must never take a thread of Pekko's default dispatcher
    assertTrue(executor.threadOf(spec.trialId()).contains("dream-trial-dispatcher"), executor.threadOf(spec.trialId()));
    executor.release(spec.trialId());
    TrialRunner.Done done = replies.expectMessageClass(TrialRunner.Done.class);
    assertEquals(41, done.leaseId());
    assertEquals(spec.trialId(), done.result().trialId());
    assertEquals(TrialResult.Outcome.OK, done.result().outcome());
  }

  @Test
  void refusesALeaseWhileAllItsSlotsAreBusyAndTakesOneAgainOnceFree() {
    ActorRef<TrialRunner.Command> runner = kit.spawn(TrialRunner.create(executor, 1, "class-a"));
    TestProbe<TrialRunner.Reply> replies = kit.createTestProbe();
    TrialSpec first = Fixtures.trial("gen0_c0", 0);
    TrialSpec second = Fixtures.trial("gen0_c0", 1);
    runner.tell(new TrialRunner.Run(1, first, replies.getRef()));
    runner.tell(new TrialRunner.Run(2, second, replies.getRef()));
    TrialRunner.Refused refused = replies.expectMessageClass(TrialRunner.Refused.class);
    assertEquals(2, refused.leaseId());
    assertTrue(refused.reason().contains("slots busy"), refused.reason());

    executor.release(first.trialId());
    assertEquals(1, replies.expectMessageClass(TrialRunner.Done.class).leaseId());
    runner.tell(new TrialRunner.Run(3, second, replies.getRef()));
    executor.release(second.trialId());
    TrialRunner.Done done = replies.expectMessageClass(TrialRunner.Done.class);
    assertEquals(3, done.leaseId());
    assertEquals(second.trialId(), done.result().trialId());
  }

  @Test
  void describeListsTheTrialsInFlight() throws Exception {
    ActorRef<TrialRunner.Command> runner = kit.spawn(TrialRunner.create(executor, 2, "class-b"));
    TestProbe<TrialRunner.Reply> replies = kit.createTestProbe();
    TestProbe<TrialRunner.Description> describe = kit.createTestProbe();
    TrialSpec a = Fixtures.trial("gen0_c1", 0);
    TrialSpec b = Fixtures.trial("gen0_c1", 1);

    runner.tell(new TrialRunner.Describe(describe.getRef()));
    TrialRunner.Description idle = describe.receiveMessage();
    assertEquals("class-b", idle.nodeClass());
    assertEquals(2, idle.slots());
    assertEquals(Set.of(), idle.inFlightSince().keySet());

    runner.tell(new TrialRunner.Run(1, a, replies.getRef()));
    runner.tell(new TrialRunner.Run(2, b, replies.getRef()));
    executor.threadOf(a.trialId());
    executor.threadOf(b.trialId());
    runner.tell(new TrialRunner.Describe(describe.getRef()));
    assertEquals(Set.of(a.trialId(), b.trialId()), describe.receiveMessage().inFlightSince().keySet());

    executor.release(a.trialId());
    assertEquals(1, replies.expectMessageClass(TrialRunner.Done.class).leaseId());
    runner.tell(new TrialRunner.Describe(describe.getRef()));
    assertEquals(Set.of(b.trialId()), describe.receiveMessage().inFlightSince().keySet());
  }

  @Test
  void anExecutorThatThrowsGivesAFailedTrialNotALostLease() {
    ActorRef<TrialRunner.Command> runner = kit.spawn(TrialRunner.create(spec -> {
      throw new IllegalStateException("probe exploded");
    }, 1, "class-a"));
    TestProbe<TrialRunner.Reply> replies = kit.createTestProbe();
    TrialSpec spec = Fixtures.trial("gen0_c2", 0);
    runner.tell(new TrialRunner.Run(9, spec, replies.getRef()));
    TrialRunner.Done done = replies.expectMessageClass(TrialRunner.Done.class);
    assertEquals(9, done.leaseId());
    assertEquals(TrialResult.Outcome.FAILED, done.result().outcome());
    assertTrue(done.result().error().contains("probe exploded"), done.result().error());
    // and the slot is free again
    runner.tell(new TrialRunner.Run(10, spec, replies.getRef()));
    assertEquals(10, replies.expectMessageClass(TrialRunner.Done.class, Duration.ofSeconds(5)).leaseId());
  }

  @Test
  void registersWithTheReceptionistSoThatDispatchersFindIt() {
    ActorRef<TrialRunner.Command> runner = kit.spawn(TrialRunner.create(executor, 1, "class-a"));
    TestProbe<Receptionist.Listing> listing = kit.createTestProbe();
    kit.system().receptionist().tell(Receptionist.subscribe(TrialRunner.KEY, listing.getRef()));
    listing.fishForMessage(Duration.ofSeconds(5), l -> l.getServiceInstances(TrialRunner.KEY).contains(runner)
        ? FishingOutcomes.complete()
        : FishingOutcomes.continueAndIgnore());
  }

  @Test
  void drainingDeregistersRefusesNewTrialsAndAnswersOnlyOnceItsTrialHasFinished() throws Exception {
    ActorRef<TrialRunner.Command> runner = kit.spawn(TrialRunner.create(executor, 2, "class-a"));
    TestProbe<Receptionist.Listing> listing = kit.createTestProbe();
    kit.system().receptionist().tell(Receptionist.subscribe(TrialRunner.KEY, listing.getRef()));
    listing.fishForMessage(Duration.ofSeconds(5), l -> l.getServiceInstances(TrialRunner.KEY).contains(runner)
        ? FishingOutcomes.complete() : FishingOutcomes.continueAndIgnore());
    TestProbe<TrialRunner.Reply> replies = kit.createTestProbe();
    TrialSpec inFlight = Fixtures.trial("gen0_c3", 0);
    runner.tell(new TrialRunner.Run(1, inFlight, replies.getRef()));
    executor.threadOf(inFlight.trialId()); // it has started

    TestProbe<org.apache.pekko.Done> drained = kit.createTestProbe();
    runner.tell(new TrialRunner.Drain(drained.getRef()));
    // out of the listing, so that no dispatcher leases it anything more
    listing.fishForMessage(Duration.ofSeconds(5), l -> l.getAllServiceInstances(TrialRunner.KEY).contains(runner)
        ? FishingOutcomes.continueAndIgnore() : FishingOutcomes.complete());
    // a lease sent before the dispatcher saw that is refused, though a slot is free
    runner.tell(new TrialRunner.Run(2, Fixtures.trial("gen0_c3", 1), replies.getRef()));
    assertEquals(2, replies.expectMessageClass(TrialRunner.Refused.class).leaseId());
    drained.expectNoMessage(Duration.ofMillis(200));

    executor.release(inFlight.trialId());
    TrialRunner.Done done = replies.expectMessageClass(TrialRunner.Done.class);
    assertEquals(1, done.leaseId());
    assertEquals(TrialResult.Outcome.OK, done.result().outcome());
    drained.expectMessage(org.apache.pekko.Done.getInstance());
  }

  @Test
  void aTrialCutShortByTheShutdownIsRefusedNotReportedAsAFailure() {
    ActorRef<TrialRunner.Command> runner = kit.spawn(TrialRunner.create(spec -> new TrialResult(spec.trialId(), TrialResult.Outcome.FAILED,
        java.util.Map.of(), java.util.Map.of(), java.util.List.of(), TrialResult.INTERRUPTED, 0.1, "stub"), 1, "class-a"));
    TestProbe<TrialRunner.Reply> replies = kit.createTestProbe();
    runner.tell(new TrialRunner.Run(5, Fixtures.trial("gen0_c4", 0), replies.getRef()));
    TrialRunner.Refused refused = replies.expectMessageClass(TrialRunner.Refused.class);
    assertEquals(5, refused.leaseId());
    assertEquals(TrialResult.INTERRUPTED, refused.reason());
  }
}
