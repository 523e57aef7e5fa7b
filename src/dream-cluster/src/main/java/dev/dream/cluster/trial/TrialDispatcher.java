package dev.dream.cluster.trial;

import dev.dream.cluster.CborSerializable;
import dev.dream.cluster.metrics.Metrics;
import dev.dream.trials.TrialResult;
import dev.dream.trials.TrialSpec;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.actor.typed.receptionist.Receptionist;

/**
 * Queues trial requests and leases them to free {@link TrialRunner}s found through the Receptionist.
 *
 * <p>A lease ends with the runner's answer, with the runner's death (DeathWatch, or its node becoming
 * unreachable), or at its deadline; in the last two cases the trial goes back to the front of the queue.
 * A runner that deregisters while its node is still reachable is leaving gracefully: it gets no new
 * trials, and the ones it has finish there, since it drains before its node leaves. Requests are
 * keyed by trial id, so a re-submitted trial (after a dispatcher fail-over, say) is never queued twice;
 * the coordinator counts each trial id once whatever arrives.
 */
public final class TrialDispatcher {

  public sealed interface Command extends CborSerializable {}

  /**
   * Run this trial on a runner of {@code nodeClass} (null: any); the result goes to {@code replyTo}.
   * Idempotent per trial id. Results of different node classes are never mixed, so a run's trials go
   * only to runners of the class its baselines were measured on.
   */
  public record Submit(TrialSpec spec, String nodeClass, ActorRef<Completed> replyTo) implements Command {}

  /** Drop queued trials whose id starts with {@code trialIdPrefix} (a candidate that broke a cap, say). */
  public record Cancel(String trialIdPrefix) implements Command {}

  public record GetStatus(ActorRef<Status> replyTo) implements Command {}

  public record Completed(TrialResult result) implements CborSerializable {}

  public record InFlight(String trialId, String node, long ageMs, int attempt) implements CborSerializable {}

  /** {@code runners}: those ready to take trials (registered and described). */
  public record Status(int runners, int queued, List<InFlight> inFlight, long dispatched, long redispatched)
      implements CborSerializable {}

  /** {@code reachable}: registered runners on reachable nodes; {@code registered}: all registered runners. */
  private record RunnersChanged(Set<ActorRef<TrialRunner.Command>> reachable, Set<ActorRef<TrialRunner.Command>> registered)
      implements Command {}

  private record RunnerAnswered(TrialRunner.Reply reply) implements Command {}

  private record LeaseExpired(long leaseId) implements Command {}

  private record DescribeFailed(ActorRef<TrialRunner.Command> runner) implements Command {}

  private record RunnerDescribed(ActorRef<TrialRunner.Command> runner, TrialRunner.Description description) implements Command {}

  /** A requested trial; the requester may change when the same trial is submitted again. */
  private static final class Pending {
    final TrialSpec spec;
    final String nodeClass;
    final int attempt;
    ActorRef<Completed> replyTo;

    Pending(TrialSpec spec, String nodeClass, ActorRef<Completed> replyTo, int attempt) {
      this.spec = spec;
      this.nodeClass = nodeClass;
      this.replyTo = replyTo;
      this.attempt = attempt;
    }

    TrialSpec spec() {
      return spec;
    }

    ActorRef<Completed> replyTo() {
      return replyTo;
    }

    int attempt() {
      return attempt;
    }
  }

  private record Lease(long id, Pending pending, ActorRef<TrialRunner.Command> runner, long startedMs) {}

  public static Behavior<Command> create(int slotsPerRunner, Duration leaseGrace) {
    return Behaviors.setup(
        ctx ->
            Behaviors.withTimers(
                timers -> {
                  ActorRef<Receptionist.Listing> listing =
                      ctx.messageAdapter(
                          Receptionist.Listing.class,
                          l -> new RunnersChanged(l.getServiceInstances(TrialRunner.KEY), l.getAllServiceInstances(TrialRunner.KEY)));
                  ctx.getSystem().receptionist().tell(Receptionist.subscribe(TrialRunner.KEY, listing));
                  return new TrialDispatcher(ctx, timers, slotsPerRunner, leaseGrace).behavior();
                }));
  }

