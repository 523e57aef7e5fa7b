package dev.dream.core.evolution;

import static dev.dream.core.knob.Knobs.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.dream.core.domain.Genome;
import dev.dream.core.knob.KnobSpace;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;

class CmaesStrategyTest {
  private static final KnobSpace CONTINUOUS = KnobSpace.of(List.of(
      floatKnob("x", 0, 1, null), floatKnob("y", -5, 5, null), logFloat("z", 0.01, 100, null)));
  private static final Function<Genome, Double> BOWL =
      Campaigns.sphere(CONTINUOUS, Map.of("x", 0.3, "y", -2.0, "z", 70.0));
  private static final KnobSpace MIXED = KnobSpace.of(List.of(
      intKnob("threads", 1, 16, 1), choice("gov", "perf", "sched", "save"), bool("smt"), floatKnob("util", 0.25, 1.0, 0.25)));

  private static EvolutionParams cmaes(int population) {
    return EvolutionParams.DEFAULT.withStrategy("cmaes").withPopulation(population);
  }

  private static CmaesStrategy strategy(KnobSpace space, int population, long seed) {
    return (CmaesStrategy) Strategies.create(space, cmaes(population), seed, "cpu");
  }

  @Test
  void convergesCloseToTheKnownOptimumOfAContinuousBowl() {
    for (long seed = 1; seed <= 5; seed++) {
      var history = Campaigns.run(strategy(CONTINUOUS, 10, seed), 30, BOWL);
      double first = Campaigns.best(history.get(0));
      double last = Campaigns.best(history.get(29));
      assertTrue(last > first, first + " -> " + last);
      // Sum of squared range fractions below 1e-3: each knob within about 3% of its range of the optimum.
      assertTrue(last > -1e-3, "seed " + seed + ", best of generation 29 (population 10): " + last);
    }
  }

  @Test
  void replayingTheSameHistoryProposesTheSameGenerationFromScratch() {
    var history = Campaigns.run(strategy(MIXED, 12, 3), 10, Campaigns.sphere(MIXED, Map.of("threads", 11L, "util", 0.5)));
    for (int g = 0; g < 10; g++) {
      List<List<Scored>> prefix = history.subList(0, g);
      List<Genome> proposed = Campaigns.genomes(List.of(history.get(g))).get(0);
      // A fresh instance, as after a restart of the coordinator, and a second call: both identical.
      assertEquals(proposed, strategy(MIXED, 12, 3).propose(g, prefix), "generation " + g);
      assertEquals(proposed, strategy(MIXED, 12, 3).propose(g, prefix), "generation " + g);
    }
  }

  @Test
  void theSameSeedReplaysTheSameCampaignAndAnotherSeedDoesNot() {
    var a = Campaigns.genomes(Campaigns.run(strategy(CONTINUOUS, 8, 1), 6, BOWL));
    var b = Campaigns.genomes(Campaigns.run(strategy(CONTINUOUS, 8, 1), 6, BOWL));
    var c = Campaigns.genomes(Campaigns.run(strategy(CONTINUOUS, 8, 2), 6, BOWL));
    assertEquals(a, b);
    for (int g = 0; g < 6; g++) assertNotEquals(a.get(g), c.get(g));
  }

  @Test
  void discreteSpacesGetDistinctGenomesAndTheExactOptimumIsFound() {
    // CMA-ES's points pile onto few genomes as it converges on integer and choice knobs: duplicates are
    // frequent, and the proposals must still be distinct.
    KnobSpace space = KnobSpace.of(List.of(
        intKnob("threads", 1, 64, 1), floatKnob("util", 0.25, 1.0, 0.05), choice("gov", "perf", "sched", "save"), bool("smt")));
    var score = Campaigns.sphere(space, Map.of("threads", 40L, "util", 0.6, "gov", "save", "smt", true));
    for (long seed = 1; seed <= 3; seed++) {
      var history = Campaigns.run(strategy(space, 20, seed), 20, score);
      double bestEver = Double.NEGATIVE_INFINITY;
      for (List<Scored> gen : history) {
        assertEquals(20, new HashSet<>(Campaigns.genomes(List.of(gen)).get(0)).size());
        assertTrue(gen.stream().allMatch(s -> space.contains(s.genome())));
        bestEver = Math.max(bestEver, Campaigns.best(gen));
      }
      assertEquals(0.0, bestEver, 1e-12, "seed " + seed + ": the exact optimum of 6144 genomes within 20 generations");
    }
  }

