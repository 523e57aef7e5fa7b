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
}
