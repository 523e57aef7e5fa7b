package dev.dream.trials.workload.builtin;

import dev.dream.trials.workload.WorkloadResult;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.HdrHistogram.Histogram;

/**
 * Per-operation latencies in nanoseconds, one histogram per worker thread (HdrHistogram is not
 * thread-safe, see {@link PerWorker}), merged at the end. Percentiles therefore come from every real
 * operation, not a model.
 */
final class Latencies {
  static final String P50 = "p50_latency_ms";
  static final String P95 = "p95_latency_ms";
  static final String P99 = "p99_latency_ms";

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

  /** The KPIs of a workload that times its operations: its own, and the percentiles of their latency. */
  static Set<String> withPercentiles(String... kpis) {
    Set<String> all = new HashSet<>(List.of(kpis));
    all.addAll(List.of(P50, P95, P99));
    return Set.copyOf(all);
  }

  /** p50, p95 and p99 in milliseconds; without any operation they are unavailable for reason {@code none}. */
  WorkloadResult.Builder putPercentiles(WorkloadResult.Builder b, String none) {
    return b.put(P50, percentileMs(50), none).put(P95, percentileMs(95), none).put(P99, percentileMs(99), none);
  }

  /**
   * The latencies of a group of worker threads: each records into its own histogram, and they are merged
   * once the workers have been joined.
   */
  static final class PerWorker {
    private final Latencies[] workers;

    PerWorker(int count) {
      workers = new Latencies[count];
    }

    /** Worker {@code w}'s histogram; only that worker's thread records into it. */
    Latencies of(int w) {
      return workers[w] = new Latencies();
    }

    /** Every worker's latencies together (call after joining the workers). */
    Latencies merged() {
      Latencies all = new Latencies();
      for (Latencies l : workers) if (l != null) all.add(l);
      return all;
    }
  }
}
