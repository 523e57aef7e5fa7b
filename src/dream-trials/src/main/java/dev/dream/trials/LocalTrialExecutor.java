package dev.dream.trials;

import dev.dream.core.score.RegimeEvidence;
import dev.dream.trials.knob.AppliedKnobs;
import dev.dream.trials.knob.ApplyJournal;
import dev.dream.trials.knob.KnobActuator;
import dev.dream.trials.knob.KnobApplier;
import dev.dream.trials.knob.KnobException;
import dev.dream.trials.knob.OrphanedWorkloads;
import dev.dream.trials.knob.Recovered;
import dev.dream.trials.probe.Probe;
import dev.dream.trials.probe.Readings;
import dev.dream.trials.workload.Workload;
import dev.dream.trials.workload.WorkloadContext;
import dev.dream.trials.workload.WorkloadRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Runs trials on this node: apply knobs → warm up → run the regime's workload while sampling KPIs and
 * checking caps → restore knobs (in a finally block). Never throws: every failure is a result.
 *
 * <p>Parts are pluggable: workloads ({@link WorkloadRegistry}), probes ({@link Probe}) and knob actuators
 * ({@link KnobActuator}, by actuator kind). One executor per journal directory: on construction it kills the
 * workload processes a crashed predecessor left running (their PIDs are journaled while they run) and
 * restores the knobs it left applied, and while anything stays undone it refuses to run trials, because
 * every measurement would be of a machine in an unknown state.
 *
 * <p>When the JVM is asked to stop (SIGTERM, SIGINT, System.exit) while trials run, a shutdown hook cancels
 * them, which kills their workloads' process trees, and restores their knobs before the JVM exits; only a
 * SIGKILL leaves that to the apply-journal and the next start.
 *
 * <p>Times: a {@link dev.dream.core.domain.CapBreach}'s {@code atS} counts from the moment the knobs were
 * applied, warm-up included (a breach in the warm-up is as real as one after it). Knobs held at stock
 * (system changes not allowed) are reported in {@link TrialResult#unavailable()} under
 * {@code "knob:<name>"} with the reason, so that the run can say so.
 */
public final class LocalTrialExecutor implements TrialExecutor, AutoCloseable {
  /** The key prefix, in {@link TrialResult#unavailable()}, of a knob that was held at its stock value. */
  public static final String HELD_KNOB_PREFIX = RegimeEvidence.HELD_KNOB_PREFIX;

  /**
   * @param node the node name put in every result
   * @param journalDir the apply-journal directory (node-local, kept across restarts)
   * @param scratchRoot where each trial gets a scratch directory (removed after the trial)
   * @param samplePeriod how often probes are read and caps checked
   * @param cancelGrace how long a cancelled workload gets to stop before it is abandoned
   * @param deadlineSlack added to a trial's planned time at the least, so that a zero-length trial has
   *     time to start; the multiplier still governs long trials
   */
  public record Options(
      String node, Path journalDir, Path scratchRoot, Duration samplePeriod, Duration cancelGrace, Duration deadlineSlack) {
    public static Options defaults(String node, Path dataDir) {
      return new Options(node, dataDir.resolve("apply-journal"), dataDir.resolve("scratch"),
          Duration.ofMillis(500), Duration.ofSeconds(5), Duration.ofSeconds(2));
    }

    public Options withSamplePeriod(Duration d) {
      return new Options(node, journalDir, scratchRoot, d, cancelGrace, deadlineSlack);
    }

    public Options withDeadlineSlack(Duration d) {
      return new Options(node, journalDir, scratchRoot, samplePeriod, cancelGrace, d);
    }
  }

  private static final AtomicInteger THREADS = new AtomicInteger();

  /** A trial between applying its knobs and restoring them. */
  private record InFlight(WorkloadContext ctx, AppliedKnobs applied) {}

  private final java.util.Set<InFlight> inFlight = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final Thread shutdownHook = new Thread(this::stopInFlight, "dream-trial-shutdown");
  private final Options options;
  private final WorkloadRegistry workloads;
  private final List<Probe> probes;
  private final KnobApplier applier;
  private final ApplyJournal journal;
  private final List<Recovered> recovery;
  /** Set once the JVM's shutdown cancels the trials in flight: their failures are interruptions. */
  private volatile boolean shuttingDown;
  private volatile Duration shutdownGrace = Duration.ZERO;
  private final ExecutorService pool =
      Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "dream-trial-workload-" + THREADS.incrementAndGet());
        t.setDaemon(true); // an abandoned, hung workload must not keep the JVM alive
        return t;
      });

  public LocalTrialExecutor(
      Options options, WorkloadRegistry workloads, List<Probe> probes, Map<String, KnobActuator> actuators)
      throws IOException {
    this.options = options;
    this.workloads = workloads;
    this.probes = List.copyOf(probes);
    this.journal = new ApplyJournal(options.journalDir());
    this.applier = new KnobApplier(actuators, journal);
    // Orphaned workloads first: they would go on loading the machine while the knobs are put back.
    List<Recovered> recovered = new ArrayList<>(OrphanedWorkloads.sweep(journal));
    recovered.addAll(journal.restorePending(actuators));
    this.recovery = List.copyOf(recovered);
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** Trials running now; for tests. */
  int trialsInFlight() {
    return inFlight.size();
  }

  @Override
  public void finishTrialsOnShutdown(Duration grace) {
    shutdownGrace = grace;
  }

  /**
   * Lets the trials in flight finish for up to the shutdown grace, then cancels those left (killing their
   * workloads) and restores their knobs; restoring is idempotent.
   */
  void stopInFlight() {
    long deadline = System.nanoTime() + shutdownGrace.toNanos();
    while (!inFlight.isEmpty() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        break;
      }
    }
    shuttingDown = true;
    for (InFlight f : inFlight) {
      f.ctx().cancel();
      f.applied().restore();
    }
  }

  /**
   * The executor of a Linux node: every workload that needs nothing installed, the standard probes and the
   * sysfs/procfs/workload-arg/env actuators, reading and writing under {@code $DREAM_SYS_ROOT}.
   */
  public static LocalTrialExecutor standard(Options options) throws IOException {
    dev.dream.trials.probe.SysRoot root = dev.dream.trials.probe.SysRoot.fromEnv();
    return new LocalTrialExecutor(
        options, WorkloadRegistry.standard(), dev.dream.trials.probe.Probes.standard(root),
        dev.dream.trials.knob.Actuators.standard(root));
  }

  /**
   * What this executor did, when it started, with what a crashed predecessor left in the apply-journal:
   * orphaned workload processes killed, knobs restored (empty after a clean stop).
   */
  public List<Recovered> recovery() {
    return recovery;
  }

  public ApplyJournal journal() {
    return journal;
  }

  /**
   * The deadline of a trial's workload: {@link TrialSpec#deadlineS()}, but at least the planned time plus the
   * slack (so that a zero-length trial has time to start), and never more than max_trial_duration_s.
   */
  public static double deadlineS(TrialSpec spec, Options options) {
    double planned = spec.execution().warmupS() + spec.regimeSpec().durationS();
    double slack = options.deadlineSlack().toNanos() / 1e9;
    return Math.min(Math.max(spec.deadlineS(), planned + slack), spec.global().maxTrialDurationS());
  }

  @Override
  public TrialResult run(TrialSpec spec) {
    long start = System.nanoTime();
    try {
      return runChecked(spec, start);
    } catch (Throwable t) {
      if (t instanceof InterruptedException) Thread.currentThread().interrupt();
      return result(spec, start, TrialResult.Outcome.FAILED, Readings.EMPTY, List.of(), TrialRun.describe(t), Map.of());
    }
  }

  private TrialResult runChecked(TrialSpec spec, long start) throws Exception {
    String stuck = unrestored();
    if (stuck != null) return result(spec, start, TrialResult.Outcome.FAILED, Readings.EMPTY, List.of(), stuck, Map.of());
    Workload workload;
    try {
      workload = workloads.create(spec.regimeSpec().workload());
    } catch (RuntimeException e) {
      return result(spec, start, TrialResult.Outcome.FAILED, Readings.EMPTY, List.of(), TrialRun.describe(e), Map.of());
    }
    KpiPlan plan = KpiPlan.of(spec.domainSpec(), spec.caps(), spec.regimeSpec().workload().kind(), workload, probes);
    AppliedKnobs applied;
    try {
      applied = applier.apply(spec, workload.startsProcesses());
    } catch (KnobException e) {
      return result(spec, start, TrialResult.Outcome.FAILED, Readings.EMPTY, List.of(), e.getMessage(), Map.of());
    }
    TrialRun.Result r;
    List<String> restoreFailures;
    Path scratch = null;
    try {
      scratch = options.scratchRoot().resolve("trial-" + java.util.UUID.randomUUID());
      long t0 = System.nanoTime();
      TrialRun[] run = new TrialRun[1];
      WorkloadContext ctx = new WorkloadContext(spec, applied.args(), applied.env(), applied.placement(), scratch,
          (k, v) -> run[0].onLive(k, v), (pid, argv) -> journal.recordWorkload(spec.trialId(), pid, argv));
      run[0] = new TrialRun(spec, workload, plan, ctx, options, t0);
      InFlight f = new InFlight(ctx, applied);
      inFlight.add(f);
      try {
        r = run[0].execute(pool);
      } finally {
        inFlight.remove(f);
      }
    } finally {
      restoreFailures = applied.restore();
      deleteTree(scratch);
    }
    if (!restoreFailures.isEmpty()) {
      String error = (r.error() == null ? "" : r.error() + "; ") + String.join("; ", restoreFailures);
      // A machine left changed makes the measurement worthless to compare; a cap breach stays a breach.
      TrialResult.Outcome o = r.outcome() == TrialResult.Outcome.OK ? TrialResult.Outcome.FAILED : r.outcome();
      Readings kpis = o == TrialResult.Outcome.OK ? r.kpis() : Readings.EMPTY;
      return result(spec, start, o, kpis, r.breaches(), error, applied.held());
    }
    // Cut short by the shutdown (a cap breach found before that stays one): not the candidate's failure.
    if (shuttingDown && (r.outcome() == TrialResult.Outcome.FAILED || r.outcome() == TrialResult.Outcome.TIMEOUT)) {
      return result(spec, start, TrialResult.Outcome.FAILED, Readings.EMPTY, List.of(), TrialResult.INTERRUPTED, applied.held());
    }
    return result(spec, start, r.outcome(), r.kpis(), r.breaches(), r.error(), applied.held());
  }

  private String unrestored() {
    List<String> stuck = new ArrayList<>();
    for (Recovered r : recovery) if (!r.ok()) stuck.add(r.message());
    if (stuck.isEmpty()) return null;
    try {
      if (journal.isEmpty()) return null; // an operator cleared it
    } catch (IOException e) {
      // fall through with what we know
    }
    return "what an earlier crash left (knobs applied, workloads running) could not be undone, so this node refuses to measure: "
        + String.join("; ", stuck) + " (fix the machine, then remove the entries in " + journal.dir() + ")";
  }

  private TrialResult result(
      TrialSpec spec,
      long start,
      TrialResult.Outcome outcome,
      Readings kpis,
      List<dev.dream.core.domain.CapBreach> breaches,
      String error,
      Map<String, String> held) {
    Map<String, String> unavailable = new LinkedHashMap<>(kpis.unavailable());
    held.forEach((knob, why) -> unavailable.put(HELD_KNOB_PREFIX + knob, why));
    double durationS = (System.nanoTime() - start) / 1e9;
    return new TrialResult(
        spec.trialId(), outcome, kpis.values(), unavailable, List.copyOf(breaches), error, durationS, options.node());
  }

  private static void deleteTree(Path dir) {
    if (dir == null || !Files.exists(dir)) return;
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    } catch (IOException e) {
      // Scratch left behind costs disk space only; the next trial uses a fresh directory.
    }
  }

  /** Stops the workload threads; a trial in flight is cancelled by the interrupt. */
  @Override
  public void close() {
    pool.shutdownNow();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down: the hook runs anyway
    }
  }
}
