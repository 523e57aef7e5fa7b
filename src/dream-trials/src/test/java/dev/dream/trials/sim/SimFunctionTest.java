package dev.dream.trials.sim;

import static dev.dream.trials.Fixtures.genome;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dream.core.domain.Genome;
import dev.dream.core.domain.Knob;
import dev.dream.trials.Fixtures;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.apache.commons.statistics.inference.KolmogorovSmirnovTest;
import org.junit.jupiter.api.Test;

class SimFunctionTest {
  private static final List<Knob> KNOBS = Fixtures.simDomain().knobs();
  private static final Map<String, Object> OPTIMUM =
      Map.of("threads", 12L, "util", 0.75, "governor", "powersave", "smt", false);
  private static final Genome BEST = genome("threads", 12L, "util", 0.75, "governor", "powersave", "smt", false);

  private static SimParams params(SimObjective f, double noise) {
    return new SimParams(f, OPTIMUM, noise);
  }

  @Test
  void everyFunctionIsZeroAtTheOptimumAndGivesTheNominalKpisWithoutNoise() {
    for (SimObjective f : SimObjective.values()) {
      SimKpis k = SimFunction.kpis(params(f, 0), KNOBS, BEST, 7, "normal", 0);
      assertEquals(0.0, k.f(), 1e-12, f.name());
      assertEquals(1000.0, k.perf(), 1e-9, f.name());
      assertEquals(5.0, k.p95Ms(), 1e-12, f.name());
      assertEquals(50.0, k.watts(), 1e-12, f.name());
    }
  }

  @Test
  void zScalesEachKnobByItsRangeWithChoicesAndBoolsByIndex() {
    // threads 1..64 (range 63), util 0.25..1 (0.75), governor 3 choices (2), smt (1).
    Genome g = genome("threads", 51L, "util", 0.25, "governor", "performance", "smt", true);
    double[] z = SimFunction.z(KNOBS, g, OPTIMUM);
    assertEquals((51 - 12) / 63.0, z[0], 1e-12);
    assertEquals((0.25 - 0.75) / 0.75, z[1], 1e-12);
    assertEquals((0 - 2) / 2.0, z[2], 1e-12);
    assertEquals(1.0, z[3], 1e-12);
  }

  @Test
  void knobsNotNamedInTheOptimumDoNotMatter() {
    SimParams p = new SimParams(SimObjective.SPHERE, Map.of("threads", 12L), 0);
    Genome a = genome("threads", 12L, "util", 0.25, "governor", "performance", "smt", true);
    Genome b = genome("threads", 12L, "util", 1.0, "governor", "schedutil", "smt", false);
    assertEquals(0.0, SimFunction.kpis(p, KNOBS, a, 1, "r", 0).f());
    assertEquals(0.0, SimFunction.kpis(p, KNOBS, b, 1, "r", 0).f());
  }

  @Test
  void sphereAwayFromTheOptimumGivesTheContractKpis() {
    SimParams p = new SimParams(SimObjective.SPHERE, Map.of("util", 0.75), 0);
    Genome g = genome("threads", 12L, "util", 0.25, "governor", "powersave", "smt", false);
    SimKpis k = SimFunction.kpis(p, KNOBS, g, 1, "r", 0);
    double f = (0.5 / 0.75) * (0.5 / 0.75);
    assertEquals(f, k.f(), 1e-12);
    assertEquals(1000 / (1 + f), k.perf(), 1e-9);
    assertEquals(5 * (1 + f), k.p95Ms(), 1e-12);
    assertEquals(50 * (1 + f / 4), k.watts(), 1e-12);
  }

  @Test
  void rastriginAndRosenbrockHaveTheirTextbookValues() {
    // z' = 5.12 z = 0.5: 10 + 0.25 − 10 cos(π) = 20.25.
    assertEquals(20.25, SimObjective.RASTRIGIN.value(new double[] {0.5 / 5.12}), 1e-9);
    // A local minimum of Rastrigin at z' = 1: f = 1 + 10 − 10 = 1.
    assertEquals(1.0, SimObjective.RASTRIGIN.value(new double[] {1 / 5.12}), 1e-9);
    // z' = 2z + 1 = 0 for both knobs: 100(0 − 0)² + (1 − 0)² = 1.
    assertEquals(1.0, SimObjective.ROSENBROCK.value(new double[] {-0.5, -0.5}), 1e-12);
    // z'=(1, 0): 100(0 − 1)² + 0 = 100, so the chain is not symmetric in its knobs.
    assertEquals(100.0, SimObjective.ROSENBROCK.value(new double[] {0, -0.5}), 1e-12);
    assertEquals(1.0 + 100.0 * 1.0, SimObjective.ROSENBROCK.value(new double[] {-0.5, 0}), 1e-12);
    // One knob: (1 − z')², z' = 2·0.5 + 1 = 2 → 1.
    assertEquals(1.0, SimObjective.ROSENBROCK.value(new double[] {0.5}), 1e-12);
  }

