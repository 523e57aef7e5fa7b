package dev.dream.cluster.trial;

import dev.dream.cluster.CborSerializable;
import dev.dream.cluster.metrics.Metrics;
import dev.dream.trials.TrialExecutor;
import dev.dream.trials.TrialResult;
import dev.dream.trials.TrialSpec;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;

/**
 * One per node. Runs leased trials on the dedicated blocking dispatcher, at most {@code slots} at a time,
 * so that trials on one node never disturb each other; answers every lease with exactly one
 * {@link TrialRunner.Done} or {@link TrialRunner.Refused}.
 */
public final class TrialRunner {
  public static final ServiceKey<Command> KEY = ServiceKey.create(Command.class, "dream-trial-runner");

  public sealed interface Command extends CborSerializable {}

  /** A lease: run {@code spec} and answer {@code replyTo} with the same lease id. */
  public record Run(long leaseId, TrialSpec spec, ActorRef<Reply> replyTo) implements Command {}

  /** Ask for the runner's description (node class, slots, trials in flight). */
  public record Describe(ActorRef<Description> replyTo) implements Command {}

  /**
   * Leave gracefully: stop taking trials (the Receptionist forgets this runner) and answer once the trials
   * in flight have finished and been answered.
   */
  public record Drain(ActorRef<org.apache.pekko.Done> replyTo) implements Command {}

  private record Finished(long leaseId, TrialResult result, ActorRef<Reply> replyTo) implements Command {}

  public sealed interface Reply extends CborSerializable {
    long leaseId();
  }

  public record Done(long leaseId, TrialResult result) implements Reply {}

  /** The runner was full; the dispatcher puts the trial back in its queue. */
  public record Refused(long leaseId, String reason) implements Reply {}

  public record Description(String node, String nodeClass, int slots, Map<String, Long> inFlightSince)
      implements CborSerializable {}

  public static Behavior<Command> create(TrialExecutor executor, int slots, String nodeClass) {
    return Behaviors.setup(
        ctx -> {
          ctx.getSystem().receptionist().tell(Receptionist.register(KEY, ctx.getSelf()));
          Executor blocking =
              ctx.getSystem().dispatchers().lookup(DispatcherSelector.fromConfig("dream-trial-dispatcher"));
          return new TrialRunner(ctx, executor, blocking, slots, nodeClass).serving(new HashMap<>());
        });
  }

  private final ActorContext<Command> ctx;
  private final TrialExecutor executor;
  private final Executor blocking;
  private final int slots;
  private final String nodeClass;
  private final String node;

  private TrialRunner(
      ActorContext<Command> ctx, TrialExecutor executor, Executor blocking, int slots, String nodeClass) {
    this.ctx = ctx;
    this.executor = executor;
    this.blocking = blocking;
    this.slots = slots;
    this.nodeClass = nodeClass;
    this.node = ctx.getSystem().address().toString();
  }

  private Behavior<Command> serving(Map<String, Long> inFlight) {
    return Behaviors.receive(Command.class)
        .onMessage(Run.class, run -> start(run, inFlight))
        .onMessage(Drain.class, d -> {
          ctx.getSystem().receptionist().tell(Receptionist.deregister(KEY, ctx.getSelf()));
          return draining(inFlight, d.replyTo());
        })
        .onMessage(
            Finished.class,
            f -> {
              inFlight.remove(f.result().trialId());
              answer(f);
              return Behaviors.same();
            })
        .onMessage(
            Describe.class,
            d -> {
              d.replyTo().tell(new Description(node, nodeClass, slots, Map.copyOf(inFlight)));
              return Behaviors.same();
            })
        .build();
  }

