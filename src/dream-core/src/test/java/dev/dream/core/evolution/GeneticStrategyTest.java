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

class GeneticStrategyTest {
  private static final KnobSpace MIXED = KnobSpace.of(List.of(
      intKnob("threads", 1, 64, 1), floatKnob("util", 0.25, 1.0, 0.05), choice("gov", "perf", "sched", "save"),
      floatKnob("ratio", 0.0, 1.0, null)));
  private static final Function<Genome, Double> SPHERE =
      Campaigns.sphere(MIXED, Map.of("threads", 12L, "util", 0.75, "gov", "sched", "ratio", 0.3));

  private static Strategy ga(KnobSpace space, long seed) {
    return Strategies.create(space, EvolutionParams.DEFAULT, seed, "cpu");
  }

  @Test
  void generationZeroIsALatinHypercubeOfDistinctGenomes() {
    List<Genome> pop = ga(MIXED, 1).propose(0, List.of());
    assertEquals(20, pop.size());
    assertEquals(20, new HashSet<>(pop).size());
    assertTrue(pop.stream().allMatch(MIXED::contains));
    // Each twentieth of the continuous knob's range holds exactly one candidate.
    boolean[] stratum = new boolean[20];
    for (Genome g : pop) stratum[(int) Math.min(19, Math.floor((Double) g.get("ratio") * 20))] = true;
    for (boolean hit : stratum) assertTrue(hit);
  }

  @Test
  void theSameSeedReplaysTheSamePopulationsAndAnotherSeedDoesNot() {
    var a = Campaigns.genomes(Campaigns.run(ga(MIXED, 42), 6, SPHERE));
    var b = Campaigns.genomes(Campaigns.run(ga(MIXED, 42), 6, SPHERE));
    var c = Campaigns.genomes(Campaigns.run(ga(MIXED, 43), 6, SPHERE));
    var otherDomain = Campaigns.genomes(Campaigns.run(Strategies.create(MIXED, EvolutionParams.DEFAULT, 42, "gpu"), 6, SPHERE));
    assertEquals(a, b);
    for (int g = 0; g < 6; g++) {
      assertNotEquals(a.get(g), c.get(g), "generation " + g);
      assertNotEquals(a.get(g), otherDomain.get(g), "generation " + g);
    }
  }

  @Test
  void operatorsNeverLeaveTheSpaceNorRepeatAGenomeWithinAGeneration() {
    UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(5L);
    int candidates = 0;
    for (int trial = 0; trial < 200; trial++) {
      KnobSpace space = RandomSpaces.next(rng);
      EvolutionParams params = RandomSpaces.params(rng, "ga");
      Strategy s = Strategies.create(space, params, rng.nextLong(), "d" + trial);
      long size = space.size().orElse(Long.MAX_VALUE);
      UniformRandomProvider scores = RandomSource.XO_RO_SHI_RO_128_PP.create(trial);
      var history = Campaigns.run(s, 6, g -> scores.nextDouble() < 0.3 ? null : scores.nextDouble() - 0.5);
      for (List<Scored> gen : history) {
        assertEquals(Math.min(size, params.population()), gen.size(), space.knobs()::toString);
        assertEquals(gen.size(), new HashSet<>(Campaigns.genomes(List.of(gen)).get(0)).size());
        for (Scored sc : gen) assertTrue(space.contains(sc.genome()), sc.genome()::key);
        candidates += gen.size();
      }
    }
    assertTrue(candidates > 10_000, "cases: " + candidates);
  }

  @Test
  void aSpaceSmallerThanThePopulationIsProposedWhole() {
    KnobSpace small = KnobSpace.of(List.of(bool("smt"), choice("gov", "a", "b", "c")));
    Strategy s = ga(small, 3);
    var history = Campaigns.run(s, 4, g -> 1.0);
    for (List<Scored> gen : history) {
      assertEquals(new HashSet<>(small.enumerate()), new HashSet<>(Campaigns.genomes(List.of(gen)).get(0)));
    }
  }

