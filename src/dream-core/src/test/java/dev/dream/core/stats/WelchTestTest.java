package dev.dream.core.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dream.core.domain.Kpi;
import org.junit.jupiter.api.Test;

class WelchTestTest {
  static final double[] CANDIDATE = {101.0, 99.5, 103.2, 100.8, 102.1};
  static final double[] BASELINE = {98.0, 99.1, 97.5, 98.8, 99.9, 98.2};

  @Test
  void oneSidedInTheKpisBetterDirection() {
    // scipy.stats.ttest_ind(c, b, equal_var=False, alternative='greater' / 'less')
    assertEquals(0.0038912750, WelchTest.pImproves(CANDIDATE, BASELINE, Kpi.Better.HIGHER).orElseThrow(), 1e-8);
    assertEquals(0.9961087250, WelchTest.pImproves(CANDIDATE, BASELINE, Kpi.Better.LOWER).orElseThrow(), 1e-8);
  }

  @Test
  void needsTwoValuesOnEachSide() {
    assertTrue(WelchTest.pImproves(new double[] {1}, BASELINE, Kpi.Better.HIGHER).isEmpty());
  }

  @Test
  void noSpreadAnywhereIsCertain() {
    assertEquals(0.0, WelchTest.pImproves(new double[] {2, 2}, new double[] {1, 1}, Kpi.Better.HIGHER).orElseThrow());
    assertEquals(1.0, WelchTest.pImproves(new double[] {2, 2}, new double[] {1, 1}, Kpi.Better.LOWER).orElseThrow());
  }
}
