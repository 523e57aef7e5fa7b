package dev.dream.core.evolution;

import dev.dream.core.domain.Genome;
import java.util.List;

/**
 * Decides the candidates of a generation from the scored history. Implementations are pure functions
 * of (seed, domain, generation, history): replaying a journal proposes the same candidates.
 */
public interface Strategy {
  /**
   * @param generation the generation to propose, from 0
   * @param history {@code history.get(g)} = the scored candidates of generation g, in candidate index
   *     order; {@code history.size() == generation}
   * @return distinct genomes of the space, {@code population} of them (the whole space if it is smaller)
   */
  List<Genome> propose(int generation, List<List<Scored>> history);
}
