package dev.dream.cluster.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dream.cluster.Fixtures;
import dev.dream.cluster.TestSystems;
import dev.dream.cluster.baseline.BaselineStore;
import dev.dream.cluster.trial.TrialDispatcher;
import dev.dream.cluster.trial.TrialRunner;
import dev.dream.core.domain.Genome;
import dev.dream.trials.TrialResult;
import dev.dream.trials.TrialSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityContext;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.PersistenceTestKit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The DomainCoordinator on a one-node cluster in this JVM: sharded BaselineStore, a real TrialDispatcher
 * and TrialRunner with the sim workload's numbers, and the journal in memory (through the real serializers).
 */
class DomainCoordinatorTest {
  static final Duration RUN_TIMEOUT = Duration.ofSeconds(60);

  ActorTestKit kit;
  PersistenceTestKit journal;
  ClusterSharding sharding;

  @BeforeEach
  void start() {
    kit = ActorTestKit.create("DomainCoordinatorTest", TestSystems.clusterInMemory());
    TestSystems.joinSelf(kit);
    journal = PersistenceTestKit.create(kit.system());
    sharding = ClusterSharding.get(kit.system());
    sharding.init(Entity.of(BaselineStore.TYPE_KEY, ec -> BaselineStore.create(ec.getEntityId())));
  }

  @AfterEach
  void stop() {
    kit.shutdownTestKit();
  }

  /**
   * A dispatcher with one runner of one slot per node class the tests' runs use (trials go only to
   * runners of the run's class), as on a default node.
   */
  ActorRef<TrialDispatcher.Command> trialsOn(SimExecutor executor) {
    ActorRef<TrialDispatcher.Command> dispatcher = kit.spawn(TrialDispatcher.create(1, Duration.ofSeconds(10)));
    for (String nodeClass : List.of("class-a", "class-happy", "class-once", "class-replay", "class-calm", "class-stopped")) {
      kit.spawn(TrialRunner.create(executor, 1, nodeClass));
    }
    return dispatcher;
  }

  EntityRef<DomainCoordinator.Command> sharded(ActorRef<TrialDispatcher.Command> dispatcher, RunSpec run) {
    sharding.init(Entity.of(DomainCoordinator.TYPE_KEY, ec -> DomainCoordinator.create(ec, dispatcher, 200)));
    return sharding.entityRefFor(DomainCoordinator.TYPE_KEY, DomainCoordinator.entityId(run.runId(), "sim"));
  }

  /** The coordinator as a plain child of the test, so that the test decides when it stops. */
  Behavior<DomainCoordinator.Command> unsharded(ActorRef<TrialDispatcher.Command> dispatcher, RunSpec run, int snapshotEvery) {
    TestProbe<ClusterSharding.ShardCommand> shard = kit.createTestProbe();
    return DomainCoordinator.create(
        new EntityContext<>(DomainCoordinator.TYPE_KEY, DomainCoordinator.entityId(run.runId(), "sim"), shard.getRef()),
        dispatcher, snapshotEvery);
  }

  void startRun(org.apache.pekko.actor.typed.RecipientRef<DomainCoordinator.Command> coordinator, RunSpec run) {
    TestProbe<StatusReply<Done>> started = kit.createTestProbe();
    coordinator.tell(new DomainCoordinator.Start(run, "sim", started.getRef()));
    assertTrue(started.receiveMessage(Duration.ofSeconds(20)).isSuccess());
  }

  DomainCoordinator.Progress progress(org.apache.pekko.actor.typed.RecipientRef<DomainCoordinator.Command> coordinator) {
    TestProbe<DomainCoordinator.Progress> probe = kit.createTestProbe();
    coordinator.tell(new DomainCoordinator.GetProgress(probe.getRef()));
    return probe.receiveMessage(Duration.ofSeconds(10));
  }

