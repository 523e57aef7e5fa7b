package dev.dream.core.evolution;

import dev.dream.core.domain.Genome;
import dev.dream.core.knob.KnobSpace;
import java.util.HashMap;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * Turns the points CMA-ES samples for one generation into distinct genomes, slot by slot, and remembers
 * which slot measured the genome each point decodes to.
 *
 * <p>Several points can decode to one genome (discrete knobs, or points clipped to a bound). The first
 * keeps it; a later one is proposed as the nearest unused genome (else a fresh random one) so that no
 * trial is wasted, but CMA-ES is told the score of the slot that measured its own genome: the score of
 * the replacement belongs to another point.
 */
final class GenerationSlots {
  record Slot(Genome genome, int source) {}

  private final KnobSpace space;
  private final UniformRandomProvider rng;
  private final Distinct distinct;
  private final Map<Genome, Integer> slotOf = new HashMap<>();

  GenerationSlots(KnobSpace space, UniformRandomProvider rng) {
    this.space = space;
    this.rng = rng;
    this.distinct = new Distinct(space);
  }

  Slot place(double[] point) {
    double[] u = point.clone();
    for (int i = 0; i < u.length; i++) u[i] = Math.max(0, Math.min(1, u[i])); // CMA-ES repairs; be sure
    Genome wanted = space.decode(u);
    int slot = distinct.size();
    Integer owner = slotOf.get(wanted);
    Genome chosen = owner == null ? wanted : distinct.nearestFree(wanted, rng);
    distinct.add(chosen);
    slotOf.put(chosen, slot);
    return new Slot(chosen, owner == null ? slot : owner);
  }
}