  private final ActorContext<Command> ctx;
  private final TimerScheduler<Command> timers;
  private final int slotsPerRunner;
  private final Duration leaseGrace;
  private final ActorRef<TrialRunner.Reply> replies;

  private final Deque<Pending> queue = new ArrayDeque<>();
  private final Map<String, Pending> queuedById = new HashMap<>();
  private final Map<Long, Lease> leases = new LinkedHashMap<>();
  private final Map<String, Long> leaseByTrial = new HashMap<>();
  private final Map<ActorRef<TrialRunner.Command>, Integer> busy = new LinkedHashMap<>();
  private final Set<ActorRef<TrialRunner.Command>> full = new HashSet<>();
  private final Map<ActorRef<TrialRunner.Command>, TrialRunner.Description> described = new HashMap<>();
  /** Runners that deregistered while reachable: draining their trials in flight before their node leaves. */
  private final Set<ActorRef<TrialRunner.Command>> leaving = new HashSet<>();
  private long nextLease = 1;
  private long dispatched;
  private long redispatched;

  private TrialDispatcher(
      ActorContext<Command> ctx, TimerScheduler<Command> timers, int slotsPerRunner, Duration leaseGrace) {
    this.ctx = ctx;
    this.timers = timers;
    this.slotsPerRunner = slotsPerRunner;
    this.leaseGrace = leaseGrace;
    this.replies = ctx.messageAdapter(TrialRunner.Reply.class, RunnerAnswered::new);
  }

  private Behavior<Command> behavior() {
    return Behaviors.receive(Command.class)
        .onMessage(Submit.class, this::onSubmit)
        .onMessage(Cancel.class, this::onCancel)
        .onMessage(RunnersChanged.class, this::onRunnersChanged)
        .onMessage(RunnerAnswered.class, this::onAnswer)
        .onMessage(LeaseExpired.class, this::onLeaseExpired)
        .onMessage(GetStatus.class, this::onStatus)
        .onMessage(RunnerDescribed.class, d -> {
          if (busy.containsKey(d.runner()) && !leaving.contains(d.runner())) described.put(d.runner(), d.description());
          dispatch();
          return Behaviors.same();
        })
        .onMessage(DescribeFailed.class, f -> {
          // still registered and reachable (else it would be gone from busy): ask again
          if (busy.containsKey(f.runner()) && !leaving.contains(f.runner()) && !described.containsKey(f.runner())) describe(f.runner());
          return Behaviors.same();
        })
        .onSignal(Terminated.class, t -> onRunnerGone(t.getRef().unsafeUpcast()))
        .onSignal(PostStop.class, s -> {
          Metrics.get(ctx.getSystem()).dispatcherStopped();
          return Behaviors.same();
        })
        .build();
  }

  private Behavior<Command> onSubmit(Submit s) {
    String id = s.spec().trialId();
    Long leaseId = leaseByTrial.get(id);
    if (leaseId != null) {
      leases.get(leaseId).pending().replyTo = s.replyTo();
    } else if (queuedById.containsKey(id)) {
      queuedById.get(id).replyTo = s.replyTo();
    } else {
      enqueueLast(new Pending(s.spec(), s.nodeClass(), s.replyTo(), 0));
    }
    dispatch();
    return Behaviors.same();
  }

  private Behavior<Command> onCancel(Cancel c) {
    queue.removeIf(p -> p.spec().trialId().startsWith(c.trialIdPrefix()));
    queuedById.keySet().removeIf(id -> id.startsWith(c.trialIdPrefix()));
    dispatch();
    return Behaviors.same();
  }