  DomainCoordinator.Progress awaitFinished(org.apache.pekko.actor.typed.RecipientRef<DomainCoordinator.Command> coordinator) {
    TestProbe<DomainCoordinator.Progress> probe = kit.createTestProbe();
    return probe.awaitAssert(RUN_TIMEOUT, Duration.ofMillis(50), () -> {
      DomainCoordinator.Progress p = progress(coordinator);
      assertNotNull(p.finished(), "not finished: " + p);
      return p;
    });
  }

  List<DomainEvent> events(RunSpec run) {
    return journal.persistedInStorage(DomainCoordinator.persistenceId(run.runId(), "sim").id()).stream()
        .map(DomainEvent.class::cast).toList();
  }

  static List<String> recordedTrialIds(List<DomainEvent> events) {
    List<String> ids = new ArrayList<>();
    for (DomainEvent e : events) {
      if (e instanceof DomainEvent.TrialsRecorded t) t.results().forEach(r -> ids.add(r.trialId()));
    }
    return ids;
  }

  @Test
  void runsFromStartThroughBaselinesAndGenerationsToFinished() {
    RunSpec run = Fixtures.run("run-happy", "class-happy", 3, 4, 2);
    EntityRef<DomainCoordinator.Command> coordinator = sharded(trialsOn(new SimExecutor()), run);
    startRun(coordinator, run);
    DomainCoordinator.Progress done = awaitFinished(coordinator);

    List<DomainEvent> events = events(run);
    assertInstanceOf(DomainEvent.Started.class, events.get(0));
    int fixed = indexOf(events, DomainEvent.BaselinesFixed.class);
    int firstGeneration = indexOf(events, DomainEvent.GenerationProposed.class);
    assertTrue(fixed > 0 && fixed < firstGeneration, "baselines are fixed before generation 0 is proposed: " + names(events));
    assertEquals(Set.of("normal"), ((DomainEvent.BaselinesFixed) events.get(fixed)).baselines().keySet());
    DomainEvent.Finished finished = assertInstanceOf(DomainEvent.Finished.class, events.get(events.size() - 1));
    assertEquals("completed", finished.outcome());

    List<Integer> proposed = new ArrayList<>();
    List<Integer> completed = new ArrayList<>();
    Map<String, Double> scores = new TreeMap<>();
    Set<String> evaluated = new HashSet<>();
    for (DomainEvent e : events) {
      if (e instanceof DomainEvent.GenerationProposed g) {
        proposed.add(g.generation());
        assertEquals(4, g.genomes().size());
      }
      if (e instanceof DomainEvent.GenerationCompleted g) completed.add(g.generation());
      if (e instanceof DomainEvent.CandidateAssessed a) {
        scores.put(a.candId(), a.score());
        if (a.reusedFrom() == null) evaluated.add(a.candId());
      }
    }
    assertEquals(List.of(0, 1, 2), proposed);
    assertEquals(List.of(0, 1, 2), completed);
    assertEquals(12, scores.size(), "every candidate of every generation is assessed once");

    // every trial recorded exactly once: the baseline's and those of each candidate measured (elites reuse theirs)
    List<String> ids = recordedTrialIds(events);
    assertEquals(ids.size(), new HashSet<>(ids).size(), "a trial id recorded twice: " + ids);
    assertEquals(2 + evaluated.size() * 2, ids.size());
    assertEquals(ids.size(), done.trialsRecorded());

    // the selection is the best score_v2, and the sim's optimum (12, 0.75) beats the stock (8, 0.5)
    String best = scores.entrySet().stream().filter(e -> e.getValue() != null)
        .max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    assertEquals(best, done.bestCandId());
    assertEquals(best, finished.bestCandId());
    assertEquals(scores.get(best), done.bestScore());
    assertTrue(done.bestScore() > 0, "the best candidate should beat the stock configuration: " + done);

    // a Start of a finished domain is acknowledged and changes nothing
    startRun(coordinator, run);
    assertEquals(events.size(), events(run).size());
  }

