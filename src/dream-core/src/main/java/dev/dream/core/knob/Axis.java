package dev.dream.core.knob;

import dev.dream.core.domain.Knob;
import org.apache.commons.rng.UniformRandomProvider;

/** One knob seen as a coordinate in [0,1]: how that coordinate maps to the knob's values and back. */
public sealed interface Axis permits LevelAxis, ContinuousAxis {
  Knob knob();

  /** The canonical value at coordinate {@code u} in [0,1]. */
  Object decode(double u);

  /**
   * A coordinate whose {@link #decode} is {@code value}.
   *
   * @throws IllegalArgumentException if the value is not in this knob's range
   */
  double encode(Object value);

  boolean contains(Object value);

  /** Number of distinct values, or 0 for a continuous knob. */
  long levels();

  /**
   * A coordinate that decodes to a different value than {@code u} does (the same one only when the knob
   * has a single value). Ordered knobs move by a Gaussian of {@code sigma} in unit space, reflected at
   * the bounds, and at least one level; choices jump to any other choice, since they have no order.
   */
  double mutate(double u, double sigma, UniformRandomProvider rng);

  /** Coordinates of the values next to the one at {@code u}: used to replace duplicates nearby. */
  double[] neighbours(double u);
}
