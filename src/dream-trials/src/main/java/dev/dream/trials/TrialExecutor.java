package dev.dream.trials;

/**
 * Runs one trial on this node: apply knobs, warm up, run the regime's workload while sampling KPIs and
 * checking caps, restore knobs. Blocking (callers put it on a dedicated dispatcher); never throws: every
 * failure is a {@link TrialResult} with its outcome and error.
 */
public interface TrialExecutor {
  TrialResult run(TrialSpec spec);
}
