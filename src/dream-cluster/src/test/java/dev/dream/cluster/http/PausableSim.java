package dev.dream.cluster.http;

import dev.dream.trials.TrialExecutor;
import dev.dream.trials.TrialResult;
import dev.dream.trials.TrialSpec;
import dev.dream.trials.sim.SimFunction;
import dev.dream.trials.sim.SimKpis;
import dev.dream.trials.sim.SimParams;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * The sim workload's numbers, with the option to hold the first trial that matches a predicate until the
 * test lets it go, so that the test can look at a run while that trial is in flight. Counts executions.
 */
final class PausableSim implements TrialExecutor {
  final AtomicInteger executed = new AtomicInteger();
  volatile Predicate<TrialSpec> hold = s -> false;
  volatile CompletableFuture<String> held = new CompletableFuture<>();
  volatile CompletableFuture<Void> release = new CompletableFuture<>();

  /** Hold the next trial matching {@code which}; {@link #held} completes with its id once it runs. */
  void holdNext(Predicate<TrialSpec> which) {
    held = new CompletableFuture<>();
    release = new CompletableFuture<>();
    hold = which;
  }

  void releaseHeld() {
    hold = s -> false;
    release.complete(null);
  }

  @Override
  public TrialResult run(TrialSpec spec) {
    long start = System.nanoTime();
    executed.incrementAndGet();
    if (hold.test(spec) && held.complete(spec.trialId())) {
      try {
        release.get(60, TimeUnit.SECONDS);
      } catch (Exception e) {
        return new TrialResult(spec.trialId(), TrialResult.Outcome.FAILED, Map.of(), Map.of(), List.of(), "held: " + e,
            (System.nanoTime() - start) / 1e9, "test");
      }
    }
    SimKpis k = SimFunction.kpis(SimParams.from(spec.regimeSpec().workload()), spec.domainSpec().knobs(), spec.genome(),
        spec.runSeed(), spec.regime(), spec.index());
    return new TrialResult(spec.trialId(), TrialResult.Outcome.OK,
        Map.of(SimKpis.PERF, k.perf(), SimKpis.P95, k.p95Ms(), SimKpis.WATTS, k.watts()), Map.of(), List.of(), null,
        (System.nanoTime() - start) / 1e9, "test");
  }
}
