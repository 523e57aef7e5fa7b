package dev.dream.trials;

import dev.dream.core.domain.CapBreach;
import dev.dream.trials.cap.CapCheck;
import dev.dream.trials.probe.Readings;
import dev.dream.trials.workload.Workload;
import dev.dream.trials.workload.WorkloadContext;
import dev.dream.trials.workload.WorkloadResult;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The measured part of one trial, knobs already applied: the workload runs (warm-up, then measurement) on a
 * pool thread while this thread samples the probes every period, checks the caps on every sample and on
 * every value the workload publishes, and watches the deadline. A breach or the deadline cancels the
 * workload at once (within one sample period of the reading that broke the cap).
 */
final class TrialRun {
  record Result(TrialResult.Outcome outcome, Readings kpis, List<CapBreach> breaches, String error) {}

  private final TrialSpec spec;
  private final Workload workload;
  private final KpiPlan plan;
  private final WorkloadContext ctx;
  private final LocalTrialExecutor.Options options;
  private final long t0;
  private final List<CapBreach> breaches = Collections.synchronizedList(new ArrayList<>());
  private final CountDownLatch finished = new CountDownLatch(1);
  private static final int NOT_STARTED = 0;
  private static final int RUNNING = 1;
  private static final int NEVER = 2;
  private final java.util.concurrent.atomic.AtomicInteger state = new java.util.concurrent.atomic.AtomicInteger();

  TrialRun(TrialSpec spec, Workload workload, KpiPlan plan, WorkloadContext ctx, LocalTrialExecutor.Options options, long t0) {
    this.spec = spec;
    this.workload = workload;
    this.plan = plan;
    this.ctx = ctx;
    this.options = options;
    this.t0 = t0;
  }

  /** Caps check for values the workload publishes while it runs (called on the workload's thread). */
  void onLive(String kpi, double value) {
    check(plan.rename(Map.of(kpi, value)));
  }

  Result execute(ExecutorService pool) throws InterruptedException {
    PhasedProbes probes = new PhasedProbes(plan.probes());
    Future<WorkloadResult> future = pool.submit(() -> {
      if (!state.compareAndSet(NOT_STARTED, RUNNING)) return null; // aborted before it began
      try {
        workload.warmUp(ctx);
        check(plan.probeValues(probes.beginMeasurement()));
        return workload.run(ctx);
      } finally {
        try {
          workload.close();
        } catch (Exception e) {
          // Cleaning up (a scratch file, a socket) does not change what was measured.
        } finally {
          finished.countDown();
        }
      }
    });
    try {
      return watch(future, probes);
    } catch (InterruptedException e) {
      // The node is stopping: the workload must not go on without anyone watching its caps.
      Result r = abort(future, TrialResult.Outcome.FAILED, "trial interrupted: this node is stopping");
      Thread.currentThread().interrupt();
      return r;
    }
  }

  private Result watch(Future<WorkloadResult> future, PhasedProbes probes) throws InterruptedException {
    long deadline = t0 + (long) (LocalTrialExecutor.deadlineS(spec, options) * 1e9);
    long period = options.samplePeriod().toNanos();
    long nextSample = System.nanoTime();
    while (true) {
      long now = System.nanoTime();
      if (now >= nextSample) {
        check(plan.probeValues(probes.sample()));
        nextSample = System.nanoTime() + period;
      }
      if (!breaches.isEmpty()) return abort(future, TrialResult.Outcome.CAP_BREACH, describeBreaches());
      now = System.nanoTime();
      if (now >= deadline) return abort(future, TrialResult.Outcome.TIMEOUT, describeDeadline());
      try {
        WorkloadResult r = future.get(Math.max(0, Math.min(nextSample, deadline) - now), TimeUnit.NANOSECONDS);
        return finish(r, probes);
      } catch (TimeoutException e) {
        // Next sample or deadline.
      } catch (ExecutionException e) {
        if (!breaches.isEmpty()) return abort(future, TrialResult.Outcome.CAP_BREACH, describeBreaches());
        return new Result(TrialResult.Outcome.FAILED, Readings.EMPTY, List.of(), describe(e.getCause()));
      }
    }
  }

  private Result finish(WorkloadResult r, PhasedProbes probes) {
    Readings kpis = plan.merge(r, probes.finish());
    check(kpis.values());
    if (!breaches.isEmpty()) {
      return new Result(TrialResult.Outcome.CAP_BREACH, Readings.EMPTY, List.copyOf(breaches), describeBreaches());
    }
    return new Result(TrialResult.Outcome.OK, kpis, List.of(), null);
  }

  private Result abort(Future<?> future, TrialResult.Outcome outcome, String why) throws InterruptedException {
    ctx.cancel();
    boolean neverStarted = state.compareAndSet(NOT_STARTED, NEVER);
    future.cancel(true);
    String error = why;
    long graceMs = options.cancelGrace().toMillis();
    if (!neverStarted && !finished.await(graceMs, TimeUnit.MILLISECONDS)) {
      error += "; the workload did not stop within " + graceMs + " ms of being cancelled and was abandoned";
    }
    List<CapBreach> seen;
    synchronized (breaches) {
      seen = List.copyOf(breaches);
    }
    return new Result(outcome, Readings.EMPTY, seen, error);
  }

  /**
   * Records each cap the first time it is crossed: samples that arrive while the trial is being aborted
   * repeat the same breach and would only blur when it happened.
   */
  private void check(Map<String, Double> values) {
    double atS = (System.nanoTime() - t0) / 1e9;
    synchronized (breaches) {
      for (CapBreach b : CapCheck.check(spec.caps(), values, spec.regime(), spec.index(), atS)) {
        boolean known = breaches.stream().anyMatch(old -> old.kpi().equals(b.kpi()) && old.bound().equals(b.bound()));
        if (!known) breaches.add(b);
      }
    }
  }

  private String describeBreaches() {
    List<String> parts = new ArrayList<>();
    synchronized (breaches) {
      for (CapBreach b : breaches) {
        parts.add(String.format("cap %s %s %s broken: %s at %.2f s", b.kpi(), b.bound(), num(b.limit()), num(b.value()), b.atS()));
      }
    }
    return String.join("; ", parts) + "; trial aborted and knobs restored";
  }

  private String describeDeadline() {
    return String.format(
        "trial ran past its deadline of %.2f s ((warmup %s s + duration %s s) x timeout_multiplier %s, at most max_trial_duration_s %s); workload cancelled",
        LocalTrialExecutor.deadlineS(spec, options), num(spec.execution().warmupS()), num(spec.regimeSpec().durationS()),
        num(spec.execution().timeoutMultiplier()), num(spec.global().maxTrialDurationS()));
  }

  static String describe(Throwable t) {
    if (t == null) return "unknown failure";
    String m = t.getMessage();
    if (t instanceof IllegalArgumentException && m != null) return m;
    return t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
  }

  private static String num(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
  }
}