  @Test
  void theTwoBestSafeCandidatesSurviveUnchanged() {
    Strategy s = ga(MIXED, 9);
    List<Genome> gen0 = s.propose(0, List.of());
    List<Scored> scored = new ArrayList<>();
    for (int i = 0; i < gen0.size(); i++) {
      // The best two by value are unsafe; the best safe ones are candidates 7 and 3.
      Double score = i == 0 || i == 1 ? null : i == 7 ? 0.9 : i == 3 ? 0.8 : 0.1 * (i % 5);
      scored.add(new Scored(gen0.get(i), score));
    }
    List<Genome> gen1 = s.propose(1, List.of(scored));
    assertEquals(gen0.get(7), gen1.get(0));
    assertEquals(gen0.get(3), gen1.get(1));
  }

  @Test
  void unsafeCandidatesAreNeverParents() {
    // Safe candidates have a, b below 5000 and poor scores; unsafe ones have a, b above 5000. A child
    // bred from an unsafe parent would inherit a gene above 5000 half the time; with crossover only and
    // tiny retry steps, children of safe parents stay below 5000 (+ a few retry steps).
    KnobSpace space = KnobSpace.of(List.of(intKnob("a", 0, 9999, 1), intKnob("b", 0, 9999, 1), intKnob("c", 0, 9999, 1)));
    EvolutionParams params = new EvolutionParams("ga", 20, 2, 3, 1.0, 0.0, 1e-4, "random");
    Strategy s = Strategies.create(space, params, 11, "mem");
    UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(12L);
    for (int round = 0; round < 20; round++) {
      List<Scored> prev = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        boolean safe = i % 2 == 0;
        long base = safe ? 0 : 5000;
        Genome g = new Genome(Map.of("a", base + rng.nextInt(4900), "b", base + rng.nextInt(4900), "c", base + rng.nextInt(4900)));
        prev.add(new Scored(g, safe ? -1.0 - rng.nextDouble() : null));
      }
      List<List<Scored>> history = new ArrayList<>();
      for (int g = 0; g < round % 3; g++) history.add(prev); // any earlier history, same shape
      history.add(prev);
      for (Genome child : s.propose(history.size(), history)) {
        for (String k : List.of("a", "b", "c")) assertTrue((Long) child.get(k) < 5000, child::key);
      }
    }
  }

  @Test
  void whenAGenerationHasNoSafeCandidateTheBestSafeEverSurviveAndTheRestIsFresh() {
    Strategy s = ga(MIXED, 21);
    List<Genome> gen0 = s.propose(0, List.of());
    List<Scored> scored0 = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      Double score = i == 2 ? null : i == 4 ? Double.valueOf(0.5) : i == 9 ? Double.valueOf(0.7) : Double.valueOf(0.01);
      scored0.add(new Scored(gen0.get(i), score));
    }
    List<Genome> gen1 = s.propose(1, List.of(scored0));
    List<Scored> allUnsafe = gen1.stream().map(g -> new Scored(g, null)).toList();
    List<Genome> gen2 = s.propose(2, List.of(scored0, allUnsafe));
    assertEquals(List.of(gen0.get(9), gen0.get(4)), gen2.subList(0, 2));
    assertEquals(20, new HashSet<>(gen2).size());
    assertTrue(gen2.stream().allMatch(MIXED::contains));

    List<Scored> neverSafe = gen0.stream().map(g -> new Scored(g, null)).toList();
    List<Genome> fresh = s.propose(1, List.of(neverSafe));
    assertEquals(20, new HashSet<>(fresh).size());
  }

  @Test
  void improvesTheBestScoreOnASphereWithinFifteenGenerations() {
    for (long seed : new long[] {2024, 1, 2, 3}) {
      var history = Campaigns.run(ga(MIXED, seed), 15, SPHERE);
      double first = Campaigns.best(history.get(0));
      double last = Campaigns.best(history.get(14));
      assertTrue(last > first, first + " -> " + last);
      // Sum of squared range fractions below 1e-3: each knob within about 3% of its range of the optimum.
      assertTrue(last > -1e-3, "seed " + seed + ", best after 15 generations: " + last);
    }
  }

  @Test
  void historyMustMatchTheGeneration() {
    Strategy s = ga(MIXED, 1);
    assertThrows(IllegalArgumentException.class, () -> s.propose(1, List.of()));
    assertThrows(IllegalArgumentException.class, () -> s.propose(-1, List.of()));
  }
}
