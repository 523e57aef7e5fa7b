package dev.dream.core.evolution;

import dev.dream.core.domain.Genome;
import dev.dream.core.knob.KnobSpace;
import java.util.List;
import java.util.OptionalLong;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * Strategy "ga": elitism, tournament selection, uniform crossover and per-gene mutation on the unit
 * cube, without duplicates within a generation. Stateless: each call rebuilds its decisions from the
 * previous generation's scores and the generation's own random stream.
 *
 * <p>When the space has no more genomes than the population, every generation is the whole space: there
 * is nothing else to propose, and measuring everything again adds trials to every candidate.
 */
final class GeneticStrategy implements Strategy {
  /** Extra single-gene mutations tried on a child that repeats a candidate, before a fresh random one. */
  static final int DUPLICATE_RETRIES = 10;

  private final KnobSpace space;
  private final EvolutionParams params;
  private final long seed;
  private final String domain;

  GeneticStrategy(KnobSpace space, EvolutionParams params, long seed, String domain) {
    this.space = space;
    this.params = params;
    this.seed = seed;
    this.domain = domain;
  }

  @Override
  public List<Genome> propose(int generation, List<List<Scored>> history) {
    Histories.check(generation, history);
    OptionalLong size = space.size();
    if (size.isPresent() && size.getAsLong() <= params.population()) return space.enumerate();
    UniformRandomProvider rng = GenerationRandom.stream(seed, domain, generation);
    if (generation == 0) return InitialPopulation.create(space, params.population(), params.init(), rng);

    List<Scored> ranked = Selection.ranked(history.get(generation - 1), space);
    Distinct next = new Distinct(space);
    if (ranked.isEmpty()) {
      // Nothing safe to breed from: keep the best safe genomes ever seen, explore afresh around them.
      for (Genome g : Selection.bestEver(history, params.elites(), space)) next.add(g);
      while (next.size() < params.population()) next.add(next.fresh(rng));
      return next.genomes();
    }
    for (int i = 0; i < Math.min(params.elites(), ranked.size()); i++) next.add(ranked.get(i).genome());
    while (next.size() < params.population()) next.add(offspring(ranked, next, rng));
    return next.genomes();
  }

  private Genome offspring(List<Scored> ranked, Distinct next, UniformRandomProvider rng) {
    double[] a = space.encode(Selection.tournament(ranked, params.tournament(), rng).genome());
    double[] b = space.encode(Selection.tournament(ranked, params.tournament(), rng).genome());
    double[] child = Variation.crossover(a, b, params.crossover(), rng);
    Variation.mutate(space, child, params.mutationRateFor(space.dimension()), params.mutationSigma(), rng);
    Genome g = space.decode(child);
    for (int retry = 0; retry < DUPLICATE_RETRIES && next.contains(g); retry++) {
      Variation.mutateOne(space, child, params.mutationSigma(), rng);
      g = space.decode(child);
    }
    return next.contains(g) ? next.fresh(rng) : g;
  }
}
