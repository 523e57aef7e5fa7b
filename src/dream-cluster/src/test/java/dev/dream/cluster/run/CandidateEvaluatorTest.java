package dev.dream.cluster.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dream.cluster.Fixtures;
import dev.dream.cluster.TestSystems;
import dev.dream.cluster.trial.TrialDispatcher;
import dev.dream.core.domain.Caps;
import dev.dream.core.domain.CapBreach;
import dev.dream.core.domain.ExecutionSpec;
import dev.dream.core.domain.Genome;
import dev.dream.core.domain.RegimeSpec;
import dev.dream.trials.TrialResult;
import dev.dream.trials.TrialSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class CandidateEvaluatorTest {
  static final ActorTestKit KIT = ActorTestKit.create(TestSystems.plainLocal());
  static final Genome GENOME = new Genome(Map.of("threads", 20L, "util", 0.5));
  static final String CAND = "gen0_c3";

  @AfterAll
  static void stop() {
    KIT.shutdownTestKit();
  }

  /** The evaluator's world: a dispatcher, a recorder and the requester, all probes. */
  final TestProbe<TrialDispatcher.Command> dispatcher = KIT.createTestProbe();
  final TestProbe<TrialRecorder.Command> recorder = KIT.createTestProbe();
  final TestProbe<CandidateEvaluator.Measured> requester = KIT.createTestProbe();

  void evaluate(RunSpec run, Map<String, TrialResult> recorded) {
    KIT.spawn(CandidateEvaluator.create(run, "sim", CAND, GENOME, run.plan("sim").regimes(), recorded,
        recorder.getRef(), dispatcher.getRef(), requester.getRef()));
  }

  static RunSpec run(int trials, int retries, int maxFailures, String... regimes) {
    List<RegimeSpec> rs = new ArrayList<>();
    for (String r : regimes) rs.add(Fixtures.regime(r, 0));
    return Fixtures.run("r1", "class-a", 2, 4, new ExecutionSpec(trials, 0, 0, retries, 1.5), new Caps.Global(maxFailures, 60, 1), rs);
  }

  static String id(String regime, int k) {
    return TrialSpec.trialId("r1", "sim", CAND, regime, k);
  }

  static TrialResult outcome(String trialId, TrialResult.Outcome outcome) {
    boolean ok = outcome == TrialResult.Outcome.OK;
    List<CapBreach> breaches = outcome == TrialResult.Outcome.CAP_BREACH
        ? List.of(new CapBreach(Evidence.regimeOf(trialId), Evidence.indexOf(trialId), "watts", 1200.0, 1000.0, "max", 0.5)) : List.of();
    return new TrialResult(trialId, outcome, ok ? Map.of("perf", 900.0) : Map.of(), Map.of(), breaches,
        ok ? null : "stub " + outcome, 0, "stub");
  }

  /** Answers a submitted trial as the dispatcher would. */
  static void answer(TrialDispatcher.Submit submit, TrialResult.Outcome outcome) {
    submit.replyTo().tell(new TrialDispatcher.Completed(outcome(submit.spec().trialId(), outcome)));
  }

  /** Expects the recorder to be asked for {@code trialId}, and acknowledges it. */
  void expectRecordedAndAck(String trialId, TrialResult.Outcome outcome) {
    TrialRecorder.Record record = recorder.expectMessageClass(TrialRecorder.Record.class);
    assertEquals(trialId, record.result().trialId());
    assertEquals(outcome, record.result().outcome());
    record.replyTo().tell(new TrialRecorder.Recorded(trialId));
  }

  @Test
  void submitsExactlyTheTrialsNotYetRecordedAndAnswersOnceAllAreAcknowledged() {
    RunSpec run = run(2, 1, 3, "idle", "stress");
    TrialResult earlier = outcome(id("idle", 1), TrialResult.Outcome.OK);
    evaluate(run, Map.of(earlier.trialId(), earlier));

    List<TrialDispatcher.Submit> submits = new ArrayList<>();
    for (int i = 0; i < 3; i++) submits.add(dispatcher.expectMessageClass(TrialDispatcher.Submit.class));
    Set<String> submitted = new HashSet<>();
    for (TrialDispatcher.Submit s : submits) submitted.add(s.spec().trialId());
    assertEquals(Set.of(id("idle", 0), id("stress", 0), id("stress", 1)), submitted);
    TrialDispatcher.Submit stress1 = submits.stream().filter(s -> s.spec().trialId().equals(id("stress", 1))).findFirst().orElseThrow();
    assertEquals("stress", stress1.spec().regime());
    assertEquals(1, stress1.spec().index());
    assertEquals(GENOME, stress1.spec().genome());
    assertEquals(7, stress1.spec().runSeed());
    dispatcher.expectNoMessage(Duration.ofMillis(200));

    List<TrialRecorder.Record> records = new ArrayList<>();
    for (TrialDispatcher.Submit s : submits) {
      answer(s, TrialResult.Outcome.OK);
      records.add(recorder.expectMessageClass(TrialRecorder.Record.class));
    }
    // a duplicate answer (a trial dispatched twice) is not recorded twice
    answer(submits.get(0), TrialResult.Outcome.OK);
    recorder.expectNoMessage(Duration.ofMillis(200));

    records.get(0).replyTo().tell(new TrialRecorder.Recorded(records.get(0).result().trialId()));
    records.get(1).replyTo().tell(new TrialRecorder.Recorded(records.get(1).result().trialId()));
    requester.expectNoMessage(Duration.ofMillis(200)); // one outcome is not in the journal yet
    records.get(2).replyTo().tell(new TrialRecorder.Recorded(records.get(2).result().trialId()));
    CandidateEvaluator.Measured measured = requester.receiveMessage();
    assertEquals(CAND, measured.candId());
    assertEquals(Set.of(id("idle", 0), id("idle", 1), id("stress", 0), id("stress", 1)), measured.results().keySet());
  }

  @Test
  void aCandidateWhoseTrialsAreAllRecordedIsNotMeasuredAgain() {
    RunSpec run = run(1, 1, 3, "normal");
    TrialResult done = outcome(id("normal", 0), TrialResult.Outcome.OK);
    evaluate(run, Map.of(done.trialId(), done));
    assertEquals(Map.of(done.trialId(), done), requester.receiveMessage().results());
    dispatcher.expectNoMessage(Duration.ofMillis(100));
  }

  @Test
  void retriesAFailedTrialAsOftenAsRegimesYamlSaysThenRecordsTheFailure() {
    RunSpec run = run(1, 2, 3, "normal");
    evaluate(run, Map.of());
    for (int attempt = 0; attempt < 3; attempt++) {
      TrialDispatcher.Submit s = dispatcher.expectMessageClass(TrialDispatcher.Submit.class);
      assertEquals(id("normal", 0), s.spec().trialId());
      recorder.expectNoMessage(Duration.ofMillis(50)); // a failure that will be retried is not an outcome
      answer(s, attempt == 1 ? TrialResult.Outcome.TIMEOUT : TrialResult.Outcome.FAILED);
    }
    expectRecordedAndAck(id("normal", 0), TrialResult.Outcome.FAILED);
    dispatcher.expectNoMessage(Duration.ofMillis(100)); // 1 + retries attempts, no more
    CandidateEvaluator.Measured measured = requester.receiveMessage();
    assertEquals(TrialResult.Outcome.FAILED, measured.results().get(id("normal", 0)).outcome());
  }

  @Test
  void aRetryThatSucceedsIsRecordedAsTheOutcome() {
    RunSpec run = run(1, 2, 3, "normal");
    evaluate(run, Map.of());
    answer(dispatcher.expectMessageClass(TrialDispatcher.Submit.class), TrialResult.Outcome.FAILED);
    answer(dispatcher.expectMessageClass(TrialDispatcher.Submit.class), TrialResult.Outcome.OK);
    expectRecordedAndAck(id("normal", 0), TrialResult.Outcome.OK);
    assertEquals(TrialResult.Outcome.OK, requester.receiveMessage().results().get(id("normal", 0)).outcome());
    dispatcher.expectNoMessage(Duration.ofMillis(100));
  }

  @Test
  void aCapBreachCancelsTheCandidatesOtherTrialsAndFinishes() {
    RunSpec run = run(3, 1, 3, "normal");
    evaluate(run, Map.of());
    List<TrialDispatcher.Submit> submits = new ArrayList<>();
    for (int i = 0; i < 3; i++) submits.add(dispatcher.expectMessageClass(TrialDispatcher.Submit.class));
    TrialDispatcher.Submit first = submits.stream().filter(s -> s.spec().index() == 0).findFirst().orElseThrow();
    answer(first, TrialResult.Outcome.CAP_BREACH);
    expectRecordedAndAck(id("normal", 0), TrialResult.Outcome.CAP_BREACH);

    TrialDispatcher.Cancel cancel = dispatcher.expectMessageClass(TrialDispatcher.Cancel.class);
    assertEquals("r1/sim/" + CAND + "/", cancel.trialIdPrefix());
    CandidateEvaluator.Measured measured = requester.receiveMessage();
    assertEquals(Set.of(id("normal", 0)), measured.results().keySet());
    assertEquals(TrialResult.Outcome.CAP_BREACH, measured.results().get(id("normal", 0)).outcome());
    // no retry of a breach, and nothing more is recorded for this candidate
    recorder.expectNoMessage(Duration.ofMillis(100));
  }

  @Test
  void moreFailedTrialsThanCapsYamlAllowsStopTheCandidate() {
    RunSpec run = run(4, 0, 1, "normal");
    evaluate(run, Map.of());
    List<TrialDispatcher.Submit> submits = new ArrayList<>();
    for (int i = 0; i < 4; i++) submits.add(dispatcher.expectMessageClass(TrialDispatcher.Submit.class));
    answer(submits.get(0), TrialResult.Outcome.FAILED);
    expectRecordedAndAck(submits.get(0).spec().trialId(), TrialResult.Outcome.FAILED);
    answer(submits.get(1), TrialResult.Outcome.FAILED);
    expectRecordedAndAck(submits.get(1).spec().trialId(), TrialResult.Outcome.FAILED);
    assertTrue(dispatcher.expectMessageClass(TrialDispatcher.Cancel.class).trialIdPrefix().endsWith(CAND + "/"));
    assertEquals(2, requester.receiveMessage().results().size());
  }

  @Test
  void aBreachAlreadyInTheJournalStopsTheCandidateWithoutATrial() {
    RunSpec run = run(3, 1, 3, "normal");
    TrialResult breach = outcome(id("normal", 1), TrialResult.Outcome.CAP_BREACH);
    evaluate(run, Map.of(breach.trialId(), breach));
    assertEquals(Set.of(breach.trialId()), requester.receiveMessage().results().keySet());
    dispatcher.expectNoMessage(Duration.ofMillis(100));
  }
}
