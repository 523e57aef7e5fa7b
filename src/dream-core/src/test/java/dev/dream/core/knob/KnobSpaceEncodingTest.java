package dev.dream.core.knob;

import static dev.dream.core.knob.Knobs.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.dream.core.domain.Genome;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;

class KnobSpaceEncodingTest {

  private static Set<Object> sweep(Axis axis, int points) {
    Set<Object> seen = new LinkedHashSet<>();
    for (int i = 0; i <= points; i++) seen.add(axis.decode((double) i / points));
    return seen;
  }

  private static List<Object> levels(LevelAxis axis) {
    List<Object> out = new ArrayList<>();
    for (long k = 0; k < axis.levels(); k++) out.add(axis.valueAt(k));
    return out;
  }

  @Test
  void stepGridIsAnchoredAtMinAndReachesBothEnds() {
    KnobSpace space = KnobSpace.of(List.of(intKnob("k", 3, 11, 4)));
    LevelAxis axis = (LevelAxis) space.axis(0);
    assertEquals(List.of(3L, 7L, 11L), levels(axis));
    assertEquals(Set.of(3L, 7L, 11L), sweep(axis, 10_000));
    assertEquals(3L, space.decode(new double[] {0.0}).get("k"));
    assertEquals(11L, space.decode(new double[] {1.0}).get("k"));
  }

  @Test
  void discreteDecodeGivesEveryLevelAnEqualCellAndEncodesToItsCentre() {
    LevelAxis axis = (LevelAxis) KnobSpace.of(List.of(intKnob("k", 0, 3, 1))).axis(0);
    assertEquals(0L, axis.decode(0.0));
    assertEquals(0L, axis.decode(0.2499));
    assertEquals(1L, axis.decode(0.25));
    assertEquals(2L, axis.decode(0.7499));
    assertEquals(3L, axis.decode(0.75));
    assertEquals(3L, axis.decode(1.0));
    assertEquals(0.125, axis.encode(0L));
    assertEquals(0.875, axis.encode(3L));
  }

  @Test
  void floatStepGridHasNoBinaryArtefacts() {
    LevelAxis axis = (LevelAxis) KnobSpace.of(List.of(floatKnob("f", 0.1, 0.9, 0.05))).axis(0);
    assertEquals(17, axis.levels());
    for (Object v : levels(axis)) {
      assertTrue(BigDecimal.valueOf((Double) v).scale() <= 2, () -> "artefact in " + v);
    }
    assertTrue(axis.contains(0.85));
    assertEquals(0.85, axis.decode(axis.encode(0.85)));
    assertEquals(0.1, axis.decode(0.0));
    assertEquals(0.9, axis.decode(1.0));
  }

  @Test
  void everyGenomeOfASmallMixedSpaceRoundTripsAndIsReachable() {
    KnobSpace space = KnobSpace.of(List.of(
        intKnob("threads", 1, 5, 1),
        floatKnob("util", 0.25, 1.0, 0.25),
        choice("gov", "performance", "schedutil", "powersave"),
        bool("smt"),
        logInt("buf", 1, 64, 1)));
    List<Genome> all = space.enumerate();
    assertEquals(5 * 4 * 3 * 2 * 64, all.size());
    assertEquals(all.size(), new HashSet<>(all).size());
    for (Genome g : all) {
      assertTrue(space.contains(g));
      double[] u = space.encode(g);
      for (double x : u) assertTrue(x >= 0 && x <= 1);
      assertEquals(g, space.decode(u));
    }
    // Decoding a fine sweep of each axis yields exactly the levels: nothing unreachable, nothing extra.
    for (int i = 0; i < space.dimension(); i++) {
      LevelAxis axis = (LevelAxis) space.axis(i);
      assertEquals(new HashSet<>(levels(axis)), sweep(axis, 200_000), space.knobs().get(i).name());
    }
  }

