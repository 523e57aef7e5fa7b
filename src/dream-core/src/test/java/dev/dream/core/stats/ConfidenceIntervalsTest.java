package dev.dream.core.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.junit.jupiter.api.Test;

class ConfidenceIntervalsTest {
  /** A right-skewed sample (15 values), used for the BCa reference case. */
  static final double[] SKEWED = {0.62, 1.85, 0.33, 2.91, 0.47, 1.12, 0.21, 3.75, 0.88, 1.40, 0.55, 2.20, 0.95, 0.30, 1.68};

  @Test
  void noValuesGiveNoInterval() {
    assertTrue(ConfidenceIntervals.mean(new double[0], CiOptions.DEFAULT, 1, "m").isEmpty());
  }

  @Test
  void oneValueIsItsOwnIntervalWithoutMethod() {
    assertEquals(new Interval(4.2, 4.2, CiMethod.NONE), ConfidenceIntervals.mean(new double[] {4.2}, CiOptions.DEFAULT, 1, "m").orElseThrow());
  }

  @Test
  void fewValuesGetTheStudentTInterval() {
    // mean 3, s = 1.5811, se = 0.70711, t(0.975, 4) = 2.7764451 (scipy.stats.t.ppf)
    Interval i = ConfidenceIntervals.mean(new double[] {1, 2, 3, 4, 5}, CiOptions.DEFAULT, 1, "m").orElseThrow();
    assertEquals(CiMethod.STUDENT_T, i.method());
    assertEquals(3 - 2.7764451 * Math.sqrt(2.5 / 5), i.lo(), 1e-6);
    assertEquals(3 + 2.7764451 * Math.sqrt(2.5 / 5), i.hi(), 1e-6);
  }

  @Test
  void theBootstrapStartsAtMinBootstrapN() {
    double[] nine = Arrays.copyOf(SKEWED, 9);
    double[] ten = Arrays.copyOf(SKEWED, 10);
    assertEquals(10, CiOptions.DEFAULT.minBootstrapN());
    assertEquals(CiMethod.STUDENT_T, ConfidenceIntervals.mean(nine, CiOptions.DEFAULT, 1, "m").orElseThrow().method());
    assertEquals(CiMethod.BCA, ConfidenceIntervals.mean(ten, CiOptions.DEFAULT, 1, "m").orElseThrow().method());
    CiOptions forcedT = CiOptions.DEFAULT.withMethod(CiMethod.STUDENT_T);
    assertEquals(CiMethod.STUDENT_T, ConfidenceIntervals.mean(SKEWED, forcedT, 1, "m").orElseThrow().method());
  }

  @Test
  void bcaMatchesAnIndependentImplementation() {
    // Reference: scipy.stats.bootstrap((x,), np.mean, method='BCa', n_resamples=400000,
    // confidence_level=0.95) gives [0.86333, 1.90733]; percentile gives [0.81333, 1.82067].
    // Monte Carlo error with 100000 resamples here is about 0.004.
    double[] reps = ConfidenceIntervals.resampleMeans(SKEWED, 100_000, RandomStreams.of(7, "reference"));
    double a = BootstrapInterval.acceleration(List.of(ConfidenceIntervals.leaveOneOutMeans(SKEWED)));
    Interval bca = BootstrapInterval.bca(Stats.mean(SKEWED), reps.clone(), a, 0.95);
    Interval pct = BootstrapInterval.percentile(reps.clone(), 0.95);
    assertEquals(0.86333, bca.lo(), 0.015);
    assertEquals(1.90733, bca.hi(), 0.015);
    assertEquals(0.81333, pct.lo(), 0.015);
    assertEquals(1.82067, pct.hi(), 0.015);
    // BCa moves both ends toward the long right tail, as a skewed mean should.
    assertTrue(bca.lo() > pct.lo() && bca.hi() > pct.hi());
  }

  @Test
  void accelerationOfAMeanIsSkewnessOverSixRootN() {
    double m = Stats.mean(SKEWED);
    double s2 = 0;
    double s3 = 0;
    for (double x : SKEWED) {
      s2 += (x - m) * (x - m);
      s3 += (x - m) * (x - m) * (x - m);
    }
    double expected = s3 / (6 * Math.pow(s2, 1.5)); // 0.0458598 per numpy
    assertEquals(0.0458598, expected, 1e-6);
    assertEquals(expected, BootstrapInterval.acceleration(List.of(ConfidenceIntervals.leaveOneOutMeans(SKEWED))), 1e-12);
  }

