package dev.dream.cluster.trial;

import dev.dream.trials.TrialExecutor;
import dev.dream.trials.TrialResult;
import dev.dream.trials.TrialSpec;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A stub executor whose trials run until the test lets them finish, so that a test can see trials in
 * flight without timing anything. Records the thread each trial ran on.
 */
final class GatedExecutor implements TrialExecutor {
  private final Map<String, CompletableFuture<String>> started = new ConcurrentHashMap<>();
  private final Map<String, CompletableFuture<Void>> gates = new ConcurrentHashMap<>();

  CompletableFuture<String> started(String trialId) {
    return started.computeIfAbsent(trialId, id -> new CompletableFuture<>());
  }

  void release(String trialId) {
    gates.computeIfAbsent(trialId, id -> new CompletableFuture<>()).complete(null);
  }

  void releaseAll() {
    gates.values().forEach(g -> g.complete(null));
  }

  /** The thread a started trial runs on. */
  String threadOf(String trialId) throws Exception {
    return started(trialId).get(10, TimeUnit.SECONDS);
  }

  @Override
  public TrialResult run(TrialSpec spec) {
    started(spec.trialId()).complete(Thread.currentThread().getName());
    try {
      gates.computeIfAbsent(spec.trialId(), id -> new CompletableFuture<>()).get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      return new TrialResult(spec.trialId(), TrialResult.Outcome.FAILED, Map.of(), Map.of(), List.of(), "gate: " + e, 0, "stub");
    }
    return new TrialResult(spec.trialId(), TrialResult.Outcome.OK, Map.of("perf", 100.0 + spec.index()), Map.of(), List.of(), null, 0, "stub");
  }
}
