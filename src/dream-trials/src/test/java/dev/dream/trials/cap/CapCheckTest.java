package dev.dream.trials.cap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dream.core.domain.CapBreach;
import dev.dream.core.domain.Caps;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CapCheckTest {
  private final Map<String, Caps.Cap> caps =
      Map.of(
          "cpu_temp_c", new Caps.Cap("cpu_temp_c", null, 90.0),
          "thermal_throttle_events", new Caps.Cap("thermal_throttle_events", null, 0.0),
          "perf", new Caps.Cap("perf", 100.0, null));

  @Test
  void boundsAreInclusiveAndEachBrokenCapIsReported() {
    assertEquals(List.of(), CapCheck.check(caps, Map.of("cpu_temp_c", 90.0, "thermal_throttle_events", 0.0, "perf", 100.0), "r", 0, 1));
    List<CapBreach> b =
        CapCheck.check(caps, Map.of("cpu_temp_c", 90.5, "thermal_throttle_events", 1.0, "perf", 99.0), "stress", 2, 3.5);
    assertEquals(3, b.size());
    assertEquals(
        List.of(
            new CapBreach("stress", 2, "cpu_temp_c", 90.5, 90.0, "max", 3.5),
            new CapBreach("stress", 2, "perf", 99.0, 100.0, "min", 3.5),
            new CapBreach("stress", 2, "thermal_throttle_events", 1.0, 0.0, "max", 3.5)),
        b.stream().sorted(java.util.Comparator.comparing(CapBreach::kpi)).toList());
  }

  @Test
  void aKpiThatWasNotReadBreaksNothing() {
    assertEquals(List.of(), CapCheck.check(caps, Map.of("other", 1e9), "r", 0, 0));
  }
}
