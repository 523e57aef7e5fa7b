package dev.dream.core.evolution;

import dev.dream.core.domain.Genome;
import dev.dream.core.knob.KnobSpace;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.ListSampler;

/**
 * The genomes of one generation, kept distinct: measuring the same genome twice in a generation wastes
 * trials and makes the candidates' evidence ambiguous.
 */
final class Distinct {
  /** Random draws before falling back to scanning a finite space for an unused genome. */
  private static final int RANDOM_TRIES = 1000;

  private final KnobSpace space;
  private final List<Genome> genomes = new ArrayList<>();
  private final Set<Genome> seen = new HashSet<>();

  Distinct(KnobSpace space) {
    this.space = space;
  }

  boolean contains(Genome g) {
    return seen.contains(g);
  }

  void add(Genome g) {
    if (!seen.add(g)) throw new IllegalStateException("duplicate genome " + g.key());
    genomes.add(g);
  }

  int size() {
    return genomes.size();
  }

  List<Genome> genomes() {
    return List.copyOf(genomes);
  }

  /** {@code wanted} if unused, else an unused genome one step away from it, else a fresh random one. */
  Genome nearestFree(Genome wanted, UniformRandomProvider rng) {
    if (!seen.contains(wanted)) return wanted;
    double[] u = space.encode(wanted);
    List<double[]> options = new ArrayList<>();
    for (int i = 0; i < u.length; i++) {
      for (double n : space.axis(i).neighbours(u[i])) {
        double[] v = u.clone();
        v[i] = n;
        options.add(v);
      }
    }
    // Shuffled so that no knob is always the one moved; the stream makes the order reproducible.
    ListSampler.shuffle(rng, options);
    for (double[] v : options) {
      Genome g = space.decode(v);
      if (!seen.contains(g)) return g;
    }
    return fresh(rng);
  }

  /** An unused genome drawn uniformly; the caller guarantees the space is larger than this set. */
  Genome fresh(UniformRandomProvider rng) {
    for (int i = 0; i < RANDOM_TRIES; i++) {
      Genome g = space.random(rng);
      if (!seen.contains(g)) return g;
    }
    // Only a finite, nearly exhausted space gets here; random draws cannot miss there forever.
    for (Genome g : space.enumerate()) if (!seen.contains(g)) return g;
    throw new IllegalStateException("the space has no unused genome left");
  }
}