  @Test
  void operatorsNeverLeaveTheSpaceOnRandomSpacesWithUnsafeCandidates() {
    UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(17L);
    int candidates = 0;
    for (int trial = 0; trial < 60; trial++) {
      KnobSpace space = RandomSpaces.next(rng);
      EvolutionParams params = RandomSpaces.params(rng, "cmaes");
      Strategy s = Strategies.create(space, params, rng.nextLong(), "d" + trial);
      long size = space.size().orElse(Long.MAX_VALUE);
      UniformRandomProvider scores = RandomSource.XO_RO_SHI_RO_128_PP.create(trial);
      var history = Campaigns.run(s, 6, g -> scores.nextDouble() < 0.3 ? null : scores.nextDouble());
      for (List<Scored> gen : history) {
        assertEquals(Math.min(size, params.population()), gen.size());
        assertEquals(gen.size(), new HashSet<>(Campaigns.genomes(List.of(gen)).get(0)).size());
        for (Scored sc : gen) assertTrue(space.contains(sc.genome()), sc.genome()::key);
        candidates += gen.size();
      }
    }
    assertTrue(candidates > 1000, "cases: " + candidates);
  }

  @Test
  void unsafeCandidatesPushTheSearchAway() {
    // Everything with x > 0.5 is unsafe, and the score rewards large x: the search must end safe near 0.5.
    Function<Genome, Double> score = g -> (Double) g.get("x") > 0.5 ? null : (Double) g.get("x");
    var history = Campaigns.run(strategy(CONTINUOUS, 10, 4), 25, score);
    double last = Campaigns.best(history.get(24));
    assertTrue(last > 0.45 && last <= 0.5, "best safe x: " + last);
  }

  @Test
  void restartsWhenTheOptimizerStopsOnItsOwnAndStaysReproducible() {
    // A flat score makes CMA-ES widen its step until it gives up: the strategy must restart and go on.
    CmaesStrategy s = strategy(CONTINUOUS, 6, 8);
    var history = Campaigns.run(s, 40, g -> 1.0);
    CmaesReplay.Result last = s.replay(40, history);
    assertTrue(last.restarts() > 0, "restarts: " + last.restarts());
    assertEquals(last.proposal(), strategy(CONTINUOUS, 6, 8).propose(40, history));
    for (List<Scored> gen : history) assertEquals(6, new HashSet<>(Campaigns.genomes(List.of(gen)).get(0)).size());
  }

  @Test
  void aHistoryThatIsNotThisStrategysIsRefused() {
    var history = Campaigns.run(strategy(CONTINUOUS, 6, 1), 3, BOWL);
    List<List<Scored>> foreign = new ArrayList<>(history);
    List<Scored> changed = new ArrayList<>(history.get(1));
    changed.set(2, new Scored(CONTINUOUS.decode(new double[] {0.5, 0.5, 0.5}), 0.0));
    foreign.set(1, changed);
    assertThrows(IllegalStateException.class, () -> strategy(CONTINUOUS, 6, 1).propose(3, foreign));
    assertThrows(IllegalArgumentException.class,
        () -> strategy(CONTINUOUS, 6, 1).propose(1, List.of(history.get(0).subList(0, 5))));
  }

  @Test
  void aSpaceSmallerThanThePopulationIsProposedWhole() {
    KnobSpace small = KnobSpace.of(List.of(bool("smt"), choice("gov", "a", "b", "c")));
    List<Genome> all = strategy(small, 10, 1).propose(0, List.of());
    assertEquals(new HashSet<>(small.enumerate()), new HashSet<>(all));
  }
}
