package dev.dream.trials.probe;

/**
 * One probe over one phase of a trial. {@link #sample()} is called every sample period (for the caps) and
 * {@link #finish()} once at the end (for the trial's KPIs). Neither throws; calls come from one thread at a
 * time.
 */
public interface ProbeSession {
  /**
   * The values now: an instantaneous reading (temperature), a rate since the previous sample (power,
   * utilization), or a counter's change since the session opened (throttle events).
   */
  Readings sample();

  /** The KPIs over the whole session: peaks, averages and counter changes since it opened. */
  Readings finish();
}
