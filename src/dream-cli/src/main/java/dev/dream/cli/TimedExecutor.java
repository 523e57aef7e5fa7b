package dev.dream.cli;

import dev.dream.trials.TrialExecutor;
import dev.dream.trials.TrialResult;
import dev.dream.trials.TrialSpec;

/**
 * Wraps the real executor to see how much time the trials spent
 * inside the executor itself (probes, knobs, the workload), and how long the runner had no trial at all
 * between the first and the last (with one slot: the round trip from one trial's end to the next one's
 * start).
 */
final class TimedExecutor implements TrialExecutor {
  private final TrialExecutor inner;
  private long runs;
  private long nanosInside;
  private int active;
  private long idleSince = -1;
  private long nanosIdle;
  private long nanosIdleLong;
  private long gapsLong;

  TimedExecutor(TrialExecutor inner) {
    this.inner = inner;
  }

  @Override
  public TrialResult run(TrialSpec spec) {
    long t0 = System.nanoTime();
    synchronized (this) {
      if (active++ == 0 && idleSince >= 0) {
        nanosIdle += t0 - idleSince;
        if (t0 - idleSince >= LONG_GAP_NANOS) {
          nanosIdleLong += t0 - idleSince;
          gapsLong++;
        }
      }
    }
    try {
      return inner.run(spec);
    } finally {
      long t1 = System.nanoTime();
      synchronized (this) {
        nanosInside += t1 - t0;
        runs++;
        if (--active == 0) idleSince = t1;
      }
    }
  }

  /** Idle stretches at least this long are counted apart: the pipeline had no trial ready (a generation's end, say). */
  static final long LONG_GAP_NANOS = 5_000_000;

  /** Idle stretches of {@link #LONG_GAP_NANOS} or more: how many, and their milliseconds in all. */
  synchronized long longGaps() {
    return gapsLong;
  }

  synchronized double longGapsMs() {
    return nanosIdleLong / 1e6;
  }

  synchronized double meanMsInside() {
    return runs == 0 ? 0 : nanosInside / 1e6 / runs;
  }

  /** Milliseconds per trial during which no trial ran, between the first trial's start and the last one's end. */
  synchronized double idleMsPerTrial() {
    return runs == 0 ? 0 : nanosIdle / 1e6 / runs;
  }
}
