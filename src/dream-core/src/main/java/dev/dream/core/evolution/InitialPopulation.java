package dev.dream.core.evolution;

import dev.dream.core.domain.Genome;
import dev.dream.core.knob.KnobSpace;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.PermutationSampler;

/** Generation 0: a spread-out sample of the space. */
final class InitialPopulation {
  private InitialPopulation() {}

  static List<Genome> create(KnobSpace space, int population, String init, UniformRandomProvider rng) {
    double[][] points = "lhs".equals(init) ? latinHypercube(space.dimension(), population, rng) : null;
    Distinct out = new Distinct(space);
    for (int i = 0; i < population; i++) {
      double[] u = points != null ? points[i] : space.randomPoint(rng);
      Genome g = space.decode(u);
      // A repeat (several strata in one level of a small knob) is replaced at random, not by a
      // neighbour: generation 0 should stay spread out.
      out.add(out.contains(g) ? out.fresh(rng) : g);
    }
    return out.genomes();
  }

  /**
   * n points such that, on every axis, each of the n equal strata holds exactly one point: unlike plain
   * random draws, no range of any knob is left empty by chance.
   */
  static double[][] latinHypercube(int dimension, int n, UniformRandomProvider rng) {
    double[][] points = new double[n][dimension];
    for (int d = 0; d < dimension; d++) {
      int[] strata = PermutationSampler.natural(n);
      PermutationSampler.shuffle(rng, strata);
      for (int i = 0; i < n; i++) points[i][d] = Math.min(1.0, (strata[i] + rng.nextDouble()) / n);
    }
    return points;
  }
}
