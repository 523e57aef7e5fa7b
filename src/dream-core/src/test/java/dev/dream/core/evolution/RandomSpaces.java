package dev.dream.core.evolution;

import static dev.dream.core.knob.Knobs.*;

import dev.dream.core.domain.Knob;
import dev.dream.core.knob.KnobSpace;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;

/** Random knob spaces and settings for fuzzing the operators. */
final class RandomSpaces {
  private RandomSpaces() {}

  static KnobSpace next(UniformRandomProvider rng) {
    int d = 1 + rng.nextInt(5);
    List<Knob> knobs = new ArrayList<>();
    for (int i = 0; i < d; i++) {
      String n = "k" + i;
      switch (rng.nextInt(7)) {
        case 0 -> {
          long min = rng.nextInt(20) - 10;
          long step = 1 + rng.nextInt(3);
          knobs.add(intKnob(n, min, min + step * rng.nextInt(12), step));
        }
        case 1 -> knobs.add(logInt(n, 1 + rng.nextInt(4), 50 + rng.nextInt(2000), 1));
        case 2 -> knobs.add(floatKnob(n, 0.25, 0.25 + 0.05 * rng.nextInt(15), 0.05));
        case 3 -> knobs.add(floatKnob(n, -1, 1 + rng.nextDouble(), null));
        case 4 -> knobs.add(logFloat(n, 0.01, 100, null));
        case 5 -> knobs.add(choice(n, List.of("a", "b", "c", "d", "e").subList(0, 1 + rng.nextInt(5)).toArray(String[]::new)));
        default -> knobs.add(bool(n));
      }
    }
    return KnobSpace.of(knobs);
  }

  static EvolutionParams params(UniformRandomProvider rng, String strategy) {
    int population = 2 + rng.nextInt(25);
    return new EvolutionParams(strategy, population, rng.nextInt(Math.min(4, population)), 1 + rng.nextInt(4),
        rng.nextDouble(), rng.nextBoolean() ? EvolutionParams.AUTO_MUTATION_RATE : rng.nextDouble(),
        0.01 + 0.3 * rng.nextDouble(), rng.nextBoolean() ? "lhs" : "random");
  }
}
