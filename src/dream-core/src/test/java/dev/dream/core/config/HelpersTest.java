package dev.dream.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dream.core.domain.WorkloadSpec;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The small pure helpers behind the messages. */
class HelpersTest {
  @Test
  void distanceCountsASwapAsOneEdit() {
    assertEquals(0, DidYouMean.distance("step", "step"));
    assertEquals(1, DidYouMean.distance("stpe", "step"));
    assertEquals(1, DidYouMean.distance("thread", "threads"));
    assertEquals(3, DidYouMean.distance("kitten", "sitting"));
  }

  @Test
  void closestSuggestsTyposButNotUnrelatedWords() {
    List<String> keys = List.of("type", "min", "max", "step", "scale", "default", "actuator");
    assertEquals(Optional.of("step"), DidYouMean.closest("stpe", keys));
    assertEquals(Optional.of("default"), DidYouMean.closest("Default", keys));
    assertEquals(Optional.of("actuator"), DidYouMean.closest("actuatr", keys));
    assertEquals(Optional.empty(), DidYouMean.closest("banana", keys));
    assertEquals(Optional.of("cpu_temp_c"), DidYouMean.closest("temp", List.of("cpu_temp_c", "package_power_w")));
    assertEquals(Optional.of("retries"), DidYouMean.closest("retry", List.of("trials", "retries")));
    assertEquals("valid kinds: a, b", DidYouMean.fix("zzz", List.of("a", "b"), "kinds"));
    assertEquals("valid knobs: none declared", DidYouMean.fix("zzz", List.of(), "knobs"));
  }

  @Test
  void gridDivisibilityAndSuggestions() {
    assertTrue(KnobGrid.divides(0, 12, 3));
    assertFalse(KnobGrid.divides(0, 12, 5));
    assertTrue(KnobGrid.divides(0.1, 0.7, 0.1));
    assertFalse(KnobGrid.divides(0.25, 1.0, 0.3));
    assertTrue(KnobGrid.onGrid(0.25, 0.25, 0.75));
    assertEquals("5 or 10", KnobGrid.intNeighbours(0, 5, 7));
    assertEquals("0.5 or 0.75", KnobGrid.floatNeighbours(0.25, 0.25, 0.6));
    assertEquals("1, 2, 3, 4, 6, 12", KnobGrid.divisors(12));
    assertEquals("1, 2, 4, 5, 8, 10, 16, 20, 25, 32, 40, 50, ...", KnobGrid.divisors(100000));
  }

  @Test
  void numbersAreFormattedAsWritten() {
    assertEquals("12", Scalars.format(12.0));
    assertEquals("0.25", Scalars.format(0.25));
    assertEquals("-0.2", Scalars.format(-0.2));
  }

  @Test
  void everyWorkloadKindOfTheModelHasItsKeysDefined() {
    assertEquals(WorkloadSpec.KINDS, List.copyOf(WorkloadKinds.PARAMS.keySet()));
  }

  @Test
  void aShellStringIsSplitIntoAYamlList() {
    assertEquals("[bench, --threads, \"{threads}\", \"a:b\"]", WorkloadParser.asList("bench --threads {threads} a:b"));
  }
}
