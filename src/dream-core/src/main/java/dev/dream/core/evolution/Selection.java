package dev.dream.core.evolution;

import dev.dream.core.domain.Genome;
import dev.dream.core.knob.KnobSpace;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.CombinationSampler;

/** Who may breed: only safe candidates of the space, better scores first. */
final class Selection {
  private static final Comparator<Scored> BEST_FIRST =
      Comparator.comparing(Scored::score, Comparator.reverseOrder());

  private Selection() {}

  /**
   * The safe candidates of a generation, best first; ties keep candidate order (the sort is stable), so
   * the ranking is reproducible. A genome outside the space (say, a stock genome measured as a
   * candidate) is reported like any other but cannot be bred or carried over.
   */
  static List<Scored> ranked(List<Scored> generation, KnobSpace space) {
    List<Scored> safe = new ArrayList<>();
    for (Scored s : generation) if (s.safe() && space.contains(s.genome())) safe.add(s);
    safe.sort(BEST_FIRST);
    return safe;
  }

  /** The best of {@code size} distinct candidates drawn uniformly from a ranked, non-empty list. */
  static Scored tournament(List<Scored> ranked, int size, UniformRandomProvider rng) {
    int k = Math.min(size, ranked.size());
    int best = Integer.MAX_VALUE;
    for (int i : new CombinationSampler(rng, ranked.size(), k).sample()) best = Math.min(best, i);
    return ranked.get(best);
  }

  /** The best safe distinct genomes of the whole history: the fallback when a generation had no safe one. */
  static List<Genome> bestEver(List<List<Scored>> history, int count, KnobSpace space) {
    List<Scored> all = new ArrayList<>();
    for (List<Scored> gen : history) all.addAll(ranked(gen, space));
    all.sort(BEST_FIRST);
    Set<Genome> out = new java.util.LinkedHashSet<>();
    for (Scored s : all) {
      if (out.size() == count) break;
      out.add(s.genome());
    }
    return List.copyOf(out);
  }
}
