package dev.dream.cli;

import dev.dream.cluster.node.DreamNode;
import dev.dream.cluster.report.RunFiles;
import dev.dream.cluster.run.RunRegistry;
import dev.dream.cluster.run.RunSpec;
import dev.dream.cluster.service.ServiceSchedule;
import dev.dream.core.config.ConfigException;
import dev.dream.core.config.ConfigLoader;
import dev.dream.core.config.DreamConfig;
import dev.dream.core.schedule.Backoff;
import dev.dream.core.schedule.DomainSchedule;
import dev.dream.core.schedule.Durations;
import dev.dream.core.schedule.SchedulePolicy;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.japi.function.Function;
import org.apache.pekko.pattern.StatusReply;

/**
 * One domain of {@code dream service}, on its own thread: asks the domain's {@link ServiceSchedule} what to do,
 * waits for the slot, runs the campaign through the same code as {@code dream run}, and reports how it ended.
 *
 * <p>Only a campaign whose journal says it failed, or one that cannot be started (a config made invalid since,
 * say), counts as a failure and backs off in the journal. Losing the journal or the cluster while following a
 * campaign is not the campaign's failure: the loop waits (doubling, in memory) and follows it again.
 */
final class ServiceLoop implements Runnable {
  private static final Duration ASK = Duration.ofSeconds(30);

  private final DreamNode node;
  private final Path data;
  private final CommonOptions common;
  private final DomainSchedule schedule;
  private final Backoff backoff;
  private final boolean allowSystemChanges;
  private final ServiceLog log;
  private final AtomicBoolean stopping;
  private final EntityRef<ServiceSchedule.Command> entity;
  private final SecureRandom random = new SecureRandom();
  private final String nodeClass = Trials.nodeClass();
  private int troubleInARow;
  private Instant announced;

  ServiceLoop(DreamNode node, Path data, CommonOptions common, DomainSchedule schedule, Backoff backoff, boolean allowSystemChanges,
      ServiceLog log, AtomicBoolean stopping) {
    this.node = node;
    this.data = data;
    this.common = common;
    this.schedule = schedule;
    this.backoff = backoff;
    this.allowSystemChanges = allowSystemChanges;
    this.log = log;
    this.stopping = stopping;
    this.entity = node.sharding().entityRefFor(ServiceSchedule.TYPE_KEY, schedule.domain());
  }

  private String domain() {
    return schedule.domain();
  }

  @Override
  public void run() {
    while (!stopping.get()) {
      try {
        step();
        troubleInARow = 0;
      } catch (InterruptedException e) {
        return;
      } catch (Exception e) {
        if (stopping.get()) return;
        // The journal or the cluster is unreachable: nothing can be recorded, so back off here.
        troubleInARow++;
        Duration wait = SchedulePolicy.retryDelay(troubleInARow, backoff);
        log.line(domain() + ": cannot reach the schedule or the campaign (" + reason(e) + "); trying again in " + Durations.format(wait));
        try {
          TimeUnit.MILLISECONDS.sleep(wait.toMillis());
        } catch (InterruptedException ie) {
          return;
        }
      }
    }
  }

  /** One decision: follow the active campaign, or wait for the next slot and start one. */
  private void step() throws Exception {
    ServiceSchedule.State state = ask(ServiceSchedule.Get::new);
    if (state.active() != null) {
      resume(state.active());
      return;
    }
    Instant due = state.dueWith(schedule.interval(), Instant.now());
    if (due.isAfter(Instant.now())) {
      if (!due.equals(announced)) {
        announced = due;
        String why = state.failuresInARow() > 0 ? " (retry after " + state.failuresInARow() + " failure(s) in a row)" : "";
        log.line(domain() + ": next campaign at " + due.truncatedTo(ChronoUnit.SECONDS) + why);
      }
      TimeUnit.MILLISECONDS.sleep(Math.max(1, Duration.between(Instant.now(), due).toMillis()));
      return;
    }
    RunSpec run;
    try {
      run = newRun();
    } catch (CommandFailure e) {
      ServiceSchedule.State failed = ask(r -> new ServiceSchedule.Fail(null, e.getMessage(), Instant.now(), backoff, r));
      announced = failed.nextDue();
      log.line(domain() + ": cannot start a campaign: " + e.getMessage() + "; next try at " + failed.nextDue().truncatedTo(ChronoUnit.SECONDS));
      return;
    }
    StatusReply<RunSpec> created = node.sharding().entityRefFor(RunRegistry.TYPE_KEY, run.runId())
        .<StatusReply<RunSpec>>ask(r -> new RunRegistry.Create(run, r), ASK).toCompletableFuture().get(60, TimeUnit.SECONDS);
    if (created.isError()) throw new IllegalStateException("the run registry refused run " + run.runId() + ": " + created.getError().getMessage());
    ServiceSchedule.State begun = ask(r -> new ServiceSchedule.Begin(run.runId(), due, Instant.now(), r));
    if (!begun.active().runId().equals(run.runId())) return; // another service process began one first: follow it next
    log.line(domain() + ": campaign " + run.runId() + " started (seed " + run.seed() + ", planned " + due.truncatedTo(ChronoUnit.SECONDS) + ")");
    follow(run, due, false);
  }

