package dev.dream.cluster.run;

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
 * The sim workload's KPIs (the contract's formula, through {@link SimFunction}) without the wall-clock
 * part: the same trial always gives the same numbers. Optionally holds the n-th trial matching a
 * predicate until the test releases it, so that a test can act while that trial is in flight.
 */
final class SimExecutor implements TrialExecutor {
  private final Predicate<TrialSpec> holdWhich;
  private final int holdNth;
  private final AtomicInteger matching = new AtomicInteger();
  final CompletableFuture<String> held = new CompletableFuture<>();
  final CompletableFuture<Void> release = new CompletableFuture<>();
  final AtomicInteger executed = new AtomicInteger();

  SimExecutor() {
    this(s -> false, 0);
  }

  SimExecutor(Predicate<TrialSpec> holdWhich, int holdNth) {
    this.holdWhich = holdWhich;
    this.holdNth = holdNth;
  }

  @Override
  public TrialResult run(TrialSpec spec) {
    executed.incrementAndGet();
    if (holdWhich.test(spec) && matching.incrementAndGet() == holdNth) {
      held.complete(spec.trialId());
      try {
        release.get(60, TimeUnit.SECONDS);
      } catch (Exception e) {
        return new TrialResult(spec.trialId(), TrialResult.Outcome.FAILED, Map.of(), Map.of(), List.of(), "held: " + e, 0, "stub");
      }
    }
    SimKpis k = SimFunction.kpis(SimParams.from(spec.regimeSpec().workload()), spec.domainSpec().knobs(), spec.genome(),
        spec.runSeed(), spec.regime(), spec.index());
    return new TrialResult(spec.trialId(), TrialResult.Outcome.OK,
        Map.of(SimKpis.PERF, k.perf(), SimKpis.P95, k.p95Ms(), SimKpis.WATTS, k.watts()), Map.of(), List.of(), null, 0, "stub");
  }
}