  @Test
  void symmetricReplicatesHaveNoBiasCorrection() {
    assertEquals(0, BootstrapInterval.biasCorrection(0, new double[] {-2, -1, 0, 1, 2}), 1e-12);
    assertTrue(BootstrapInterval.biasCorrection(0, new double[] {-2, -1, -0.5, 1, 2}) > 0);
  }

  @Test
  void percentileOptionReadsTheExpandedQuantilesOfTheSameResamples() {
    CiOptions pct = CiOptions.DEFAULT.withMethod(CiMethod.PERCENTILE);
    Interval i = ConfidenceIntervals.mean(SKEWED, pct, 11, "latency").orElseThrow();
    assertEquals(CiMethod.PERCENTILE, i.method());
    double[] reps = ConfidenceIntervals.resampleMeans(SKEWED, pct.resamples(), RandomStreams.of(11, "latency"));
    double level = BootstrapInterval.expandedLevel(0.95, SKEWED.length);
    assertEquals(Stats.percentile(reps, 100 * (1 - level) / 2), i.lo(), 1e-12);
    assertEquals(Stats.percentile(reps, 100 * (1 + level) / 2), i.hi(), 1e-12);
  }

  @Test
  void expansionWidensSmallSamplesAndVanishesForLargeOnes() {
    // n = 10 at 95%: 2Φ(√(10/9)·t(0.975, 9)) − 1 = 2Φ(2.3845) − 1 = 0.9829.
    assertEquals(0.9829, BootstrapInterval.expandedLevel(0.95, 10), 1e-4);
    assertEquals(0.95, BootstrapInterval.expandedLevel(0.95, 100_000), 1e-4);
  }

  @Test
  void everyMetricHasItsOwnReproducibleStream() {
    double[] same = SKEWED.clone();
    Interval perf1 = ConfidenceIntervals.mean(same, CiOptions.DEFAULT, 42, "c/normal/perf").orElseThrow();
    Interval watts = ConfidenceIntervals.mean(same, CiOptions.DEFAULT, 42, "c/normal/watts").orElseThrow();
    Interval perf2 = ConfidenceIntervals.mean(same, CiOptions.DEFAULT, 42, "c/normal/perf").orElseThrow();
    assertEquals(perf1, perf2);
    assertNotEquals(perf1, watts);
    UniformRandomProvider a = RandomStreams.of(42, "perf");
    UniformRandomProvider b = RandomStreams.of(42, "watts");
    UniformRandomProvider a2 = RandomStreams.of(42, "perf");
    long[] sa = new long[8];
    long[] sb = new long[8];
    long[] sa2 = new long[8];
    for (int i = 0; i < 8; i++) {
      sa[i] = a.nextLong();
      sb[i] = b.nextLong();
      sa2[i] = a2.nextLong();
    }
    assertArrayEquals(sa, sa2);
    assertNotEquals(Arrays.toString(sa), Arrays.toString(sb));
    assertNotEquals(RandomStreams.of(43, "perf").nextLong(), RandomStreams.of(42, "perf").nextLong());
  }

  @Test
  void constantValuesGiveAZeroWidthInterval() {
    double[] flat = new double[12];
    Arrays.fill(flat, 5.0);
    assertEquals(0, ConfidenceIntervals.mean(flat, CiOptions.DEFAULT, 1, "m").orElseThrow().width());
    assertEquals(0, ConfidenceIntervals.mean(new double[] {5, 5, 5}, CiOptions.DEFAULT, 1, "m").orElseThrow().width());
  }

  @Test
  void nonFiniteValuesAreRejectedNotAveraged() {
    assertThrows(IllegalArgumentException.class,
        () -> ConfidenceIntervals.mean(new double[] {1, Double.NaN, 3}, CiOptions.DEFAULT, 1, "m"));
  }

  @Test
  void optionsRejectNonsense() {
    assertThrows(IllegalArgumentException.class, () -> new CiOptions(CiMethod.NONE, 2000, 0.95, 10));
    assertThrows(IllegalArgumentException.class, () -> new CiOptions(CiMethod.BCA, 2000, 1.0, 10));
    assertThrows(IllegalArgumentException.class, () -> new CiOptions(CiMethod.BCA, 10, 0.95, 10));
  }

  @Test
  void ciMethodJsonNames() {
    assertEquals("student-t", CiMethod.STUDENT_T.json());
    assertEquals(CiMethod.BCA, CiMethod.fromJson("bca"));
    assertThrows(IllegalArgumentException.class, () -> CiMethod.fromJson("BCa"));
  }
}
