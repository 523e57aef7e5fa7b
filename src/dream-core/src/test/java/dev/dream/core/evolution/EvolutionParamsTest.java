package dev.dream.core.evolution;

import static org.junit.jupiter.api.Assertions.*;

import org.apache.commons.rng.UniformRandomProvider;
import org.junit.jupiter.api.Test;

class EvolutionParamsTest {
  @Test
  void defaultsAreTheOriginalsWithAnAutoMutationRate() {
    EvolutionParams p = EvolutionParams.DEFAULT;
    assertEquals("ga", p.strategy());
    assertEquals(20, p.population());
    assertEquals(2, p.elites());
    assertEquals(3, p.tournament());
    assertEquals(0.7, p.crossover());
    assertEquals("lhs", p.init());
    assertEquals(0.25, p.mutationRateFor(4));
    assertEquals(0.1, p.mutationRateFor(30));
    assertEquals(0.0, new EvolutionParams("ga", 20, 2, 3, 0.7, 0.0, 0.1, "lhs").mutationRateFor(4));
  }

  @Test
  void rejectsSettingsThatCannotWork() {
    assertThrows(IllegalArgumentException.class, () -> EvolutionParams.DEFAULT.withStrategy("nsga"));
    assertThrows(IllegalArgumentException.class, () -> new EvolutionParams("ga", 2, 2, 3, 0.7, -1, 0.1, "lhs"));
    assertThrows(IllegalArgumentException.class, () -> new EvolutionParams("ga", 20, 2, 3, 1.5, -1, 0.1, "lhs"));
    assertThrows(IllegalArgumentException.class, () -> new EvolutionParams("ga", 20, 2, 3, 0.7, -0.5, 0.1, "lhs"));
    assertThrows(IllegalArgumentException.class, () -> new EvolutionParams("ga", 20, 2, 3, 0.7, -1, 0, "lhs"));
    assertThrows(IllegalArgumentException.class, () -> new EvolutionParams("ga", 20, 2, 3, 0.7, -1, 0.1, "sobol"));
    assertEquals(0, EvolutionParams.DEFAULT.withPopulation(1).elites());
  }

  @Test
  void generationStreamsDependOnSeedDomainAndGenerationOnly() {
    assertEquals(first(GenerationRandom.stream(1, "cpu", 3)), first(GenerationRandom.stream(1, "cpu", 3)));
    assertNotEquals(first(GenerationRandom.stream(1, "cpu", 3)), first(GenerationRandom.stream(2, "cpu", 3)));
    assertNotEquals(first(GenerationRandom.stream(1, "cpu", 3)), first(GenerationRandom.stream(1, "gpu", 3)));
    assertNotEquals(first(GenerationRandom.stream(1, "cpu", 3)), first(GenerationRandom.stream(1, "cpu", 4)));
    assertNotEquals(first(GenerationRandom.derive(1, "ab", "c", 0)), first(GenerationRandom.derive(1, "a", "bc", 0)));
  }

  private static long first(UniformRandomProvider rng) {
    return rng.nextLong();
  }
}
