package dev.dream.cluster.run;

import dev.dream.cluster.trial.TrialDispatcher;
import dev.dream.core.domain.Genome;
import dev.dream.core.domain.RegimeSpec;
import dev.dream.trials.TrialResult;
import dev.dream.trials.TrialSpec;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * Plans the (regime × trial) work of one candidate, asks the dispatcher for the trials not yet recorded,
 * retries failed ones as regimes.yaml says, stops early on a cap breach or too many failures, and answers
 * with every recorded outcome once the journal has them all.
 */
final class CandidateEvaluator {
  sealed interface Command {}

  private record TrialDone(TrialDispatcher.Completed completed) implements Command {}

  private record Recorded(TrialRecorder.Recorded recorded) implements Command {}

  private enum Resubmit implements Command {
    INSTANCE
  }

  /** Every recorded outcome of the candidate's trials (aborted trials are simply absent). */
  record Measured(String candId, Map<String, TrialResult> results) {}

  /** How often outstanding trials are submitted again, in case the dispatcher moved to another node. */
  static final Duration RESUBMIT_EVERY = Duration.ofSeconds(20);

  static Behavior<Command> create(
      RunSpec run, String domain, String candId, Genome genome, List<RegimeSpec> regimes,
      Map<String, TrialResult> recorded, ActorRef<TrialRecorder.Command> recorder,
      ActorRef<TrialDispatcher.Command> dispatcher, ActorRef<Measured> replyTo) {
    return Behaviors.setup(
        ctx -> Behaviors.withTimers(timers -> {
          CandidateEvaluator e = new CandidateEvaluator(ctx, timers, run, domain, candId, recorder, dispatcher, replyTo);
          return e.start(genome, regimes, recorded);
        }));
  }

  private final ActorContext<Command> ctx;
  private final TimerScheduler<Command> timers;
  private final RunSpec run;
  private final RunSpec.DomainPlan plan;
  private final String domain;
  private final String candId;
  private final ActorRef<TrialRecorder.Command> recorder;
  private final ActorRef<TrialDispatcher.Command> dispatcher;
  private final ActorRef<Measured> replyTo;
  private final ActorRef<TrialDispatcher.Completed> completedAdapter;
  private final ActorRef<TrialRecorder.Recorded> recordedAdapter;

  private final Map<String, TrialResult> results = new LinkedHashMap<>();
  private final Map<String, TrialSpec> outstanding = new LinkedHashMap<>();
  private final Map<String, TrialResult> recording = new HashMap<>();
  private final Map<String, Integer> attempts = new HashMap<>();
  private boolean aborted;

  private CandidateEvaluator(
      ActorContext<Command> ctx, TimerScheduler<Command> timers, RunSpec run, String domain, String candId,
      ActorRef<TrialRecorder.Command> recorder, ActorRef<TrialDispatcher.Command> dispatcher, ActorRef<Measured> replyTo) {
    this.ctx = ctx;
    this.timers = timers;
    this.run = run;
    this.plan = run.plan(domain);
    this.domain = domain;
    this.candId = candId;
    this.recorder = recorder;
    this.dispatcher = dispatcher;
    this.replyTo = replyTo;
    this.completedAdapter = ctx.messageAdapter(TrialDispatcher.Completed.class, TrialDone::new);
    this.recordedAdapter = ctx.messageAdapter(TrialRecorder.Recorded.class, Recorded::new);
  }

  private Behavior<Command> start(Genome genome, List<RegimeSpec> regimes, Map<String, TrialResult> recorded) {
    for (RegimeSpec regime : regimes) {
      for (int k = 0; k < plan.execution().trials(); k++) {
        String id = TrialSpec.trialId(run.runId(), domain, candId, regime.name(), k);
        if (recorded.containsKey(id)) {
          results.put(id, recorded.get(id));
          continue;
        }
        outstanding.put(id, new TrialSpec(id, run.runId(), domain, candId, regime.name(), k, genome, plan.domain(), regime,
            plan.execution(), plan.caps(), plan.global(), run.seed(), run.allowSystemChanges()));
      }
    }
    if (shouldAbort()) {
      aborted = true;
      outstanding.clear();
    }
    if (outstanding.isEmpty()) return finish();
    outstanding.values().forEach(spec -> dispatcher.tell(new TrialDispatcher.Submit(spec, run.nodeClass(), completedAdapter)));
    timers.startTimerWithFixedDelay(Resubmit.INSTANCE, RESUBMIT_EVERY);
    return running();
  }

  private Behavior<Command> running() {
    return Behaviors.receive(Command.class)
        .onMessage(TrialDone.class, d -> onTrial(d.completed().result()))
        .onMessage(Recorded.class, r -> onRecorded(r.recorded().trialId()))
        .onMessage(Resubmit.class, r -> {
          outstanding.values().forEach(spec -> dispatcher.tell(new TrialDispatcher.Submit(spec, run.nodeClass(), completedAdapter)));
          return Behaviors.same();
        })
        .build();
  }

  private Behavior<Command> onTrial(TrialResult result) {
    TrialSpec spec = outstanding.get(result.trialId());
    if (spec == null) return Behaviors.same(); // a duplicate, or a trial cancelled by an abort
    boolean failed = result.outcome() == TrialResult.Outcome.FAILED || result.outcome() == TrialResult.Outcome.TIMEOUT;
    int attempt = attempts.merge(result.trialId(), 1, Integer::sum);
    if (failed && attempt <= plan.execution().retries()) {
      ctx.getLog().info("trial {} failed ({}); retry {} of {}", result.trialId(), result.error(), attempt, plan.execution().retries());
      dispatcher.tell(new TrialDispatcher.Submit(spec, run.nodeClass(), completedAdapter));
      return Behaviors.same();
    }
    outstanding.remove(result.trialId());
    recording.put(result.trialId(), result);
    recorder.tell(new TrialRecorder.Record(result, recordedAdapter));
    return Behaviors.same();
  }

  private Behavior<Command> onRecorded(String trialId) {
    TrialResult r = recording.remove(trialId);
    if (r != null) results.put(trialId, r);
    if (!aborted && shouldAbort()) {
      aborted = true;
      dispatcher.tell(new TrialDispatcher.Cancel(run.runId() + "/" + domain + "/" + candId + "/"));
      outstanding.clear();
    }
    if (outstanding.isEmpty() && recording.isEmpty()) return finish();
    return Behaviors.same();
  }

  /** A cap breach, or more failed trials than caps.yaml allows: measuring further proves nothing. */
  private boolean shouldAbort() {
    long failed = results.values().stream().filter(r -> r.outcome() == TrialResult.Outcome.FAILED || r.outcome() == TrialResult.Outcome.TIMEOUT).count();
    boolean breach = results.values().stream().anyMatch(r -> r.outcome() == TrialResult.Outcome.CAP_BREACH);
    return breach || failed > plan.global().maxTrialFailures();
  }

  private Behavior<Command> finish() {
    timers.cancelAll();
    replyTo.tell(new Measured(candId, Map.copyOf(results)));
    return Behaviors.stopped();
  }
}