  private Behavior<Command> draining(Map<String, Long> inFlight, ActorRef<org.apache.pekko.Done> drained) {
    if (inFlight.isEmpty()) {
      drained.tell(org.apache.pekko.Done.getInstance());
      return Behaviors.receive(Command.class)
          .onMessage(Run.class, run -> {
            run.replyTo().tell(new Refused(run.leaseId(), "this node is leaving the cluster"));
            return Behaviors.same();
          })
          .onMessage(Describe.class, d -> {
            d.replyTo().tell(new Description(node, nodeClass, 0, Map.of()));
            return Behaviors.same();
          })
          .build();
    }
    ctx.getLog().info("leaving: finishing {} trial(s) in flight first", inFlight.size());
    return Behaviors.receive(Command.class)
        .onMessage(Run.class, run -> {
          run.replyTo().tell(new Refused(run.leaseId(), "this node is leaving the cluster"));
          return Behaviors.same();
        })
        .onMessage(Finished.class, f -> {
          inFlight.remove(f.result().trialId());
          answer(f);
          return draining(inFlight, drained);
        })
        .onMessage(Describe.class, d -> {
          d.replyTo().tell(new Description(node, nodeClass, 0, Map.copyOf(inFlight)));
          return Behaviors.same();
        })
        .onMessage(Drain.class, d -> Behaviors.same())
        .build();
  }

  private Behavior<Command> start(Run run, Map<String, Long> inFlight) {
    if (inFlight.size() >= slots) {
      run.replyTo().tell(new Refused(run.leaseId(), "all " + slots + " slots busy"));
      return Behaviors.same();
    }
    inFlight.put(run.spec().trialId(), System.currentTimeMillis());
    // INFO (seen with DREAM_LOG_LEVEL=INFO): which node ran which trial, e.g. when a node died mid-trial
    ctx.getLog().info("trial {} started (lease {})", run.spec().trialId(), run.leaseId());
    CompletableFuture<TrialResult> future =
        CompletableFuture.supplyAsync(() -> coolDownThenRun(run.spec()), blocking);
    ctx.pipeToSelf(
        future,
        (result, failure) -> {
          // Recorded with the member's address, so that the journal says which node of the cluster ran each trial.
          TrialResult r = (result != null ? result : crashed(run.spec(), failure)).withNode(node);
          Metrics.get(ctx.getSystem()).trialFinished(run.spec(), r.outcome(), result != null ? result.durationS() : null);
          return new Finished(run.leaseId(), r, run.replyTo());
        });
    return Behaviors.same();
  }

  /**
   * Done with the result; but a trial cut short by this node's shutdown is refused instead, so that it is
   * leased again (or run again on --resume) rather than recorded as the candidate's failure.
   */
  private void answer(Finished f) {
    logFinished(f);
    if (f.result().interrupted()) f.replyTo().tell(new Refused(f.leaseId(), f.result().error()));
    else f.replyTo().tell(new Done(f.leaseId(), f.result()));
  }

  private void logFinished(Finished f) {
    ctx.getLog().info("trial {} finished: {} (lease {})", f.result().trialId(), f.result().outcome(), f.leaseId());
  }

  /**
   * regimes.yaml's trial_delay_s: the machine settles before each trial, so one trial's heat is not the
   * next one's. A {@code sim} trial touches no machine, so it has nothing to cool down from.
   */
  private TrialResult coolDownThenRun(TrialSpec spec) {
    boolean sim = "sim".equals(spec.regimeSpec().workload().kind());
    long delayMs = sim ? 0 : (long) (spec.execution().trialDelayS() * 1000);
    if (delayMs > 0) {
      try {
        Thread.sleep(delayMs);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return executor.run(spec);
  }

  /** TrialExecutor promises never to throw; if it does anyway, the trial is a failure, not a lost lease. */
  private TrialResult crashed(TrialSpec spec, Throwable failure) {
    return new TrialResult(
        spec.trialId(),
        TrialResult.Outcome.FAILED,
        Map.of(),
        Map.of(),
        java.util.List.of(),
        "executor crashed: " + failure,
        0,
        node);
  }
}
