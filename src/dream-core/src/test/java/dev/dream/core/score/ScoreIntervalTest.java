package dev.dream.core.score;

import static dev.dream.core.score.Fixtures.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dream.core.domain.Caps;
import dev.dream.core.stats.CiMethod;
import dev.dream.core.stats.CiOptions;
import dev.dream.core.stats.ConfidenceIntervals;
import dev.dream.core.stats.Interval;
import dev.dream.core.stats.RandomStreams;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.junit.jupiter.api.Test;

class ScoreIntervalTest {
  /** True KPI means of the baseline and of the candidate (perf +10%, p95 −5%, watts +3%). */
  static final double[] BASE = {1000, 5, 50};
  static final double[] CAND = {1100, 4.75, 51.5};
  /** 0.10 − 0.2·(−0.05) − 0.1·0.03 = 0.107 in every regime. */
  static final double TRUE_SCORE = 0.107;

  static RegimeEvidence simulated(String regime, int n, double noise, UniformRandomProvider rng) {
    ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(rng);
    double[][] base = new double[3][n];
    double[][] cand = new double[3][n];
    for (int k = 0; k < 3; k++)
      for (int i = 0; i < n; i++) {
        // lognormal noise with mean 1, so that the true means are exactly BASE and CAND
        base[k][i] = BASE[k] * Math.exp(noise * g.sample() - noise * noise / 2);
        cand[k][i] = CAND[k] * Math.exp(noise * g.sample() - noise * noise / 2);
      }
    Baseline b = Baseline.ofTrials("b_" + regime, kpis(PERF, base[0], P95, base[1], WATTS, base[2]));
    return new RegimeEvidence(regime, 1, n, 0, kpis(PERF, cand[0], P95, cand[1], WATTS, cand[2]), b, true, List.of(), Map.of());
  }

  static List<RegimeEvidence> experiment(int n, double noise, UniformRandomProvider rng) {
    return List.of(simulated("normal", n, noise, rng), simulated("stress", n, noise, rng));
  }

  @Test
  void withEnoughTrialsTheScoreIntervalIsAStratifiedBootstrap() {
    List<RegimeEvidence> ev = experiment(12, 0.05, RandomStreams.of(5, "data"));
    Interval bca = Scorer.assess(cpu(), Caps.Tolerance.DEFAULT, ev, CiOptions.DEFAULT, 7, "gen1_c2").scoreCi95();
    Interval again = Scorer.assess(cpu(), Caps.Tolerance.DEFAULT, ev, CiOptions.DEFAULT, 7, "gen1_c2").scoreCi95();
    Interval otherSeed = Scorer.assess(cpu(), Caps.Tolerance.DEFAULT, ev, CiOptions.DEFAULT, 8, "gen1_c2").scoreCi95();
    Interval pct = Scorer.assess(cpu(), Caps.Tolerance.DEFAULT, ev, CiOptions.DEFAULT.withMethod(CiMethod.PERCENTILE), 7, "gen1_c2").scoreCi95();
    Interval delta = Scorer.assess(cpu(), Caps.Tolerance.DEFAULT, ev, CiOptions.DEFAULT.withMinBootstrapN(100), 7, "gen1_c2").scoreCi95();
    assertEquals(CiMethod.BCA, bca.method());
    assertEquals(CiMethod.PERCENTILE, pct.method());
    assertEquals(CiMethod.STUDENT_T, delta.method());
    assertEquals(bca, again);
    assertNotEquals(bca, otherSeed);
    // two ways to the same quantity: the bootstrap and the delta method agree to within a fifth of the width
    assertEquals(delta.lo(), bca.lo(), 0.2 * delta.width());
    assertEquals(delta.hi(), bca.hi(), 0.2 * delta.width());
  }

