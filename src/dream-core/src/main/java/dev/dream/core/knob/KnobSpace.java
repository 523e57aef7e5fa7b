package dev.dream.core.knob;

import dev.dream.core.domain.Genome;
import dev.dream.core.domain.Knob;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * The knobs of a domain as the unit cube [0,1]^d (rules in {@code package-info.java}): evolution
 * operators move coordinates, {@link #decode} turns them into genomes that trials can apply.
 */
public final class KnobSpace {
  /** Spaces up to this size can be listed whole by {@link #enumerate}. */
  public static final long ENUMERATION_LIMIT = 1_000_000;

  private final List<Knob> knobs;
  private final List<Axis> axes;

  private KnobSpace(List<Knob> knobs, List<Axis> axes) {
    this.knobs = knobs;
    this.axes = axes;
  }

  /** @throws IllegalArgumentException naming the knob, for a range the encoding cannot honour */
  public static KnobSpace of(List<Knob> knobs) {
    if (knobs.isEmpty()) throw new IllegalArgumentException("a knob space needs at least one knob");
    Set<String> names = new HashSet<>();
    List<Axis> axes = new ArrayList<>();
    for (Knob k : knobs) {
      if (k.name() == null || !names.add(k.name())) {
        throw new IllegalArgumentException("knob '" + k.name() + "' is declared twice or has no name");
      }
      axes.add(Axes.of(k));
    }
    return new KnobSpace(List.copyOf(knobs), List.copyOf(axes));
  }

  public List<Knob> knobs() {
    return knobs;
  }

  public int dimension() {
    return knobs.size();
  }

  public Axis axis(int gene) {
    return axes.get(gene);
  }

  public Axis axis(Knob knob) {
    return axes.get(indexOf(knob.name()));
  }

  /** Number of values of a knob, 0 for a continuous one. */
  public long levels(Knob knob) {
    return axis(knob).levels();
  }

  public boolean isContinuous(Knob knob) {
    return axis(knob).levels() == 0;
  }

  /** Number of distinct genomes; empty if a knob is continuous or the count overflows a long. */
  public OptionalLong size() {
    long size = 1;
    for (Axis a : axes) {
      if (a.levels() == 0) return OptionalLong.empty();
      try {
        size = Math.multiplyExact(size, a.levels());
      } catch (ArithmeticException e) {
        return OptionalLong.empty();
      }
    }
    return OptionalLong.of(size);
  }

  public Genome decode(double[] u) {
    checkLength(u);
    Map<String, Object> values = new LinkedHashMap<>();
    for (int i = 0; i < axes.size(); i++) values.put(knobs.get(i).name(), axes.get(i).decode(u[i]));
    return new Genome(values);
  }

  /** @throws IllegalArgumentException naming the knob when the genome is not in this space */
  public double[] encode(Genome genome) {
    checkKeys(genome);
    double[] u = new double[axes.size()];
    for (int i = 0; i < axes.size(); i++) u[i] = axes.get(i).encode(genome.get(knobs.get(i).name()));
    return u;
  }

  /** Exactly the knobs of this space, each with a value of its range, in canonical type. */
  public boolean contains(Genome genome) {
    if (genome.values().size() != knobs.size()) return false;
    for (int i = 0; i < axes.size(); i++) {
      Object v = genome.get(knobs.get(i).name());
      if (v == null || !axes.get(i).contains(v)) return false;
    }
    return true;
  }

  /** The cell-centre coordinates of the genome that {@code u} decodes to. */
  public double[] snap(double[] u) {
    return encode(decode(u));
  }

  /**
   * The stock genome: each knob's value as read from the machine, else its declared default. The value
   * may lie outside the searched range: the baseline is measured as the machine was found.
   *
   * @throws IllegalArgumentException naming the knob that has neither, or an unknown name in the map
   */
  public Genome stock(Map<String, Object> readFromMachine) {
    for (String name : readFromMachine.keySet()) indexOf(name);
    Map<String, Object> values = new LinkedHashMap<>();
    for (Knob k : knobs) {
      Object raw = readFromMachine.get(k.name());
      if (raw == null) raw = k.stock();
      if (raw == null) {
        throw new IllegalArgumentException("knob '" + k.name() + "' has no stock value: its actuator could"
            + " not read it from the machine and the domain file declares no default:");
      }
      values.put(k.name(), KnobValues.canonical(k, raw));
    }
    return new Genome(values);
  }

  /** The genome with every value converted to its knob's canonical type (e.g. a JSON 1 for a float knob). */
  public Genome canonical(Genome genome) {
    checkKeys(genome);
    Map<String, Object> values = new LinkedHashMap<>();
    for (Knob k : knobs) values.put(k.name(), KnobValues.canonical(k, genome.get(k.name())));
    return new Genome(values);
  }

  /** A uniformly random point of the cube. */
  public double[] randomPoint(UniformRandomProvider rng) {
    double[] u = new double[axes.size()];
    for (int i = 0; i < u.length; i++) u[i] = rng.nextDouble();
    return u;
  }

  public Genome random(UniformRandomProvider rng) {
    return decode(randomPoint(rng));
  }

  /** A coordinate for gene {@code gene} that decodes to another value (see {@link Axis#mutate}). */
  public double mutateGene(int gene, double u, double sigma, UniformRandomProvider rng) {
    return axes.get(gene).mutate(u, sigma, rng);
  }

  /** Every genome, first knob varying slowest. */
  public List<Genome> enumerate() {
    long size = size().orElse(Long.MAX_VALUE);
    if (size > ENUMERATION_LIMIT) {
      throw new IllegalArgumentException("the space has more than " + ENUMERATION_LIMIT + " genomes");
    }
    List<Genome> all = new ArrayList<>((int) size);
    long[] level = new long[axes.size()];
    for (long n = 0; n < size; n++) {
      Map<String, Object> values = new LinkedHashMap<>();
      for (int i = 0; i < axes.size(); i++) {
        values.put(knobs.get(i).name(), ((LevelAxis) axes.get(i)).valueAt(level[i]));
      }
      all.add(new Genome(values));
      for (int i = axes.size() - 1; i >= 0 && ++level[i] == axes.get(i).levels(); i--) level[i] = 0;
    }
    return all;
  }

  private int indexOf(String name) {
    for (int i = 0; i < knobs.size(); i++) if (knobs.get(i).name().equals(name)) return i;
    throw new IllegalArgumentException("no knob named '" + name + "' in this space");
  }

  private void checkLength(double[] u) {
    if (u.length != axes.size()) {
      throw new IllegalArgumentException("expected " + axes.size() + " coordinates, got " + u.length);
    }
  }

  private void checkKeys(Genome genome) {
    for (String name : genome.values().keySet()) indexOf(name);
    for (Knob k : knobs) {
      if (genome.get(k.name()) == null) throw new IllegalArgumentException("knob '" + k.name() + "' has no value");
    }
  }
}
