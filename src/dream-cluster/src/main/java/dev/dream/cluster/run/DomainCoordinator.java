package dev.dream.cluster.run;

import dev.dream.cluster.CborSerializable;
import dev.dream.cluster.baseline.BaselineStore;
import dev.dream.cluster.metrics.Metrics;
import dev.dream.cluster.trial.TrialDispatcher;
import dev.dream.core.domain.Genome;
import dev.dream.core.evolution.Strategies;
import dev.dream.core.evolution.Strategy;
import dev.dream.core.knob.KnobSpace;
import dev.dream.core.pack.BaselineRecord;
import dev.dream.core.pack.CandidatePack;
import dev.dream.core.score.Baseline;
import dev.dream.trials.TrialResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.RecipientRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityContext;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * One per (run, domain), a Cluster Sharding entity whose journal is the run history of that domain. It
 * fixes the baselines, proposes each generation with the run's strategy, records every trial outcome once,
 * keeps each candidate's assessment and decides the next generation from the scores alone, so replaying
 * its journal reproduces every decision.
 */
public final class DomainCoordinator
    extends EventSourcedBehavior<DomainCoordinator.Command, DomainEvent, DomainState> {

  public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "DomainCoordinator");

  public static String entityId(String runId, String domain) {
    return runId + "~" + domain;
  }

  public static PersistenceId persistenceId(String runId, String domain) {
    return PersistenceId.of(TYPE_KEY.name(), entityId(runId, domain));
  }

  public sealed interface Command extends CborSerializable {}

  /** Start (or, when already started, continue) this domain of the run. */
  public record Start(RunSpec run, String domain, ActorRef<StatusReply<Done>> replyTo) implements Command {}

  public record GetProgress(ActorRef<Progress> replyTo) implements Command {}

  public record Progress(
      String runId, String domain, boolean started, int generation, int generations, long trialsRecorded,
      String bestCandId, Double bestScore, String finished)
      implements CborSerializable {}

  /** From the TrialRecorder: persist these outcomes, then acknowledge. */
  record PersistTrials(List<TrialResult> results, ActorRef<Done> ack) implements Command {}

  /** From the GenerationActor: one candidate is assessed. */
  record Assessed(int generation, String candId, CandidatePack pack, Double score) implements Command {}

  /** From the baseline phase: every regime's baseline is known. */
  record BaselinesReady(Map<String, Baseline> baselines, Map<String, BaselineRecord> records) implements Command {}

  record PhaseFailed(String reason) implements Command {}

  private record PhaseEnded(ActorRef<Void> phase) implements Command {}

  private enum Advance implements Command {
    INSTANCE
  }

  public static Behavior<Command> create(EntityContext<Command> entity, ActorRef<TrialDispatcher.Command> dispatcher, int snapshotEvery) {
    return Behaviors.setup(
        ctx -> new DomainCoordinator(ctx, PersistenceId.of(entity.getEntityTypeKey().name(), entity.getEntityId()), dispatcher,
            snapshotEvery, entity.getShard()));
  }

  private final ActorContext<Command> ctx;
  private final ActorRef<TrialDispatcher.Command> dispatcher;
  private final int snapshotEvery;
  private final ActorRef<TrialRecorder.Command> recorder;
  private final ActorRef<ClusterSharding.ShardCommand> shard;
  private ActorRef<Void> phase; // the running baseline phase or GenerationActor, if any

  private DomainCoordinator(
      ActorContext<Command> ctx, PersistenceId id, ActorRef<TrialDispatcher.Command> dispatcher, int snapshotEvery,
      ActorRef<ClusterSharding.ShardCommand> shard) {
    super(id);
    this.ctx = ctx;
    this.shard = shard;
    this.dispatcher = dispatcher;
    this.snapshotEvery = snapshotEvery;
    this.recorder = ctx.spawn(TrialRecorder.create(ctx.getSelf()), "recorder");
  }

  @Override
  public DomainState emptyState() {
    return new DomainState();
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(snapshotEvery, 2);
  }

  @Override
  public SignalHandler<DomainState> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), state -> {
          // A run that a node's death moved here says so (DREAM_LOG_LEVEL=INFO), with where it stands.
          if (state.started()) {
            ctx.getLog().info("domain {} of run {} recovered on {} at generation {} with {} trials recorded",
                state.domain, state.run.runId(), ctx.getSystem().address(), state.generation, state.trialsRecorded);
          }
          ctx.getSelf().tell(Advance.INSTANCE);
        })
        .onSignal(PostStop.instance(), state -> {
          if (state.started()) Metrics.get(ctx.getSystem()).domainProgress(state.run.runId(), state.domain, state.generation, state.bestScore, true);
        })
        .build();
  }

  @Override
  public EventHandler<DomainState, DomainEvent> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent(DomainState::apply);
  }

  @Override
  public CommandHandler<Command, DomainEvent, DomainState> commandHandler() {
    return newCommandHandlerBuilder()
        .forAnyState()
        .onCommand(Start.class, this::onStart)
        .onCommand(GetProgress.class, (s, c) -> Effect().none().thenRun(st -> c.replyTo().tell(progress(st))))
        .onCommand(PersistTrials.class, this::onPersistTrials)
        .onCommand(Assessed.class, this::onAssessed)
        .onCommand(BaselinesReady.class, this::onBaselinesReady)
        .onCommand(PhaseFailed.class, this::onPhaseFailed)
        .onCommand(PhaseEnded.class, this::onPhaseEnded)
        .onCommand(Advance.class, (s, c) -> advance(s))
        .build();
  }

  private Effect<DomainEvent, DomainState> onStart(DomainState s, Start c) {
    if (s.started()) {
      if (!s.run.runId().equals(c.run().runId())) {
        return Effect().none().thenRun(st -> c.replyTo().tell(StatusReply.error("entity belongs to run " + st.run.runId())));
      }
      return Effect().none().thenRun(st -> c.replyTo().tell(StatusReply.ack())).thenRun(st -> ctx.getSelf().tell(Advance.INSTANCE));
    }
    return Effect()
        .persist(new DomainEvent.Started(c.run(), c.domain(), now()))
        .thenRun(st -> c.replyTo().tell(StatusReply.ack()))
        .thenRun(st -> ctx.getSelf().tell(Advance.INSTANCE));
  }

  private Effect<DomainEvent, DomainState> onPersistTrials(DomainState s, PersistTrials c) {
    List<TrialResult> fresh = new ArrayList<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (TrialResult r : c.results()) if (!s.recorded(r.trialId()) && seen.add(r.trialId())) fresh.add(r);
    if (fresh.isEmpty()) return Effect().none().thenRun(st -> c.ack().tell(Done.getInstance()));
    return Effect().persist(new DomainEvent.TrialsRecorded(fresh, now())).thenRun(st -> c.ack().tell(Done.getInstance()));
  }

  private Effect<DomainEvent, DomainState> onAssessed(DomainState s, Assessed c) {
    DomainState.Candidate cand = s.candidate(c.candId());
    if (c.generation() != s.generation || cand == null || cand.assessed) return Effect().none();
    return Effect()
        .persist(new DomainEvent.CandidateAssessed(c.generation(), c.candId(), c.pack(), c.score(), null, now()))
        .thenRun(this::advanceIfDone);
  }

  private void advanceIfDone(DomainState s) {
    if (s.allAssessed()) {
      phase = null;
      ctx.getSelf().tell(Advance.INSTANCE);
    }
  }

  /** A phase that stops before its work is in has failed (its error is in the log). */
  private Effect<DomainEvent, DomainState> onPhaseEnded(DomainState s, PhaseEnded c) {
    if (phase == null || !phase.equals(c.phase())) return Effect().none();
    phase = null;
    return onPhaseFailed(s, new PhaseFailed("the " + (s.baselines == null ? "baseline" : "generation " + s.generation) + " phase stopped unexpectedly"));
  }

  private Effect<DomainEvent, DomainState> onBaselinesReady(DomainState s, BaselinesReady c) {
    phase = null;
    if (s.baselines != null) return Effect().none();
    return Effect()
        .persist(new DomainEvent.BaselinesFixed(c.baselines(), c.records(), now()))
        .thenRun(st -> ctx.getSelf().tell(Advance.INSTANCE));
  }

  private Effect<DomainEvent, DomainState> onPhaseFailed(DomainState s, PhaseFailed c) {
    phase = null;
    ctx.getLog().error("domain {} of run {} stopped: {}", s.domain, s.run.runId(), c.reason());
    return Effect().persist(new DomainEvent.Finished("failed: " + c.reason(), s.bestCandId, s.bestScore, now()))
        .thenRun(st -> ctx.getSelf().tell(Advance.INSTANCE));
  }

  /** Takes the next step the state calls for; idempotent, so it is safe after recovery and after each event. */
  private Effect<DomainEvent, DomainState> advance(DomainState s) {
    if (s.started()) Metrics.get(ctx.getSystem()).domainProgress(s.run.runId(), s.domain, s.generation, s.bestScore, false);
    if (s.finished != null) {
      // Passivated, a finished run is no longer remembered, so no node restarts it; --resume or a
      // message wakes it from its journal.
      shard.tell(new ClusterSharding.Passivate<>(ctx.getSelf()));
      return Effect().none();
    }
    if (!s.started() || phase != null) return Effect().none();
    RunSpec.DomainPlan plan = s.plan();
    if (s.baselines == null) {
      watchPhase(ctx.spawnAnonymous(BaselinePhase.create(s, ctx.getSelf(), recorder, dispatcher, lookupBaselineStore(s))));
      return Effect().none();
    }
    if (s.generation < 0 || s.generationCompleted) {
      int next = s.generation + 1;
      if (next >= s.run.generations()) {
        String outcome = s.run.generations() == 0 ? "baselines only" : s.bestCandId == null ? "no safe candidate" : "completed";
        return Effect().persist(new DomainEvent.Finished(outcome, s.bestCandId, s.bestScore, now()))
            .thenRun(st -> ctx.getSelf().tell(Advance.INSTANCE));
      }
      return propose(s, next);
    }
    if (s.allAssessed()) {
      return Effect().persist(generationCompleted(s)).thenRun(st -> ctx.getSelf().tell(Advance.INSTANCE));
    }
    List<DomainState.Candidate> todo = s.candidates.stream().filter(c -> !c.assessed).toList();
    watchPhase(ctx.spawn(GenerationActor.create(s, todo, ctx.getSelf(), recorder, dispatcher), "generation-" + s.generation + "-" + System.nanoTime()));
    return Effect().none();
  }

  private void watchPhase(ActorRef<?> ref) {
    ActorRef<Void> p = ref.unsafeUpcast();
    phase = p;
    ctx.watchWith(p, new PhaseEnded(p));
  }

  private Effect<DomainEvent, DomainState> propose(DomainState s, int generation) {
    RunSpec.DomainPlan plan = s.plan();
    Strategy strategy = Strategies.create(KnobSpace.of(plan.domain().knobs()), plan.evolution(), s.run.seed(), s.domain);
    List<Genome> genomes = strategy.propose(generation, s.historyIncludingCurrent());
    String at = now();
    List<DomainEvent> events = new ArrayList<>();
    events.add(new DomainEvent.GenerationProposed(generation, genomes, at));
    // An elite seen before keeps its evidence: re-measuring it would only add noise (defect 4 of the original).
    for (int i = 0; i < genomes.size(); i++) {
      String earlier = s.assessedByGenome.get(genomes.get(i).key());
      if (earlier == null) continue;
      CandidatePack pack = s.packs.get(earlier);
      String candId = DomainState.candId(generation, i);
      events.add(new DomainEvent.CandidateAssessed(generation, candId, pack.reissued(candId, generation), scoreOf(s, earlier), earlier, at));
    }
    return Effect().persist(events).thenRun(st -> ctx.getSelf().tell(Advance.INSTANCE));
  }

  private static Double scoreOf(DomainState s, String candId) {
    return s.packs.get(candId).aggregate().scoreV2();
  }

  private DomainEvent.GenerationCompleted generationCompleted(DomainState s) {
    DomainState.Candidate best = null;
    int safe = 0;
    for (DomainState.Candidate c : s.candidates) {
      if (c.score == null) continue;
      safe++;
      if (best == null || c.score > best.score) best = c;
    }
    List<Double> ci = null;
    if (best != null) {
      CandidatePack p = s.packs.get(best.candId);
      ci = p.aggregate().scoreCi95();
    }
    return new DomainEvent.GenerationCompleted(
        s.generation, best == null ? null : best.candId, best == null ? null : best.score, ci, safe, s.candidates.size(), now());
  }

  private RecipientRef<BaselineStore.Command> lookupBaselineStore(DomainState s) {
    return ClusterSharding.get(ctx.getSystem())
        .entityRefFor(BaselineStore.TYPE_KEY, BaselineStore.entityId(s.domain, s.run.nodeClass()));
  }

  private Progress progress(DomainState s) {
    return new Progress(
        s.run == null ? null : s.run.runId(), s.domain, s.started(), s.generation, s.run == null ? 0 : s.run.generations(),
        s.trialsRecorded, s.bestCandId, s.bestScore, s.finished);
  }

  static String now() {
    return Instant.now().toString();
  }
}
