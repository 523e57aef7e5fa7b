package dev.dream.core.evolution;

import dev.dream.core.knob.KnobSpace;
import org.apache.commons.rng.UniformRandomProvider;

/** Crossover and mutation on unit coordinates. */
final class Variation {
  private Variation() {}

  /** With probability {@code rate}, each gene from either parent 50/50; otherwise a copy of {@code a}. */
  static double[] crossover(double[] a, double[] b, double rate, UniformRandomProvider rng) {
    double[] child = a.clone();
    if (rng.nextDouble() < rate) {
      for (int i = 0; i < child.length; i++) if (rng.nextBoolean()) child[i] = b[i];
    }
    return child;
  }

  /** Each gene mutates with probability {@code rate}; a mutated gene always takes another value. */
  static void mutate(KnobSpace space, double[] u, double rate, double sigma, UniformRandomProvider rng) {
    for (int i = 0; i < u.length; i++) {
      if (rng.nextDouble() < rate) u[i] = space.mutateGene(i, u[i], sigma, rng);
    }
  }

  /** Mutates one gene chosen uniformly: the retry when a child repeats a candidate of its generation. */
  static void mutateOne(KnobSpace space, double[] u, double sigma, UniformRandomProvider rng) {
    int i = rng.nextInt(u.length);
    u[i] = space.mutateGene(i, u[i], sigma, rng);
  }
}
