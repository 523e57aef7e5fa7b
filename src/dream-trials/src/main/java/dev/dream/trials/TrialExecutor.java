package dev.dream.trials;

/**
 * Runs one trial on this node: apply knobs, warm up, run the regime's workload while sampling KPIs and
 * checking caps, restore knobs. Blocking (callers put it on a dedicated dispatcher); never throws: every
 * failure is a {@link TrialResult} with its outcome and error.
 */
public interface TrialExecutor {
  TrialResult run(TrialSpec spec);

  /**
   * How long trials in flight may go on when the JVM shuts down before they are cancelled (their knobs are
   * restored either way). By default they are cancelled at once, as an interrupted run wants; a node that
   * leaves gracefully gives them time to finish, so that their measurements are not lost.
   */
  default void finishTrialsOnShutdown(java.time.Duration grace) {}
}
