package dev.dream.core.knob;

import static dev.dream.core.knob.Knobs.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.dream.core.domain.ActuatorSpec;
import dev.dream.core.domain.Genome;
import dev.dream.core.domain.Knob;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KnobSpaceRulesTest {
  private final KnobSpace space = KnobSpace.of(List.of(
      intKnob("threads", 1, 64, 1), floatKnob("util", 0.25, 1.0, 0.25), choice("gov", "a", "b"), bool("smt")));

  private static Genome genome(Object threads, Object util, Object gov, Object smt) {
    Map<String, Object> m = new HashMap<>();
    m.put("threads", threads);
    m.put("util", util);
    m.put("gov", gov);
    m.put("smt", smt);
    return new Genome(m);
  }

  @Test
  void containsOnlyGridValuesOfTheRightTypeForExactlyTheKnobs() {
    assertTrue(space.contains(genome(8L, 0.75, "a", true)));
    assertFalse(space.contains(genome(65L, 0.75, "a", true)), "above max");
    assertFalse(space.contains(genome(8L, 0.7, "a", true)), "off the step grid");
    assertFalse(space.contains(genome(8L, 1e300, "a", true)), "far above max");
    assertFalse(space.contains(genome(Long.MIN_VALUE, Double.NaN, "a", true)), "far below min, NaN");
    assertFalse(space.contains(genome(8L, 1L, "a", true)), "a Long for a float knob");
    assertFalse(space.contains(genome(8.0, 0.75, "a", true)), "a Double for an int knob");
    assertFalse(space.contains(genome(8L, 0.75, "c", true)), "unknown choice");
    assertFalse(space.contains(new Genome(Map.of("threads", 8L))), "missing knobs");
    Map<String, Object> extra = new HashMap<>(genome(8L, 0.75, "a", true).values());
    extra.put("other", 1L);
    assertFalse(space.contains(new Genome(extra)), "extra knob");
  }

  @Test
  void encodeRejectsGenomesOutsideTheSpaceNamingTheKnob() {
    var e = assertThrows(IllegalArgumentException.class, () -> space.encode(genome(8L, 0.7, "a", true)));
    assertTrue(e.getMessage().contains("util"), e.getMessage());
  }

  @Test
  void canonicalConvertsLooseTypes() {
    Genome loose = genome(8, 1L, "a", "true");
    assertEquals(genome(8L, 1.0, "a", true), space.canonical(loose));
  }

  @Test
  void stockTakesTheMachineValueOverTheDefaultAndNamesAKnobWithNeither() {
    ActuatorSpec arg = ActuatorSpec.workloadArg();
    KnobSpace s = KnobSpace.of(List.of(
        new Knob.IntKnob("swappiness", 0, 100, 10, false, 60L, arg),
        new Knob.ChoiceKnob("gov", List.of("performance", "powersave"), null, arg),
        new Knob.BoolKnob("smt", true, arg)));
    Genome g = s.stock(Map.of("gov", "schedutil", "swappiness", "35"));
    // Machine values win, are converted to the knob's type, and may lie outside the searched range.
    assertEquals(Map.of("swappiness", 35L, "gov", "schedutil", "smt", true), g.values());
    assertEquals(Map.of("swappiness", 60L, "gov", "powersave", "smt", true),
        s.stock(Map.of("gov", "powersave")).values());
    var e = assertThrows(IllegalArgumentException.class, () -> s.stock(Map.of()));
    assertTrue(e.getMessage().contains("'gov'"), e.getMessage());
    var unknown = assertThrows(IllegalArgumentException.class, () -> s.stock(Map.of("gov", "x", "nope", 1)));
    assertTrue(unknown.getMessage().contains("nope"), unknown.getMessage());
    var bad = assertThrows(IllegalArgumentException.class, () -> s.stock(Map.of("gov", "x", "swappiness", "lots")));
    assertTrue(bad.getMessage().contains("swappiness"), bad.getMessage());
  }

  @Test
  void rangesTheEncodingCannotHonourAreRejectedNamingTheKnob() {
    assertRejected(intKnob("k", 3, 12, 4), "not on the step grid");
    assertRejected(floatKnob("f", 0.1, 1.0, 0.25), "not on the step grid");
    assertRejected(intKnob("k", 5, 1, 1), "above max");
    assertRejected(logInt("k", 0, 10, 1), "log scale");
    assertRejected(logFloat("f", 0.0, 1.0, null), "log scale");
    assertRejected(floatKnob("f", 0, 1, -0.1), "step must be positive");
    assertRejected(floatKnob("f", 0, 1e9, 1e-6), "values, more than");
    assertRejected(choice("c", "a", "a"), "duplicate choices");
    var dup = assertThrows(IllegalArgumentException.class, () -> KnobSpace.of(List.of(bool("b"), bool("b"))));
    assertTrue(dup.getMessage().contains("'b'"));
  }

  @Test
  void maxOnTheGridWithinToleranceIsAcceptedAndReachedExactly() {
    // 0.1 + 0.2 is 0.30000000000000004 in binary: max must still count as on the grid and be the last level.
    Axis axis = KnobSpace.of(List.of(floatKnob("f", 0.1, 0.1 + 0.2, 0.1))).axis(0);
    assertEquals(3, axis.levels());
    assertEquals(0.1 + 0.2, axis.decode(1.0));
    assertEquals(0.2, axis.decode(0.5));
  }

  private static void assertRejected(Knob k, String why) {
    var e = assertThrows(IllegalArgumentException.class, () -> KnobSpace.of(List.of(k)));
    assertTrue(e.getMessage().contains("'" + k.name() + "'"), e.getMessage());
    assertTrue(e.getMessage().contains(why), e.getMessage());
  }
}