  @Test
  void aSingleTrialGivesNoScoreInterval() {
    List<RegimeEvidence> ev = experiment(1, 0.05, RandomStreams.of(5, "data"));
    CandidateAssessment a = Scorer.assess(cpu(), Caps.Tolerance.DEFAULT, ev, CiOptions.DEFAULT, 7, "c");
    assertTrue(a.scoreV2() > 0);
    assertNull(a.scoreCi95());
    assertTrue(!a.improvesOverBaseline());
  }

  @Test
  void aBaselineKnownOnlyByItsMeansIsSaidToBeFixed() {
    RegimeEvidence r = experiment(3, 0.05, RandomStreams.of(5, "data")).get(0);
    RegimeEvidence meansOnly = new RegimeEvidence(r.regime(), 1, 3, 0, r.kpis(),
        new Baseline("b", r.baseline().means()), true, List.of(), Map.of());
    CandidateAssessment full = Scorer.assess(cpu(), Caps.Tolerance.DEFAULT, List.of(r), CiOptions.DEFAULT, 7, "c");
    CandidateAssessment fixed = Scorer.assess(cpu(), Caps.Tolerance.DEFAULT, List.of(meansOnly), CiOptions.DEFAULT, 7, "c");
    assertEquals(full.scoreV2(), fixed.scoreV2());
    assertTrue(fixed.scoreCi95().width() < full.scoreCi95().width());
    assertTrue(fixed.notes().stream().anyMatch(n -> n.contains("only means")), fixed.notes().toString());
  }

  /**
   * The interval follows the per-regime terms: with everything but normal's p95 the same trial after trial,
   * normal's p95 is the only spread, and it enters the interval although the stress regime has no p95. By
   * hand, delta method: point (0.1 − 0.2·(6/5 − 1) + 0.1)/2 = 0.08; gradient −0.5·0.2/5 = −0.02 on the
   * candidate's p95 mean (s² 0.25) and 0.5·0.2·6/25 = 0.024 on the baseline's (s² 0.04), so Var = 0.0004·0.25/3
   * + 0.000576·0.04/3 with Welch–Satterthwaite degrees of freedom.
   */
  @Test
  void theScoreIntervalCarriesTheP95OfTheRegimesThatMeasureIt() {
    Baseline normalBase = Baseline.ofTrials("b_normal", kpis(PERF, v(1000, 1000, 1000), P95, v(4.8, 5.0, 5.2), WATTS, v(50, 50, 50)));
    RegimeEvidence normal = new RegimeEvidence("normal", 1, 3, 0,
        kpis(PERF, v(1100, 1100, 1100), P95, v(5.5, 6.0, 6.5), WATTS, v(50, 50, 50)), normalBase, true, List.of(), Map.of());
    Baseline stressBase = Baseline.ofTrials("b_stress", kpis(PERF, v(1000, 1000, 1000), WATTS, v(60, 60, 60)));
    RegimeEvidence stress = new RegimeEvidence("stress", 1, 3, 0, kpis(PERF, v(1100, 1100, 1100), WATTS, v(60, 60, 60)),
        stressBase, true, List.of(), Map.of(P95, NO_LATENCY));
    CandidateAssessment a = Scorer.assess(cpu(), Caps.Tolerance.DEFAULT, List.of(normal, stress), CiOptions.DEFAULT, 7, "c");

    double vc = 0.02 * 0.02 * 0.25 / 3;
    double vb = 0.024 * 0.024 * 0.04 / 3;
    double df = (vc + vb) * (vc + vb) / (vc * vc / 2 + vb * vb / 2);
    Interval expected = ConfidenceIntervals.studentT(0.08, Math.sqrt(vc + vb), df, 0.95);
    assertEquals(0.08, a.scoreV2(), 1e-12);
    assertEquals(CiMethod.STUDENT_T, a.scoreCi95().method());
    assertEquals(expected.lo(), a.scoreCi95().lo(), 1e-9);
    assertEquals(expected.hi(), a.scoreCi95().hi(), 1e-9);
    assertTrue(a.scoreCi95().width() > 0.02, "interval " + a.scoreCi95());
  }