  @Test
  void aTrialOutcomeIsCountedOnceHoweverOftenItArrives() {
    RunSpec run = Fixtures.run("run-once", "class-once", 2, 4, 3);
    TestProbe<TrialDispatcher.Command> dispatcher = kit.createTestProbe();
    EntityRef<DomainCoordinator.Command> coordinator = sharded(dispatcher.getRef(), run);
    startRun(coordinator, run);
    // the baseline phase asks for the stock configuration's 3 trials
    List<TrialDispatcher.Submit> submits = new ArrayList<>();
    for (int i = 0; i < 3; i++) submits.add(dispatcher.expectMessageClass(TrialDispatcher.Submit.class, Duration.ofSeconds(20)));
    TrialSpec t0 = submits.get(0).spec();
    TrialSpec t1 = submits.get(1).spec();
    assertEquals("baseline", t0.candId());

    submits.get(0).replyTo().tell(new TrialDispatcher.Completed(new SimExecutor().run(t0)));
    TestProbe<DomainCoordinator.Progress> probe = kit.createTestProbe();
    probe.awaitAssert(Duration.ofSeconds(10), () -> {
      assertEquals(1, progress(coordinator).trialsRecorded());
      return null;
    });

    // the same outcome again (a trial dispatched twice, a recorder that retried): acknowledged, not counted
    TestProbe<Done> ack = kit.createTestProbe();
    coordinator.tell(new DomainCoordinator.PersistTrials(List.of(new SimExecutor().run(t0)), ack.getRef()));
    ack.expectMessage(Done.getInstance());
    assertEquals(1, progress(coordinator).trialsRecorded());

    // a batch holding one trial twice counts it once
    TrialResult r1 = new SimExecutor().run(t1);
    coordinator.tell(new DomainCoordinator.PersistTrials(List.of(r1, r1), ack.getRef()));
    ack.expectMessage(Done.getInstance());
    assertEquals(2, progress(coordinator).trialsRecorded());

    // the runner's own answer for t1 arrives late: the evaluator records it, the journal does not
    submits.get(1).replyTo().tell(new TrialDispatcher.Completed(r1));
    assertEquals(2, progress(coordinator).trialsRecorded());
    List<String> ids = recordedTrialIds(events(run));
    assertEquals(List.of(t0.trialId(), t1.trialId()), ids);
  }

  @Test
  void aJournalWithADuplicateTrialIsReplayedCountingItOnce() {
    RunSpec run = Fixtures.run("run-replay", "class-replay", 2, 4, 3);
    TrialSpec t0 = baselineTrial(run, 0);
    TrialSpec t1 = baselineTrial(run, 1);
    SimExecutor sim = new SimExecutor();
    journal.persistForRecovery(DomainCoordinator.persistenceId(run.runId(), "sim").id(), List.of(
        new DomainEvent.Started(run, "sim", "2025-01-01T00:00:00Z"),
        new DomainEvent.TrialsRecorded(List.of(sim.run(t0)), "2025-01-01T00:00:01Z"),
        new DomainEvent.TrialsRecorded(List.of(sim.run(t0), sim.run(t1)), "2025-01-01T00:00:02Z")));
    TestProbe<TrialDispatcher.Command> dispatcher = kit.createTestProbe();
    EntityRef<DomainCoordinator.Command> coordinator = sharded(dispatcher.getRef(), run);
    assertEquals(2, progress(coordinator).trialsRecorded());
    // and it carries on where the journal ends: only the baseline trial not yet recorded is asked for
    TrialDispatcher.Submit next = dispatcher.expectMessageClass(TrialDispatcher.Submit.class, Duration.ofSeconds(20));
    assertEquals(baselineTrial(run, 2).trialId(), next.spec().trialId());
    dispatcher.expectNoMessage(Duration.ofMillis(300));
  }

