package dev.dream.core.evolution;

import dev.dream.core.domain.Genome;
import dev.dream.core.knob.KnobSpace;
import java.util.List;
import java.util.OptionalLong;

/**
 * Strategy "cmaes": Hipparchus's CMA-ES on the unit cube, one CMA-ES generation (lambda = population)
 * per Dream generation, driven in ask/tell form by replaying the history (see {@link CmaesReplay}).
 * The GA's elites, tournament, crossover, mutation and init settings do not apply.
 */
final class CmaesStrategy implements Strategy {
  private final KnobSpace space;
  private final int lambda;
  private final long seed;
  private final String domain;

  CmaesStrategy(KnobSpace space, int population, long seed, String domain) {
    if (population < 2) throw new IllegalArgumentException("cmaes needs a population of at least 2");
    this.space = space;
    this.lambda = population;
    this.seed = seed;
    this.domain = domain;
  }

  @Override
  public List<Genome> propose(int generation, List<List<Scored>> history) {
    return replay(generation, history).proposal();
  }

  CmaesReplay.Result replay(int generation, List<List<Scored>> history) {
    Histories.check(generation, history);
    OptionalLong size = space.size();
    if (size.isPresent() && size.getAsLong() <= lambda) return new CmaesReplay.Result(space.enumerate(), 0);
    for (int g = 0; g < generation; g++) {
      if (history.get(g).size() != lambda) {
        throw new IllegalArgumentException("cmaes generation " + g + " has " + history.get(g).size()
            + " candidates; it proposed " + lambda);
      }
    }
    return new CmaesReplay(space, lambda, seed, domain, history).run();
  }
}
