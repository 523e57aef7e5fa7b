package dev.dream.core.knob;

import static dev.dream.core.knob.Knobs.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;

class MutationTest {
  private final KnobSpace space = KnobSpace.of(List.of(
      intKnob("i", 0, 100, 1), logInt("l", 1, 4096, 1), floatKnob("s", 0, 2, 0.5), choice("c", "a", "b", "c", "d"),
      bool("b"), floatKnob("x", -1, 1, null), logFloat("y", 0.01, 100, null)));

  @Test
  void aMutatedGeneAlwaysTakesAnotherValueInsideTheSpace() {
    UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(7L);
    for (int n = 0; n < 5000; n++) {
      double[] u = space.randomPoint(rng);
      if (n % 10 == 0) u[n % u.length] = (n / 10) % 2; // the ends too
      for (int i = 0; i < u.length; i++) {
        double sigma = n % 3 == 0 ? 1e-6 : 0.1 * (1 + n % 5);
        double m = space.mutateGene(i, u[i], sigma, rng);
        assertTrue(m >= 0 && m <= 1, "coordinate " + m);
        assertNotEquals(space.axis(i).decode(u[i]), space.axis(i).decode(m), space.knobs().get(i).name());
      }
    }
  }

  @Test
  void orderedMutationFavoursNeighbours() {
    LevelAxis axis = (LevelAxis) space.axis(0);
    UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(8L);
    int[] byDistance = new int[101];
    for (int n = 0; n < 20_000; n++) {
      long from = 20 + n % 60;
      long to = axis.levelOf(axis.mutate(axis.centre(from), 0.1, rng));
      byDistance[(int) Math.abs(to - from)]++;
    }
    assertEquals(0, byDistance[0]);
    assertTrue(byDistance[1] > byDistance[5], "1 step more likely than 5");
    assertTrue(byDistance[5] > byDistance[20], "5 steps more likely than 20");
    assertTrue(byDistance[20] > 0, "far moves still happen");
  }

  @Test
  void choicesJumpToAnyOtherChoice() {
    LevelAxis axis = (LevelAxis) space.axis(3);
    UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(9L);
    int[] counts = new int[4];
    for (int n = 0; n < 9000; n++) counts[(int) axis.levelOf(axis.mutate(axis.centre(0), 0.1, rng))]++;
    assertEquals(0, counts[0]);
    for (int k = 1; k < 4; k++) assertEquals(3000, counts[k], 200, "choice " + k);
  }

  @Test
  void aSingleValuedKnobCannotChange() {
    Axis axis = KnobSpace.of(List.of(intKnob("k", 4, 4, 1))).axis(0);
    UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(10L);
    assertEquals(4L, axis.decode(axis.mutate(0.3, 0.1, rng)));
  }

  @Test
  void reflectionFoldsBackIntoTheUnitInterval() {
    assertEquals(0.2, UnitInterval.reflect(-0.2), 1e-15);
    assertEquals(0.7, UnitInterval.reflect(1.3), 1e-15);
    assertEquals(0.5, UnitInterval.reflect(2.5), 1e-15);
    assertEquals(0.5, UnitInterval.reflect(-1.5), 1e-15);
    assertEquals(1.0, UnitInterval.reflect(1.0));
  }
}