  @Test
  void aCoordinatorStoppedMidGenerationContinuesToTheSameResultsAsAnUninterruptedOne() throws Exception {
    // one node's trial machinery for both runs; it holds the third trial of generation 1 of the second
    SimExecutor executor = new SimExecutor(s -> s.runId().equals("run-stopped") && s.candId().startsWith("gen1_"), 3);
    ActorRef<TrialDispatcher.Command> dispatcher = trialsOn(executor);
    RunSpec reference = Fixtures.run("run-calm", "class-calm", 3, 4, 2);
    ActorRef<DomainCoordinator.Command> calm = kit.spawn(unsharded(dispatcher, reference, 4));
    startRun(calm, reference);
    DomainCoordinator.Progress expected = awaitFinished(calm);

    // the same run (seed, plan) under another id, stopped while a trial of generation 1 is in flight
    RunSpec run = Fixtures.run("run-stopped", "class-stopped", 3, 4, 2);
    ActorRef<DomainCoordinator.Command> first = kit.spawn(unsharded(dispatcher, run, 4));
    startRun(first, run);
    executor.held.get(RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    DomainCoordinator.Progress before = progress(first);
    assertEquals(1, before.generation());
    assertEquals(null, before.finished());
    assertTrue(before.trialsRecorded() >= 2 + 4 * 2, "the baseline and generation 0 are in the journal: " + before);
    kit.stop(first);
    executor.release.complete(null); // its outcome now goes nowhere: the restarted coordinator must ask again

    ActorRef<DomainCoordinator.Command> second = kit.spawn(unsharded(dispatcher, run, 4));
    DomainCoordinator.Progress after = awaitFinished(second);

    assertEquals(expected.finished(), after.finished());
    assertEquals(expected.bestCandId(), after.bestCandId());
    assertEquals(expected.bestScore(), after.bestScore());
    assertEquals(expected.trialsRecorded(), after.trialsRecorded());
    assertEquals(expected.generation(), after.generation());
    List<DomainEvent> calmEvents = events(reference);
    List<DomainEvent> resumedEvents = events(run);
    assertEquals(proposals(calmEvents), proposals(resumedEvents));
    assertEquals(assessments(calmEvents), assessments(resumedEvents));
    assertEquals(outcomes(calmEvents), outcomes(resumedEvents));
    List<String> ids = recordedTrialIds(resumedEvents);
    assertEquals(ids.size(), new HashSet<>(ids).size(), "a trial id recorded twice: " + ids);
  }

  static TrialSpec baselineTrial(RunSpec run, int k) {
    RunSpec.DomainPlan plan = run.plan("sim");
    return new TrialSpec(TrialSpec.trialId(run.runId(), "sim", DomainState.BASELINE, "normal", k), run.runId(), "sim",
        DomainState.BASELINE, "normal", k, BaselinePhase.stockGenome(plan), plan.domain(), plan.regimes().get(0),
        plan.execution(), plan.caps(), plan.global(), run.seed(), false);
  }

  static List<List<Genome>> proposals(List<DomainEvent> events) {
    return events.stream().filter(e -> e instanceof DomainEvent.GenerationProposed)
        .map(e -> ((DomainEvent.GenerationProposed) e).genomes()).toList();
  }

  /** candId → (score, reused from) */
  static Map<String, List<Object>> assessments(List<DomainEvent> events) {
    Map<String, List<Object>> m = new TreeMap<>();
    for (DomainEvent e : events) {
      if (e instanceof DomainEvent.CandidateAssessed a) {
        m.put(a.candId(), java.util.Arrays.asList(a.score(), a.reusedFrom(), a.pack().aggregate().scoreCi95()));
      }
    }
    return m;
  }

  /** cand/regime/k → KPIs, the run id left out. */
  static Map<String, Map<String, Double>> outcomes(List<DomainEvent> events) {
    Map<String, Map<String, Double>> m = new TreeMap<>();
    for (DomainEvent e : events) {
      if (e instanceof DomainEvent.TrialsRecorded t) {
        for (TrialResult r : t.results()) m.put(r.trialId().substring(r.trialId().indexOf("/sim/")), r.kpis());
      }
    }
    return m;
  }

  static int indexOf(List<DomainEvent> events, Class<?> type) {
    for (int i = 0; i < events.size(); i++) if (type.isInstance(events.get(i))) return i;
    return -1;
  }

  static List<String> names(List<DomainEvent> events) {
    return events.stream().map(e -> e.getClass().getSimpleName()).toList();
  }
}