  /** Continues the campaign that was running when the service stopped, from its journal. */
  private void resume(ServiceSchedule.Active active) throws Exception {
    StatusReply<RunSpec> got = node.sharding().entityRefFor(RunRegistry.TYPE_KEY, active.runId())
        .<StatusReply<RunSpec>>ask(RunRegistry.Get::new, ASK).toCompletableFuture().get(60, TimeUnit.SECONDS);
    if (got.isError()) {
      ServiceSchedule.State s = ask(r -> new ServiceSchedule.Fail(active.runId(), "run not in the journal", Instant.now(), backoff, r));
      announced = s.nextDue();
      log.line(domain() + ": campaign " + active.runId() + " is not in the journal; next try at " + s.nextDue().truncatedTo(ChronoUnit.SECONDS));
      return;
    }
    log.line(domain() + ": resuming campaign " + active.runId() + " (started " + active.startedAt().truncatedTo(ChronoUnit.SECONDS) + ")");
    follow(got.getValue(), active.planned(), true);
  }

  /** Runs (or, resumed, continues) a campaign to its end and records how it ended. */
  private void follow(RunSpec spec, Instant planned, boolean resumed) throws Exception {
    Campaign.Launched launched = Campaign.launch(node, data, spec, resumed);
    int shown = -1;
    while (true) {
      try {
        launched.done().get(1, TimeUnit.SECONDS);
        break;
      } catch (TimeoutException e) {
        RunFiles.DomainProgress p = launched.files().progress().get(domain());
        if (p != null && p.generation > shown) {
          shown = p.generation;
          log.line(domain() + ": campaign " + spec.runId() + " generation " + (p.generation + 1) + "/" + spec.generations()
              + (p.bestScore != null ? ", best " + ProgressView.fmt(p.bestScore) : ""));
        }
      } catch (ExecutionException e) {
        throw e.getCause() instanceof Exception x ? x : e;
      }
    }
    RunFiles.DomainProgress p = launched.files().progress().get(domain());
    String outcome = p == null || p.finished == null ? "finished" : p.finished;
    Instant ended = Instant.now();
    if (outcome.startsWith("failed")) {
      ServiceSchedule.State s = ask(r -> new ServiceSchedule.Fail(spec.runId(), outcome, ended, backoff, r));
      announced = s.nextDue();
      log.line(domain() + ": campaign " + spec.runId() + " " + outcome + "; next try at " + s.nextDue().truncatedTo(ChronoUnit.SECONDS)
          + " (failure " + s.failuresInARow() + " in a row)");
      return;
    }
    ServiceSchedule.State s = ask(r -> new ServiceSchedule.Finish(spec.runId(), outcome, ended, schedule.interval(), r));
    announced = s.nextDue();
    long missed = SchedulePolicy.missedSlots(planned, ended, schedule.interval());
    log.line(domain() + ": campaign " + spec.runId() + " finished (" + outcome + ")"
        + (p != null && p.bestCandId != null ? ": best " + p.bestCandId + " score_v2 " + ProgressView.fmt(p.bestScore) + ProgressView.ci(p.bestCi) : "")
        + "; files " + launched.files().runDir() + "; next at " + s.nextDue().truncatedTo(ChronoUnit.SECONDS)
        + (missed > 0 ? " (it ran past " + missed + " slot(s), skipped)" : ""));
  }

  /** A fresh run of this domain from the config as it is now (edits apply from the next campaign on). */
  private RunSpec newRun() {
    DreamConfig config;
    try {
      config = ConfigLoader.load(common.configDir());
    } catch (ConfigException e) {
      e.problems().forEach(p -> log.line(domain() + ": " + p.toString().replace("\n", " ")));
      throw new CommandFailure(ExitCodes.USAGE, e.problems().size() + " problem(s) in " + common.configDir());
    }
    if (!config.domains().containsKey(domain())) throw new CommandFailure(ExitCodes.USAGE, "domain " + domain() + " is no longer in " + config.dir());
    Map<String, ?> known = config.regimes().getOrDefault(domain(), Map.of());
    List<String> regimes = schedule.regimes() == null ? List.of() : schedule.regimes();
    for (String r : regimes) {
      if (!known.containsKey(r)) throw new CommandFailure(ExitCodes.USAGE, "domain " + domain() + " no longer has regime '" + r + "'");
    }
    if (known.isEmpty()) throw new CommandFailure(ExitCodes.USAGE, "domain " + domain() + " has no regimes in regimes.yaml");
    Instant now = Instant.now();
    long seed = random.nextLong() & Long.MAX_VALUE;
    return RunSpecs.create(config, new RunSpecs.Choices(List.of(domain()), schedule.population(), schedule.generations(), schedule.trials(),
            regimes, seed, schedule.strategy(), allowSystemChanges), RunSpecs.newRunId(now, random), now, nodeClass)
        .withNodes(List.of(node.address()));
  }

  private <T> T ask(Function<ActorRef<T>, ServiceSchedule.Command> message) throws Exception {
    return entity.ask(message, ASK).toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  private static String reason(Throwable e) {
    Throwable t = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
    return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
  }
}
