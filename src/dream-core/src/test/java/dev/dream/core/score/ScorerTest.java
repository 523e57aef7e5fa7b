package dev.dream.core.score;

import static dev.dream.core.score.Fixtures.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dream.core.domain.Caps;
import dev.dream.core.stats.CiMethod;
import dev.dream.core.stats.CiOptions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScorerTest {
  static final Caps.Tolerance TOL = Caps.Tolerance.DEFAULT;

  static CandidateAssessment assess(List<RegimeEvidence> regimes) {
    return Scorer.assess(cpu(), TOL, regimes, CiOptions.DEFAULT, 42, "gen0_c0");
  }

  static RegimeEvidence scaled(String regime, double perf, double p95, double watts) {
    return regime(regime, 1.0, kpis(PERF, times(BASE_PERF, perf), P95, times(BASE_P95, p95),
        WATTS, times(BASE_WATTS, watts), TEMP, BASE_TEMP));
  }

  @Test
  void halfThePerformanceNeverImproves() {
    CandidateAssessment a = assess(List.of(scaled("normal", 0.5, 1, 1), scaled("stress", 0.5, 1, 1)));
    assertTrue(a.safe());
    assertEquals(-0.5, a.scoreV2(), 1e-9);
    assertTrue(a.scoreCi95().hi() < 0, "interval " + a.scoreCi95());
    assertFalse(a.improvesOverBaseline());
    assertTrue(a.toleranceBreaks().stream().anyMatch(b -> b.contains("perf_improvement_pct")));
  }

  @Test
  void aClearlyBetterCandidateImproves() {
    CandidateAssessment a = assess(List.of(scaled("normal", 1.2, 0.95, 1.0), scaled("stress", 1.2, 0.95, 0.98)));
    // normal: 0.2 − 0.2·(−0.05) = 0.21; stress: 0.21 − 0.1·(−0.02) = 0.212; mean 0.211
    assertEquals(0.211, a.scoreV2(), 1e-9);
    assertEquals(0.21, a.regime("normal").score(), 1e-9);
    assertTrue(a.scoreCi95().lo() > 0, "interval " + a.scoreCi95());
    assertTrue(a.toleranceBreaks().isEmpty(), a.toleranceBreaks().toString());
    assertTrue(a.improvesOverBaseline());
  }

  @Test
  void theBaselineScoresZeroAndDoesNotImprove() {
    CandidateAssessment a = assess(List.of(scaled("normal", 1, 1, 1), scaled("stress", 1, 1, 1)));
    assertEquals(0, a.scoreV2(), 1e-12);
    assertTrue(a.scoreCi95().contains(0));
    assertFalse(a.improvesOverBaseline());
  }

  @Test
  void anUnsafeCandidateHasNoScore() {
    CandidateAssessment breached = assess(List.of(scaled("normal", 1.5, 0.9, 0.9), withBreach(scaled("stress", 1.5, 0.9, 0.9))));
    assertFalse(breached.safe());
    assertNull(breached.scoreV2());
    assertNull(breached.scoreCi95());
    assertFalse(breached.improvesOverBaseline());
    assertTrue(breached.notes().stream().anyMatch(n -> n.contains("cpu_temp_c") && n.contains("max")), breached.notes().toString());
    // the evidence is still summarised, so that the pack shows what happened
    assertEquals(3, breached.regime("stress").delta().get(PERF).size());

    RegimeEvidence s = scaled("stress", 1.5, 0.9, 0.9);
    RegimeEvidence judgedUnsafe = new RegimeEvidence("stress", 1, 3, 0, s.kpis(), s.baseline(), false, List.of(), Map.of());
    CandidateAssessment b = assess(List.of(scaled("normal", 1.5, 0.9, 0.9), judgedUnsafe));
    assertFalse(b.safe());
    assertNull(b.scoreV2());
  }

  @Test
  void anUnmeasurableWattsKpiDropsItsTermAndIsListed() {
    Map<String, List<Double>> noWatts = kpis(PERF, times(BASE_PERF, 1.1), P95, times(BASE_P95, 1.02), TEMP, BASE_TEMP);
    RegimeEvidence absent = regime("normal", 1, noWatts);
    RegimeEvidence declared = new RegimeEvidence("stress", 1, 3, 0, noWatts, baseline("stress"), true, List.of(),
        Map.of(WATTS, "no RAPL interface under /sys/class/powercap"));
    CandidateAssessment a = assess(List.of(absent, declared));
    assertEquals(List.of(WATTS), a.kpisUnavailable());
    // (1.1 − 1) − 0.2·(1.02 − 1) with no watts term at all
    assertEquals(0.1 - 0.2 * 0.02, a.scoreV2(), 1e-9);
    assertTrue(a.notes().stream().anyMatch(n -> n.contains("RAPL")), a.notes().toString());
    assertTrue(a.notes().stream().anyMatch(n -> n.contains("power_regression_pct not checked")), a.notes().toString());
    assertFalse(a.means().containsKey(WATTS));
  }

  static RegimeEvidence scaled(String regime, double weight, double perf, double p95, double watts) {
    return regime(regime, weight, kpis(PERF, times(BASE_PERF, perf), P95, times(BASE_P95, p95),
        WATTS, times(BASE_WATTS, watts), TEMP, BASE_TEMP));
  }

  @Test
  void aRegimeWhoseWorkloadHasNoP95ScoresWithoutItWhileTheOthersKeepIt() {
    // stress (weight 3): perf +10%, watts −5%, no p95 on either side: 0.1 − 0.1·(−0.05) = 0.105
    RegimeEvidence stress = withoutP95("stress", 3, 1.1, 0.95);
    // normal (weight 1): perf +10%, watts unchanged; p95 unchanged: 0.1; p95 +20%: 0.1 − 0.2·0.2 = 0.06
    CandidateAssessment equal = assess(List.of(scaled("normal", 1, 1.1, 1.0, 1.0), stress));
    CandidateAssessment slower = assess(List.of(scaled("normal", 1, 1.1, 1.2, 1.0), stress));

    assertEquals(0.1, equal.regime("normal").score(), 1e-9);
    assertEquals(0.06, slower.regime("normal").score(), 1e-9);
    assertEquals(0.105, slower.regime("stress").score(), 1e-9);
    assertEquals((0.1 + 3 * 0.105) / 4, equal.scoreV2(), 1e-9); // 0.10375
    assertEquals((0.06 + 3 * 0.105) / 4, slower.scoreV2(), 1e-9); // 0.09375
    assertTrue(slower.scoreV2() < equal.scoreV2());

    // p95 is measured in normal: not unavailable on the node; stress says which KPI it lacked and why
    assertEquals(List.of(), slower.kpisUnavailable());
    assertEquals(Map.of(P95, NO_LATENCY), slower.regime("stress").unavailable());
    assertEquals(Map.of(), slower.regime("normal").unavailable());
    assertTrue(slower.notes().stream().anyMatch(n -> n.contains("dropped in regime stress only")), slower.notes().toString());
    // and the latency tolerance is checked where p95 exists, no longer skipped for the whole domain
    assertEquals(1, slower.toleranceBreaks().size(), slower.toleranceBreaks().toString());
    assertTrue(slower.toleranceBreaks().get(0).contains("regime normal") && slower.toleranceBreaks().get(0).contains(P95),
        slower.toleranceBreaks().toString());
    assertFalse(slower.improvesOverBaseline());
    assertTrue(equal.notes().stream().anyMatch(n -> n.contains("latency_regression_pct for " + P95 + " not checked in regime stress")),
        equal.notes().toString());
  }

  @Test
  void aKpiTheCandidateLostWhereItsBaselineHasItIsUnavailableEverywhere() {
    // normal's baseline measured p95, this candidate's trials there did not: not the workload's doing
    RegimeEvidence lost = new RegimeEvidence("normal", 1, 3, 0,
        kpis(PERF, times(BASE_PERF, 1.1), WATTS, BASE_WATTS, TEMP, BASE_TEMP), baseline("normal"), true, List.of(),
        Map.of(P95, "the workload's latency recorder failed"));
    CandidateAssessment a = assess(List.of(lost, scaled("mixed", 1, 1.1, 1.5, 1.0)));
    assertEquals(List.of(P95), a.kpisUnavailable());
    // p95 is dropped in mixed too, whatever it measured there: 0.1 in both regimes
    assertEquals(0.1, a.scoreV2(), 1e-9);
    assertEquals(0.1, a.regime("mixed").score(), 1e-9);
  }

  @Test
  void aKpiNoRegimeMeasuresStaysUnavailable() {
    CandidateAssessment a = assess(List.of(withoutP95("normal", 1, 1.1, 1.0), withoutP95("stress", 1, 1.2, 1.0)));
    assertEquals(List.of(P95), a.kpisUnavailable());
    assertEquals((0.1 + 0.2) / 2, a.scoreV2(), 1e-9);
    assertEquals(NO_LATENCY, a.regime("normal").unavailable().get(P95));
  }

  @Test
  void aWeightedRegimeWithNoTermLeftHasNoScoreRatherThanZero() {
    // only p95 is weighted, and the stress regime does not produce it: its score would be made up
    CandidateAssessment a = Scorer.assess(cpu(Map.of(P95, 1.0)), TOL,
        List.of(scaled("normal", 1, 1.0, 0.9, 1.0), withoutP95("stress", 1, 1.0, 1.0)), CiOptions.DEFAULT, 1, "c");
    assertNull(a.scoreV2());
    assertTrue(a.notes().stream().anyMatch(n -> n.contains("regime stress has a value for none")), a.notes().toString());
    // a regime of weight 0 takes no part in the score: the others are scored, it has no regime score
    CandidateAssessment outside = Scorer.assess(cpu(Map.of(P95, 1.0)), TOL,
        List.of(scaled("normal", 1, 1.0, 0.9, 1.0), withoutP95("stress", 0, 1.0, 1.0)), CiOptions.DEFAULT, 1, "c");
    assertEquals(0.1, outside.scoreV2(), 1e-9);
    assertNull(outside.regime("stress").score());
  }

  @Test
  void aLatencyRegressionBlocksImprovementEvenWithAPositiveScore() {
    CandidateAssessment a = assess(List.of(scaled("normal", 1.3, 1.10, 1.0), scaled("stress", 1.3, 1.0, 1.0)));
    assertTrue(a.scoreCi95().lo() > 0, "interval " + a.scoreCi95());
    assertFalse(a.improvesOverBaseline());
    assertEquals(1, a.toleranceBreaks().size(), a.toleranceBreaks().toString());
    String brk = a.toleranceBreaks().get(0);
    assertTrue(brk.contains("normal") && brk.contains(P95) && brk.contains("latency_regression_pct") && brk.contains("+10.00%"), brk);
  }

  @Test
  void tooLittlePerfGainIsNotAnImprovementWhateverElseScores() {
    // perf +0.2% (< 0.5% required), watts −20%: score 0.002 + 0.02 > 0 with a tight interval
    CandidateAssessment a = assess(List.of(scaled("normal", 1.002, 1, 0.8), scaled("stress", 1.002, 1, 0.8)));
    assertTrue(a.scoreCi95().lo() > 0, "interval " + a.scoreCi95());
    assertFalse(a.improvesOverBaseline());
    assertTrue(a.toleranceBreaks().get(0).contains("perf_improvement_pct"), a.toleranceBreaks().toString());
  }

  @Test
  void riskProfileIsTheMaximumOverAllRegimes() {
    RegimeEvidence hot = regime("stress", 1, kpis(PERF, BASE_PERF, P95, BASE_P95, WATTS, BASE_WATTS, TEMP, v(80, 85, 82)));
    RegimeEvidence cool = regime("idle", 1, kpis(PERF, BASE_PERF, P95, BASE_P95, WATTS, BASE_WATTS, TEMP, v(40, 41, 42)));
    CandidateAssessment a = assess(List.of(hot, cool)); // the hot regime is not the last one
    assertEquals(85, a.riskProfile().get(TEMP));
    assertEquals(1012, a.riskProfile().get(PERF));
  }

  @Test
  void aRegimeWithoutBaselineLeavesTheCandidateUnscored() {
    RegimeEvidence s = scaled("stress", 2, 1, 1);
    RegimeEvidence noBaseline = new RegimeEvidence("stress", 1, 3, 0, s.kpis(), null, true, List.of(), Map.of());
    CandidateAssessment a = assess(List.of(scaled("normal", 2, 1, 1), noBaseline));
    assertTrue(a.safe());
    assertNull(a.scoreV2());
    assertFalse(a.improvesOverBaseline());
    assertNull(a.regime("stress").delta());
    assertNull(a.regime("stress").score());
    assertTrue(a.notes().stream().anyMatch(n -> n.contains("stress has no baseline")), a.notes().toString());
  }

  @Test
  void perRegimeStatisticsAndRegimeWeightedMeans() {
    RegimeEvidence normal = regime("normal", 1, kpis(PERF, v(1100, 1110, 1090), P95, BASE_P95, WATTS, BASE_WATTS, TEMP, BASE_TEMP));
    RegimeEvidence stress = regime("stress", 3, kpis(PERF, v(900, 905, 895), P95, BASE_P95, WATTS, BASE_WATTS, TEMP, BASE_TEMP));
    CandidateAssessment a = assess(List.of(normal, stress));
    RegimeAssessment n = a.regime("normal");
    assertEquals(1100, n.means().get(PERF), 1e-9);
    assertEquals(CiMethod.STUDENT_T, n.ciMethod());
    assertTrue(n.ci95().get(PERF).contains(1100));
    double b = (1000 + 1012 + 991) / 3.0;
    assertEquals(List.of(1100 - b, 1110 - b, 1090 - b), n.delta().get(PERF));
    assertEquals(Map.of("normal", 1100.0, "stress", 900.0, "overall", (1100 + 3 * 900) / 4.0), a.means().get(PERF));
    assertTrue(n.pImproves().get(PERF) < 0.01);
    assertTrue(a.regime("stress").pImproves().get(PERF) > 0.99);
    // the regime scores are weighted like the means
    assertEquals((n.score() + 3 * a.regime("stress").score()) / 4, a.scoreV2(), 1e-12);
  }

  @Test
  void declaredWeightsReplaceTheDefaults() {
    CandidateAssessment a = Scorer.assess(cpu(Map.of(PERF, 1.0, TEMP, 0.5)), TOL,
        List.of(scaled("normal", 1.1, 2.0, 2.0)), CiOptions.DEFAULT, 1, "c");
    // p95 and watts doubled but carry no weight; temperature unchanged
    assertEquals(0.1, a.scoreV2(), 1e-9);
  }

  @Test
  void failedTrialsAreNotInTheStatistics() {
    RegimeEvidence r = new RegimeEvidence("normal", 1, 2, 1,
        kpis(PERF, v(1100, 1120), P95, v(5, 5.1), WATTS, v(50, 50.5), TEMP, v(60, 61)), baseline("normal"), true, List.of(), Map.of());
    CandidateAssessment a = assess(List.of(r));
    assertEquals(1110, a.regime("normal").means().get(PERF), 1e-9);
    assertNotNull(a.scoreV2());
  }

  @Test
  void sameInputsGiveTheSameAssessment() {
    List<RegimeEvidence> ev = List.of(scaled("normal", 1.1, 0.9, 1.05), scaled("stress", 0.95, 1.1, 1));
    assertEquals(assess(ev), assess(ev));
  }

  @Test
  void nonsenseInputIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> assess(List.of()));
    assertThrows(IllegalArgumentException.class, () -> assess(List.of(scaled("overall", 1, 1, 1))));
    assertThrows(IllegalArgumentException.class, () -> assess(List.of(scaled("normal", 1, 1, 1), scaled("normal", 1, 1, 1))));
    assertThrows(IllegalArgumentException.class, () -> regime("normal", 1, kpis(PERF, v(1, Double.NaN))));
    assertThrows(IllegalArgumentException.class, () -> new Baseline("b", Map.of(PERF, 5.0), Map.of(PERF, List.of(1.0, 2.0))));
  }
}
