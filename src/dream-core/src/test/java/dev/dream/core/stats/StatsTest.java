package dev.dream.core.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class StatsTest {
  static final double[] XS = {3, 1, 4, 1, 5, 9, 2, 6, 5, 3};

  @Test
  void meanAndSampleStandardDeviation() {
    assertEquals(3.9, Stats.mean(XS), 1e-12);
    assertEquals(Math.sqrt(54.9 / 9), Stats.stdev(XS), 1e-12);
    assertEquals(0, Stats.stdev(new double[] {7}), 0);
  }

  @Test
  void percentilesInterpolateLikeNumpy() {
    // numpy.percentile(XS, 95) = 7.65, numpy.percentile(XS, 50) = 3.5
    assertEquals(7.65, Stats.percentile(XS, 95), 1e-12);
    assertEquals(3.5, Stats.percentile(XS, 50), 1e-12);
    assertEquals(9, Stats.percentile(XS, 100), 0);
    assertEquals(3.0, XS[0], 0); // the input is not reordered
  }

  @Test
  void emptyOrNonFiniteInputIsAnError() {
    assertThrows(IllegalArgumentException.class, () -> Stats.mean(new double[0]));
    assertThrows(IllegalArgumentException.class, () -> Stats.stdev(new double[] {1, Double.POSITIVE_INFINITY}));
    assertThrows(IllegalArgumentException.class, () -> Stats.percentile(XS, 101));
  }
}
