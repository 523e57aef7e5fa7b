package dev.dream.core.evolution;

import java.util.Set;

/**
 * Settings of the evolution of one domain. Defaults follow the original GA (population 20, 2 elites,
 * tournament 3, crossover 0.7), with a per-gene mutation that really mutates.
 *
 * @param strategy "ga" or "cmaes"
 * @param population candidates per generation
 * @param elites best safe candidates copied unchanged into the next generation (ga)
 * @param tournament candidates drawn per tournament; the best safe one becomes a parent (ga)
 * @param crossover probability that a child mixes two parents gene by gene rather than copying one (ga)
 * @param mutationRate probability that a gene of a child mutates (ga); {@link #AUTO_MUTATION_RATE}
 *     (the default) means max(1/d, 0.1) for d knobs: about one changed gene per child in large spaces,
 *     and not vanishingly rare in small ones (the original's effective 0.02 per gene hardly moved)
 * @param mutationSigma standard deviation of a mutation step in unit space (ga)
 * @param init "lhs" (Latin hypercube) or "random", for generation 0 of the ga
 */
public record EvolutionParams(
    String strategy,
    int population,
    int elites,
    int tournament,
    double crossover,
    double mutationRate,
    double mutationSigma,
    String init) {

  public static final double AUTO_MUTATION_RATE = -1.0;
  public static final Set<String> STRATEGIES = Set.of("ga", "cmaes");
  public static final Set<String> INITS = Set.of("lhs", "random");

  public static final EvolutionParams DEFAULT =
      new EvolutionParams("ga", 20, 2, 3, 0.7, AUTO_MUTATION_RATE, 0.1, "lhs");

  public EvolutionParams {
    if (!STRATEGIES.contains(strategy)) throw bad("strategy must be one of " + STRATEGIES + ", got " + strategy);
    if (!INITS.contains(init)) throw bad("init must be one of " + INITS + ", got " + init);
    if (population < 1) throw bad("population must be at least 1, got " + population);
    if (elites < 0 || elites >= population) throw bad("elites must be in [0, population), got " + elites);
    if (tournament < 1) throw bad("tournament must be at least 1, got " + tournament);
    if (!(crossover >= 0 && crossover <= 1)) throw bad("crossover must be in [0, 1], got " + crossover);
    if (!(mutationRate <= 1) || (mutationRate < 0 && mutationRate != AUTO_MUTATION_RATE)) {
      throw bad("mutation rate must be in [0, 1] or " + AUTO_MUTATION_RATE + " (auto), got " + mutationRate);
    }
    if (!(mutationSigma > 0) || !Double.isFinite(mutationSigma)) {
      throw bad("mutation sigma must be positive, got " + mutationSigma);
    }
  }

  /** The per-gene mutation probability used for a space of {@code dimension} knobs. */
  public double mutationRateFor(int dimension) {
    return mutationRate >= 0 ? mutationRate : Math.max(1.0 / dimension, 0.1);
  }

  public EvolutionParams withStrategy(String s) {
    return new EvolutionParams(s, population, elites, tournament, crossover, mutationRate, mutationSigma, init);
  }

  /** The same settings for another population size, with the elites capped below it. */
  public EvolutionParams withPopulation(int p) {
    int e = Math.min(elites, Math.max(0, p - 1));
    return new EvolutionParams(strategy, p, e, tournament, crossover, mutationRate, mutationSigma, init);
  }

  private static IllegalArgumentException bad(String what) {
    return new IllegalArgumentException("evolution: " + what);
  }
}