  @Test
  void logIntKeepsEveryIntegerAndGivesSmallValuesMoreMeasure() {
    LevelAxis axis = (LevelAxis) KnobSpace.of(List.of(logInt("n", 1, 1000, 1))).axis(0);
    assertEquals(1000, axis.levels());
    for (long v = 1; v <= 1000; v++) assertEquals(v, axis.decode(axis.encode(v)));
    assertEquals(1L, axis.decode(0.0));
    assertEquals(1000L, axis.decode(1.0));
    Set<Object> image = sweep(axis, 2_000_000);
    assertEquals(1000, image.size());
    // Value 1 owns far more of [0,1] than value 1000 does.
    double cellOf1 = axis.encode(2L) - axis.encode(1L);
    double cellOf1000 = axis.encode(1000L) - axis.encode(999L);
    assertTrue(cellOf1 > 100 * cellOf1000, cellOf1 + " vs " + cellOf1000);
    long previous = 0;
    for (Object v : image) {
      assertTrue((Long) v > previous, "decode is monotone");
      previous = (Long) v;
    }
  }

  @Test
  void logFloatGridIsReachableAndExact() {
    LevelAxis axis = (LevelAxis) KnobSpace.of(List.of(logFloat("f", 0.5, 64.0, 0.5))).axis(0);
    assertEquals(128, axis.levels());
    for (Object v : levels(axis)) assertEquals(v, axis.decode(axis.encode(v)));
    assertEquals(new HashSet<>(levels(axis)), sweep(axis, 500_000));
  }

  @Test
  void continuousEndsAreExactAndDecodedValuesRoundTrip() {
    KnobSpace space = KnobSpace.of(List.of(floatKnob("lin", -2.5, 7.25, null), logFloat("log", 1e-4, 3e3, null)));
    assertEquals(Map.of("lin", -2.5, "log", 1e-4), space.decode(new double[] {0, 0}).values());
    assertEquals(Map.of("lin", 7.25, "log", 3e3), space.decode(new double[] {1, 1}).values());
    UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(1L);
    for (int i = 0; i < 20_000; i++) {
      Genome g = space.decode(space.randomPoint(rng));
      assertTrue(space.contains(g));
      assertEquals(g, space.decode(space.encode(g)));
    }
    for (double v : new double[] {0.3, -1.0, 1e-3, 0.1, 5.5}) {
      Genome g = new Genome(Map.of("lin", v, "log", Math.abs(v)));
      assertEquals(g, space.decode(space.encode(g)), "user value " + v);
    }
  }

  @Test
  void continuousLogSpreadsDecadesEvenly() {
    Axis axis = KnobSpace.of(List.of(logFloat("f", 1e-3, 1e3, null))).axis(0);
    assertEquals(1.0, (Double) axis.decode(0.5), 1e-9);
    assertEquals(0.1, (Double) axis.decode(2.0 / 6), 1e-12);
  }

  @Test
  void randomGenomesOfLargeSpacesRoundTrip() {
    KnobSpace space = KnobSpace.of(List.of(
        intKnob("big", -1_000_000, 1_000_000, 1),
        logInt("huge", 1, 1_000_000_000, 1),
        floatKnob("fine", 0, 1000, 0.001),
        logFloat("lfine", 0.001, 1000, 0.001),
        choice("c", "a", "b", "c", "d", "e"),
        bool("b"),
        floatKnob("cont", 0, 1, null)));
    UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(2L);
    for (int i = 0; i < 20_000; i++) {
      Genome g = space.random(rng);
      assertTrue(space.contains(g), g::key);
      assertEquals(g, space.decode(space.encode(g)), g::key);
    }
    assertEquals(1_000_000_000L, space.decode(new double[] {0, 1, 0, 0, 0, 0, 0}).get("huge"));
    assertEquals(1000.0, space.decode(new double[] {0, 0, 1, 1, 0, 0, 0}).get("fine"));
  }

  @Test
  void sizeAndEnumerationOfDiscreteSpaces() {
    assertEquals(6, KnobSpace.of(List.of(bool("b"), choice("c", "x", "y", "z"))).size().getAsLong());
    assertTrue(KnobSpace.of(List.of(bool("b"), floatKnob("f", 0, 1, null))).size().isEmpty());
    KnobSpace single = KnobSpace.of(List.of(intKnob("k", 5, 5, 1)));
    assertEquals(List.of(new Genome(Map.of("k", 5L))), single.enumerate());
    assertEquals(5L, single.decode(new double[] {0.7}).get("k"));
  }
}
