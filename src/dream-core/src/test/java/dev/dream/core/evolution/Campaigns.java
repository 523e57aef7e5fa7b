package dev.dream.core.evolution;

import dev.dream.core.domain.Genome;
import dev.dream.core.domain.Knob;
import dev.dream.core.knob.KnobSpace;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Drives a strategy generation by generation, as the coordinator does, against a known score. */
final class Campaigns {
  private Campaigns() {}

  static List<List<Scored>> run(Strategy strategy, int generations, Function<Genome, Double> score) {
    List<List<Scored>> history = new ArrayList<>();
    for (int g = 0; g < generations; g++) {
      List<Scored> scored = new ArrayList<>();
      for (Genome genome : strategy.propose(g, List.copyOf(history))) scored.add(new Scored(genome, score.apply(genome)));
      history.add(List.copyOf(scored));
    }
    return history;
  }

  static List<List<Genome>> genomes(List<List<Scored>> history) {
    return history.stream().map(gen -> gen.stream().map(Scored::genome).toList()).toList();
  }

  static double best(List<Scored> generation) {
    return generation.stream().filter(Scored::safe).mapToDouble(Scored::score).max().orElse(Double.NaN);
  }

  /**
   * The sim workload's sphere, negated so that higher is better: z = (x - optimum) / (max - min) per knob
   * (choices and bools by index). The best score is 0, at the optimum.
   */
  static Function<Genome, Double> sphere(KnobSpace space, Map<String, Object> optimum) {
    return genome -> {
      double f = 0;
      for (Knob k : space.knobs()) {
        if (!optimum.containsKey(k.name())) continue;
        double z = (numeric(k, genome.get(k.name())) - numeric(k, optimum.get(k.name()))) / width(k);
        f += z * z;
      }
      return -f;
    };
  }

  private static double numeric(Knob k, Object v) {
    if (k instanceof Knob.ChoiceKnob c) return c.choices().indexOf((String) v);
    if (v instanceof Boolean b) return b ? 1 : 0;
    return ((Number) v).doubleValue();
  }

  private static double width(Knob k) {
    if (k instanceof Knob.IntKnob i) return i.max() - i.min();
    if (k instanceof Knob.FloatKnob f) return f.max() - f.min();
    if (k instanceof Knob.ChoiceKnob c) return c.choices().size() - 1;
    return 1;
  }
}