  /**
   * Dropping a term in one regime is the same, for the point and both kinds of interval, as that regime
   * having the KPI at exactly its baseline value in every trial on both sides.
   */
  @Test
  void aRegimeWithoutTheKpiIntervalsLikeOneWhereItNeverMoves() {
    for (int n : new int[] {3, 12}) {
      List<RegimeEvidence> ev = experiment(n, 0.05, RandomStreams.of(9, "data/" + n));
      RegimeEvidence s = ev.get(1);
      Map<String, List<Double>> cand = new java.util.LinkedHashMap<>(s.kpis());
      Map<String, List<Double>> base = new java.util.LinkedHashMap<>(s.baseline().trials());
      cand.remove(P95);
      base.remove(P95);
      RegimeEvidence without = new RegimeEvidence("stress", 1, n, 0, cand, Baseline.ofTrials("b", base), true, List.of(),
          Map.of(P95, NO_LATENCY));
      List<Double> flat = java.util.Collections.nCopies(n, 5.0);
      cand.put(P95, flat);
      base.put(P95, flat);
      RegimeEvidence still = new RegimeEvidence("stress", 1, n, 0, cand, Baseline.ofTrials("b", base), true, List.of(), Map.of());

      CandidateAssessment dropped = Scorer.assess(cpu(), Caps.Tolerance.DEFAULT, List.of(ev.get(0), without), CiOptions.DEFAULT, 7, "c");
      CandidateAssessment flatP95 = Scorer.assess(cpu(), Caps.Tolerance.DEFAULT, List.of(ev.get(0), still), CiOptions.DEFAULT, 7, "c");
      assertEquals(n < 10 ? CiMethod.STUDENT_T : CiMethod.BCA, dropped.scoreCi95().method());
      assertEquals(flatP95.scoreV2(), dropped.scoreV2(), 1e-12);
      assertEquals(flatP95.scoreCi95().lo(), dropped.scoreCi95().lo(), 1e-9);
      assertEquals(flatP95.scoreCi95().hi(), dropped.scoreCi95().hi(), 1e-9);
      assertFalse(dropped.kpisUnavailable().contains(P95), dropped.kpisUnavailable().toString());
    }
  }

  /**
   * Coverage of score_ci95 for the true score, 1,000 simulated candidates per case: the delta-method t
   * interval at 3 and 5 trials per regime and side, the stratified BCa bootstrap at 10 and 20.
   */
  @Test
  void scoreIntervalCoversTheTrueScore() {
    int[] ns = {3, 5, 10, 20};
    double[] noises = {0.05, 0.2};
    StringBuilder table = new StringBuilder("score_ci95 coverage");
    for (int n : ns) table.append(String.format(Locale.ROOT, "   n=%-2d", n));
    table.append('\n');
    List<Double> fives = new ArrayList<>();
    for (double noise : noises) {
      table.append(String.format(Locale.ROOT, "noise %.2f         ", noise));
      for (int n : ns) {
        double c = coverage(n, noise);
        if (noise == 0.05) fives.add(c);
        table.append(String.format(Locale.ROOT, "  %.3f", c));
      }
      table.append('\n');
    }
    System.out.print(table);
    for (double c : fives) assertTrue(c >= 0.92 && c <= 0.975, table.toString());
  }

  static double coverage(int n, double noise) {
    int experiments = 1000;
    UniformRandomProvider rng = RandomStreams.of(31, "score-coverage/" + n + "/" + noise);
    CiOptions options = CiOptions.DEFAULT.withResamples(1000);
    int covered = 0;
    for (int e = 0; e < experiments; e++) {
      CandidateAssessment a = Scorer.assess(cpu(), Caps.Tolerance.DEFAULT, experiment(n, noise, rng), options, e, "c");
      if (a.scoreCi95().contains(TRUE_SCORE)) covered++;
    }
    return covered / (double) experiments;
  }
}