  @Test
  void theSameTrialAlwaysGivesTheSameNumbersWhateverTheKnobOrder() {
    Genome g = genome("threads", 20L, "util", 0.5, "governor", "schedutil", "smt", true);
    Map<String, Object> reversed = new LinkedHashMap<>();
    List.of("smt", "governor", "util", "threads").forEach(k -> reversed.put(k, g.get(k)));
    SimKpis a = SimFunction.kpis(params(SimObjective.RASTRIGIN, 0.1), KNOBS, g, 99, "stress", 3);
    SimKpis b = SimFunction.kpis(params(SimObjective.RASTRIGIN, 0.1), KNOBS, new Genome(reversed), 99, "stress", 3);
    assertEquals(a, b);
    SimParams p = params(SimObjective.RASTRIGIN, 0.1);
    assertNotEquals(a.perf(), SimFunction.kpis(p, KNOBS, g, 99, "stress", 4).perf());
    assertNotEquals(a.perf(), SimFunction.kpis(p, KNOBS, g, 98, "stress", 3).perf());
    assertNotEquals(a.perf(), SimFunction.kpis(p, KNOBS, g, 99, "normal", 3).perf());
    Genome other = genome("threads", 21L, "util", 0.5, "governor", "schedutil", "smt", true);
    assertNotEquals(a.perf(), SimFunction.kpis(p, KNOBS, other, 99, "stress", 3).perf());
  }

  @Test
  void theStreamIsPinnedAcrossReleases() {
    // A changed encoding or generator would silently change every recorded sim run; pin one value.
    SimKpis k = SimFunction.kpis(params(SimObjective.SPHERE, 0.05), KNOBS, BEST, 42, "normal", 0);
    SimKpis again = SimFunction.kpis(params(SimObjective.SPHERE, 0.05), KNOBS, BEST, 42, "normal", 0);
    assertEquals(k, again);
    assertEquals(PINNED_PERF, k.perf(), 0.0);
  }

  // Recorded from the first implementation (SHA-256 → XO_SHI_RO_256_PP → Ziggurat).
  private static final double PINNED_PERF = 976.463688358299;

  @Test
  void theNoiseIsNormalWithTheConfiguredStandardDeviation() {
    double noise = 0.05;
    int n = 4000;
    double[][] eps = new double[3][n];
    for (int t = 0; t < n; t++) {
      SimKpis k = SimFunction.kpis(params(SimObjective.SPHERE, noise), KNOBS, BEST, 2024, "normal", t);
      eps[0][t] = Math.log(k.perf() / 1000);
      eps[1][t] = Math.log(k.p95Ms() / 5);
      eps[2][t] = Math.log(k.watts() / 50);
    }
    NormalDistribution expected = NormalDistribution.of(0, noise);
    for (double[] e : eps) {
      double p = KolmogorovSmirnovTest.withDefaults().test(e, expected::cumulativeProbability).getPValue();
      assertTrue(p > 0.001, "KS p-value " + p);
      double mean = java.util.Arrays.stream(e).average().orElseThrow();
      assertEquals(0, mean, 4 * noise / Math.sqrt(n));
      double sd = Math.sqrt(java.util.Arrays.stream(e).map(x -> (x - mean) * (x - mean)).sum() / (n - 1));
      assertEquals(noise, sd, 0.05 * noise); // sd of the sample sd ≈ noise/√(2n) ≈ 1.1 %
    }
    // The three KPIs get independent draws.
    assertTrue(Math.abs(correlation(eps[0], eps[1])) < 0.08);
    assertTrue(Math.abs(correlation(eps[0], eps[2])) < 0.08);
    assertTrue(Math.abs(correlation(eps[1], eps[2])) < 0.08);
  }

  @Test
  void anOptimumNamingAnUnknownKnobIsRejected() {
    SimParams p = new SimParams(SimObjective.SPHERE, Map.of("cores", 4L), 0);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SimFunction.kpis(p, KNOBS, BEST, 1, "r", 0));
    assertTrue(e.getMessage().contains("cores"));
  }

  @Test
  void paramsAreReadFromTheRegimesWorkload() {
    SimParams p =
        SimParams.from(Fixtures.workload("sim", "function", "rosenbrock", "optimum", Map.of("threads", 12), "noise", 0.1));
    assertEquals(SimObjective.ROSENBROCK, p.function());
    assertEquals(0.1, p.noise());
    assertThrows(IllegalArgumentException.class, () -> SimParams.from(Fixtures.workload("sim", "function", "ackley", "optimum", Map.of())));
    assertThrows(IllegalArgumentException.class, () -> SimParams.from(Fixtures.workload("sim", "optimum", Map.of(), "noise", -1)));
  }

  private static double correlation(double[] a, double[] b) {
    double ma = java.util.Arrays.stream(a).average().orElseThrow();
    double mb = java.util.Arrays.stream(b).average().orElseThrow();
    double sab = 0, saa = 0, sbb = 0;
    for (int i = 0; i < a.length; i++) {
      sab += (a[i] - ma) * (b[i] - mb);
      saa += (a[i] - ma) * (a[i] - ma);
      sbb += (b[i] - mb) * (b[i] - mb);
    }
    return sab / Math.sqrt(saa * sbb);
  }
}
