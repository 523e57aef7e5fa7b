package dev.dream.trials.workload.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LatenciesTest {
  @Test
  void percentilesComeFromTheRecordedOperations() {
    Latencies a = new Latencies();
    Latencies b = new Latencies();
    for (int us = 1; us <= 1000; us++) (us % 2 == 0 ? a : b).record(us * 1000L);
    a.add(b);
    assertEquals(1000, a.count());
    // HdrHistogram with 3 significant digits: within 0.1 %.
    assertEquals(0.500, a.percentileMs(50), 0.001);
    assertEquals(0.950, a.percentileMs(95), 0.001);
    assertEquals(0.990, a.percentileMs(99), 0.001);
    assertTrue(Double.isNaN(new Latencies().percentileMs(95)));
  }

  @Test
  void workersRecordApartAndAreMergedOnceJoined() throws Exception {
    Latencies.PerWorker per = new Latencies.PerWorker(3);
    Workers.runAll("test-latencies", 3, w -> {
      Latencies l = per.of(w);
      for (int i = 1; i <= 100; i++) l.record((w * 100L + i) * 1000L);
    }, () -> {});
    Latencies all = per.merged();
    assertEquals(300, all.count());
    assertEquals(0.150, all.percentileMs(50), 0.001);
    assertEquals(0, new Latencies.PerWorker(2).merged().count(), "workers that never started record nothing");
  }

  @Test
  void thePercentileKpisAreUnavailableWithoutAnOperation() {
    assertEquals(java.util.Set.of("iops", "p50_latency_ms", "p95_latency_ms", "p99_latency_ms"), Latencies.withPercentiles("iops"));
    dev.dream.trials.workload.WorkloadResult none = new Latencies().putPercentiles(
        new dev.dream.trials.workload.WorkloadResult.Builder(), "no operation completed").build();
    assertTrue(none.kpis().isEmpty());
    assertEquals("no operation completed", none.unavailable().get("p95_latency_ms"));
    Latencies one = new Latencies();
    one.record(2_000_000);
    assertEquals(2.0, one.putPercentiles(new dev.dream.trials.workload.WorkloadResult.Builder(), "x").build().kpis().get("p99_latency_ms"), 0.002);
  }
}
