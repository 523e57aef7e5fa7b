package dev.dream.cluster.http;

import dev.dream.cluster.baseline.BaselineStore;
import dev.dream.cluster.node.DreamNode;
import dev.dream.cluster.run.DomainCoordinator;
import dev.dream.cluster.run.JournalProgress;
import dev.dream.cluster.run.RunRegistry;
import dev.dream.cluster.run.RunSpec;
import dev.dream.cluster.trial.TrialDispatcher;
import dev.dream.core.pack.BaselinesFile;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.persistence.jdbc.query.javadsl.JdbcReadJournal;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * What the {@code /dream} routes answer. Runs and their progress come from the journal (the read side), so
 * that looking at a run never starts or resumes it; whether a coordinator is running comes from the shard
 * regions; the trials in flight from the TrialDispatcher and the baselines from their BaselineStore.
 */
final class RunQueries {
  private static final String RUN_PREFIX = RunRegistry.TYPE_KEY.name() + "|";

  private final ActorSystem<?> system;
  private final NodeServices services;
  private final Duration timeout;

  RunQueries(ActorSystem<?> system, NodeServices services, Duration timeout) {
    this.system = system;
    this.services = services;
    this.timeout = timeout;
  }

  private JdbcReadJournal journal() {
    return PersistenceQuery.get(system).getReadJournalFor(JdbcReadJournal.class, JdbcReadJournal.Identifier());
  }

  /** Every run in the journal, newest first (run ids sort by their start time). */
  CompletionStage<Views.Runs> runs() {
    CompletionStage<List<String>> ids = journal().currentPersistenceIds()
        .filter(pid -> pid.startsWith(RUN_PREFIX))
        .map(pid -> pid.substring(RUN_PREFIX.length()))
        .runWith(Sink.seq(), system);
    return ids.thenCompose(list -> alive().thenCompose(alive -> {
      List<CompletableFuture<Optional<Views.RunDetail>>> details = new ArrayList<>();
      for (String id : list) details.add(detail(id, alive).toCompletableFuture());
      return CompletableFuture.allOf(details.toArray(new CompletableFuture[0])).thenApply(v -> {
        List<Views.RunSummary> runs = new ArrayList<>();
        for (CompletableFuture<Optional<Views.RunDetail>> d : details) d.join().ifPresent(r -> runs.add(r.run()));
        runs.sort(Comparator.comparing(Views.RunSummary::runId).reversed());
        return new Views.Runs(runs);
      });
    }));
  }

  /** One run with the progress of each domain; empty when the journal has no such run. */
  CompletionStage<Optional<Views.RunDetail>> run(String runId) {
    return alive().thenCompose(alive -> detail(runId, alive));
  }

  private CompletionStage<ShardedEntities.Alive> alive() {
    return ShardedEntities.alive(system, DomainCoordinator.TYPE_KEY.name(), DreamNode.COORDINATOR, timeout);
  }

  private CompletionStage<Optional<Views.RunDetail>> detail(String runId, ShardedEntities.Alive alive) {
    return spec(runId).thenCompose(spec -> {
      if (spec.isEmpty()) return CompletableFuture.completedFuture(Optional.<Views.RunDetail>empty());
      RunSpec run = spec.get();
      List<CompletableFuture<Views.DomainProgress>> domains = new ArrayList<>();
      for (String domain : run.domains()) {
        domains.add(JournalProgress.of(system, runId, domain).thenApply(p -> domainView(run, domain, p, alive)).toCompletableFuture());
      }
      return CompletableFuture.allOf(domains.toArray(new CompletableFuture[0])).thenApply(v -> {
        List<Views.DomainProgress> ds = domains.stream().map(CompletableFuture::join).toList();
        Views.RunSummary summary = new Views.RunSummary(run.runId(), runState(ds), run.startedAtUtc(), run.domains(),
            run.generations(), run.seed(), run.nodeClass(), run.nodes() == null ? List.of() : run.nodes());
        return Optional.of(new Views.RunDetail(summary, run.dreamVersion(), run.codeHash(), ds));
      });
    });
  }