  private Behavior<Command> onRunnersChanged(RunnersChanged r) {
    for (ActorRef<TrialRunner.Command> runner : r.reachable()) {
      if (!busy.containsKey(runner) && !leaving.contains(runner)) {
        busy.put(runner, 0);
        ctx.watch(runner);
        describe(runner);
      }
    }
    for (ActorRef<TrialRunner.Command> known : List.copyOf(busy.keySet())) {
      if (!r.registered().contains(known)) onRunnerLeaving(known);
      else if (!r.reachable().contains(known)) onRunnerGone(known);
    }
    dispatch();
    return Behaviors.same();
  }

  /** Asks what the runner is (node class, slots); it gets trials once it has answered. */
  private void describe(ActorRef<TrialRunner.Command> runner) {
    ctx.ask(TrialRunner.Description.class, runner, Duration.ofSeconds(30), TrialRunner.Describe::new,
        (d, err) -> d != null ? new RunnerDescribed(runner, d) : new DescribeFailed(runner));
  }

  /** Its trials in flight finish where they are; it gets no new ones, and is forgotten once it has none. */
  private void onRunnerLeaving(ActorRef<TrialRunner.Command> runner) {
    if (!leaving.add(runner)) return;
    described.remove(runner);
    full.remove(runner);
    long inFlight = leasesOn(runner);
    if (inFlight > 0) ctx.getLog().info("runner {} is leaving; its {} trial(s) in flight finish there", nodeOf(runner), inFlight);
    forgetIfDrained(runner);
  }

  private void forgetIfDrained(ActorRef<TrialRunner.Command> runner) {
    if (leaving.contains(runner) && leasesOn(runner) == 0) {
      busy.remove(runner);
      leaving.remove(runner);
      ctx.unwatch(runner);
    }
  }

  private long leasesOn(ActorRef<TrialRunner.Command> runner) {
    return leases.values().stream().filter(l -> l.runner().equals(runner)).count();
  }

  private Behavior<Command> onAnswer(RunnerAnswered a) {
    Lease lease = leases.remove(a.reply().leaseId());
    if (lease == null) return Behaviors.same(); // an expired lease answered late; its trial is queued again
    timers.cancel(lease.id());
    leaseByTrial.remove(lease.pending().spec().trialId());
    release(lease.runner());
    forgetIfDrained(lease.runner());
    if (a.reply() instanceof TrialRunner.Done done) {
      lease.pending().replyTo().tell(new Completed(done.result()));
    } else {
      full.add(lease.runner());
      enqueueFirst(lease.pending());
    }
    dispatch();
    return Behaviors.same();
  }

  private Behavior<Command> onLeaseExpired(LeaseExpired e) {
    Lease lease = leases.remove(e.leaseId());
    if (lease != null) {
      ctx.getLog().warn("trial {} on {} passed its deadline; dispatching it again", lease.pending().spec().trialId(), lease.runner().path().address());
      leaseByTrial.remove(lease.pending().spec().trialId());
      release(lease.runner());
      requeue(lease);
      forgetIfDrained(lease.runner());
      dispatch();
    }
    return Behaviors.same();
  }

  private Behavior<Command> onRunnerGone(ActorRef<TrialRunner.Command> runner) {
    leaving.remove(runner);
    if (busy.remove(runner) == null) return Behaviors.same();
    full.remove(runner);
    described.remove(runner);
    for (Lease lease : List.copyOf(leases.values())) {
      if (lease.runner().equals(runner)) {
        leases.remove(lease.id());
        timers.cancel(lease.id());
        leaseByTrial.remove(lease.pending().spec().trialId());
        ctx.getLog().warn("runner {} is gone; dispatching trial {} again", runner.path().address(), lease.pending().spec().trialId());
        requeue(lease);
      }
    }
    dispatch();
    return Behaviors.same();
  }

  private Behavior<Command> onStatus(GetStatus g) {
    long now = System.currentTimeMillis();
    List<InFlight> inFlight = new ArrayList<>();
    for (Lease l : leases.values()) {
      inFlight.add(new InFlight(l.pending().spec().trialId(), nodeOf(l.runner()), now - l.startedMs(), l.pending().attempt()));
    }
    // A runner counts once it has described itself: before that, no trial can be leased to it.
    g.replyTo().tell(new Status(described.size(), queue.size(), inFlight, dispatched, redispatched));
    return Behaviors.same();
  }

