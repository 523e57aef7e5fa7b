package dev.dream.core.evolution;

import dev.dream.core.knob.KnobSpace;

public final class Strategies {
  private Strategies() {}

  public static Strategy create(KnobSpace space, EvolutionParams params, long seed, String domain) {
    if (domain == null) throw new IllegalArgumentException("evolution needs a domain name");
    return switch (params.strategy()) {
      case "ga" -> new GeneticStrategy(space, params, seed, domain);
      case "cmaes" -> new CmaesStrategy(space, params.population(), seed, domain);
      default -> throw new IllegalArgumentException("unknown strategy " + params.strategy());
    };
  }
}
