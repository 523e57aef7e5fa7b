package dev.dream.core.score;

import static dev.dream.core.score.Fixtures.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dream.core.domain.Caps;
import dev.dream.core.stats.CiMethod;
import dev.dream.core.stats.CiOptions;
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
