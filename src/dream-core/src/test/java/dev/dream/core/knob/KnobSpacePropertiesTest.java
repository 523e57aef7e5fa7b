package dev.dream.core.knob;

import static dev.dream.core.knob.Knobs.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.dream.core.domain.Genome;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.LongRange;

class KnobSpacePropertiesTest {
  private static final KnobSpace SPACE = KnobSpace.of(List.of(
      intKnob("i", -50, 50, 5), logInt("l", 2, 5000, 2), floatKnob("s", 0.05, 0.95, 0.05),
      choice("c", "x", "y", "z"), bool("b"), logFloat("y", 0.5, 2000, null)));

  @Property(tries = 2000)
  void everyPointDecodesIntoTheSpaceAndRoundTrips(
      @ForAll @DoubleRange(min = 0, max = 1) double a, @ForAll @DoubleRange(min = 0, max = 1) double b,
      @ForAll @DoubleRange(min = 0, max = 1) double c, @ForAll @DoubleRange(min = 0, max = 1) double d,
      @ForAll @DoubleRange(min = 0, max = 1) double e, @ForAll @DoubleRange(min = 0, max = 1) double f) {
    Genome g = SPACE.decode(new double[] {a, b, c, d, e, f});
    assertTrue(SPACE.contains(g));
    assertEquals(g, SPACE.decode(SPACE.encode(g)));
  }

  @Property(tries = 1000)
  void everyIntegerOfAStepGridIsALevelExactlyWhenOnTheGrid(@ForAll @LongRange(min = -60, max = 60) long v) {
    boolean onGrid = v >= -50 && v <= 50 && Math.floorMod(v + 50, 5) == 0;
    assertEquals(onGrid, SPACE.axis(0).contains(v));
    if (onGrid) assertEquals(v, SPACE.axis(0).decode(SPACE.axis(0).encode(v)));
  }
}
