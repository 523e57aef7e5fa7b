package dev.dream.trials.workload.builtin;

import org.HdrHistogram.Histogram;

/**
 * Per-operation latencies in nanoseconds, one histogram per worker thread (HdrHistogram is not
 * thread-safe), merged at the end. Percentiles therefore come from every real operation, not a model.
 */
final class Latencies {
  private final Histogram histogram = new Histogram(3);

  void record(long nanos) {
    histogram.recordValue(Math.max(0, nanos));
  }

  void add(Latencies other) {
    histogram.add(other.histogram);
  }

  long count() {
    return histogram.getTotalCount();
  }

  /** The {@code p}-th percentile in milliseconds, NaN when nothing was recorded. */
  double percentileMs(double p) {
    return count() == 0 ? Double.NaN : histogram.getValueAtPercentile(p) / 1e6;
  }
}
