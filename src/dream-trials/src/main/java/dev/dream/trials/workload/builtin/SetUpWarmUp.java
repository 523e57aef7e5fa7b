package dev.dream.trials.workload.builtin;

import dev.dream.trials.workload.WorkloadContext;

/**
 * The warm-up of a builtin workload that must first set itself up (write its file, open its connections,
 * fill its buffer): setting up counts as warm-up time, and the work runs for whatever is left of warmup_s.
 */
final class SetUpWarmUp {
  private SetUpWarmUp() {}

  interface Step {
    void run() throws Exception;
  }

  interface Timed {
    void run(double seconds) throws Exception;
  }

  static void run(WorkloadContext ctx, Step setUp, Timed work) throws Exception {
    long start = System.nanoTime();
    setUp.run();
    double left = ctx.warmupS() - (System.nanoTime() - start) / 1e9;
    if (left > 0) work.run(left);
  }
}