  /** The runner's node; a local ref's path has no host and port, so this node's address stands in for it. */
  private String nodeOf(ActorRef<TrialRunner.Command> runner) {
    org.apache.pekko.actor.Address a = runner.path().address();
    return (a.hasGlobalScope() ? a : ctx.getSystem().address()).toString();
  }

  private void requeue(Lease lease) {
    redispatched++;
    Pending p = lease.pending();
    enqueueFirst(new Pending(p.spec(), p.nodeClass, p.replyTo(), p.attempt() + 1));
  }

  private void enqueueLast(Pending p) {
    queue.addLast(p);
    queuedById.put(p.spec().trialId(), p);
  }

  private void enqueueFirst(Pending p) {
    queue.addFirst(p);
    queuedById.put(p.spec().trialId(), p);
  }

  private void release(ActorRef<TrialRunner.Command> runner) {
    busy.computeIfPresent(runner, (r, n) -> Math.max(0, n - 1));
  }

  /** Leases queued trials, oldest first, each to a free runner of its node class. */
  private void dispatch() {
    java.util.Iterator<Pending> it = queue.iterator();
    while (it.hasNext()) {
      if (!anyFreeRunner()) break;
      Pending p = it.next();
      ActorRef<TrialRunner.Command> runner = freeRunner(p.nodeClass);
      if (runner == null) continue;
      it.remove();
      queuedById.remove(p.spec().trialId());
      long id = nextLease++;
      leases.put(id, new Lease(id, p, runner, System.currentTimeMillis()));
      leaseByTrial.put(p.spec().trialId(), id);
      busy.merge(runner, 1, Integer::sum);
      dispatched++;
      timers.startSingleTimer(id, new LeaseExpired(id), deadline(p.spec()).plus(leaseGrace));
      runner.tell(new TrialRunner.Run(id, p.spec(), replies));
    }
    Metrics.get(ctx.getSystem()).dispatcherState(queue.size(), leases.size(), busy.size());
  }

  private boolean anyFreeRunner() {
    for (Map.Entry<ActorRef<TrialRunner.Command>, Integer> e : busy.entrySet()) {
      if (described.containsKey(e.getKey()) && e.getValue() < slots(e.getKey()) && !(full.contains(e.getKey()) && e.getValue() > 0)) return true;
    }
    return false;
  }

  private int slots(ActorRef<TrialRunner.Command> runner) {
    TrialRunner.Description d = described.get(runner);
    return d == null ? slotsPerRunner : d.slots();
  }

  /**
   * The least busy described runner of {@code nodeClass} (any when null) with a free slot; a runner that
   * refused is skipped until it answers again.
   */
  private ActorRef<TrialRunner.Command> freeRunner(String nodeClass) {
    ActorRef<TrialRunner.Command> best = null;
    int bestBusy = Integer.MAX_VALUE;
    for (Map.Entry<ActorRef<TrialRunner.Command>, Integer> e : busy.entrySet()) {
      TrialRunner.Description d = described.get(e.getKey());
      if (d == null || (nodeClass != null && !nodeClass.equals(d.nodeClass()))) continue;
      if (e.getValue() < d.slots() && e.getValue() < bestBusy && !(full.contains(e.getKey()) && e.getValue() > 0)) {
        best = e.getKey();
        bestBusy = e.getValue();
      }
    }
    if (best != null) full.remove(best);
    return best;
  }

  static Duration deadline(TrialSpec spec) {
    // The runner's own deadline (a command's timeout_s included), so that a long command is not leased twice.
    double capped = Math.min(Math.max(spec.deadlineS(), 1.0), spec.global().maxTrialDurationS());
    return Duration.ofMillis((long) (capped * 1000));
  }
}