  /** The spec RunRegistry recorded, read from its journal (its only event). */
  private CompletionStage<Optional<RunSpec>> spec(String runId) {
    return journal().currentEventsByPersistenceId(RunRegistry.persistenceId(runId).id(), 0L, Long.MAX_VALUE)
        .map(env -> ((RunRegistry.Created) env.event()).spec())
        .runWith(Sink.headOption(), system);
  }

  private static Views.DomainProgress domainView(
      RunSpec run, String domain, Optional<DomainCoordinator.Progress> progress, ShardedEntities.Alive alive) {
    RunSpec.DomainPlan plan = run.plan(domain);
    String where = alive.where().get(DomainCoordinator.entityId(run.runId(), domain));
    String state = domainState(progress, where != null, alive.complete());
    DomainCoordinator.Progress p = progress.orElse(null);
    return new Views.DomainProgress(
        domain, state, Views.RUNNING.equals(state) ? where : null,
        p == null ? -1 : p.generation(), run.generations(), plan.evolution().population(),
        plan.regimes().stream().map(r -> r.name()).toList(), plan.execution().trials(),
        p == null ? 0 : p.trialsRecorded(), p == null ? null : p.bestCandId(), p == null ? null : p.bestScore(),
        p == null ? null : p.finished());
  }

  /**
   * Finished when the journal says so; else running when its coordinator is alive somewhere; else not
   * started when its journal is empty; else stopped, or unknown when some coordinator node did not answer.
   */
  static String domainState(Optional<DomainCoordinator.Progress> journal, boolean coordinatorAlive, boolean allRegionsAnswered) {
    if (journal.isPresent() && journal.get().finished() != null) return Views.FINISHED;
    if (coordinatorAlive) return Views.RUNNING;
    if (journal.isEmpty()) return Views.NOT_STARTED;
    return allRegionsAnswered ? Views.STOPPED : Views.UNKNOWN;
  }

  /** Running if any domain runs; finished when all have; else stopped, unknown or not started, in that order. */
  static String runState(List<Views.DomainProgress> domains) {
    List<String> states = domains.stream().map(Views.DomainProgress::state).toList();
    if (states.contains(Views.RUNNING)) return Views.RUNNING;
    if (!states.isEmpty() && states.stream().allMatch(Views.FINISHED::equals)) return Views.FINISHED;
    for (String s : List.of(Views.STOPPED, Views.UNKNOWN)) if (states.contains(s)) return s;
    // some domains finished, the others never started: the run stopped between them
    return states.contains(Views.FINISHED) ? Views.STOPPED : Views.NOT_STARTED;
  }

  CompletionStage<Views.Trials> trials() {
    return AskPattern.<TrialDispatcher.Command, TrialDispatcher.Status>ask(
            services.dispatcher(), TrialDispatcher.GetStatus::new, timeout, system.scheduler())
        .thenApply(s -> new Views.Trials(s.runners(), s.queued(),
            s.inFlight().stream().map(f -> new Views.TrialInFlight(f.trialId(), f.node(), f.ageMs(), f.attempt())).toList(),
            s.dispatched(), s.redispatched()));
  }

  /** The baselines.v2 document of one domain and node class (this node's unless named). */
  CompletionStage<BaselinesFile> baselines(String domain, Optional<String> nodeClass) {
    String nc = nodeClass.orElse(services.nodeClass());
    return ClusterSharding.get(system).entityRefFor(BaselineStore.TYPE_KEY, BaselineStore.entityId(domain, nc))
        .<BaselineStore.All>ask(BaselineStore.GetAll::new, timeout)
        .thenApply(all -> {
          BaselinesFile f = BaselinesFile.empty();
          for (BaselineStore.Stored s : all.byRegime().values()) f = f.with(s.record());
          return f;
        });
  }
}
