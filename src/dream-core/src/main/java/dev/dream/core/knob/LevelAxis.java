package dev.dream.core.knob;

import dev.dream.core.domain.Knob;
import org.apache.commons.rng.UniformRandomProvider;

/** A knob with finitely many values: int, stepped float, choice, bool. */
public final class LevelAxis implements Axis {
  private final Knob knob;
  private final Levels levels;
  private final Cells cells;

  LevelAxis(Knob knob, Levels levels, boolean log) {
    this.knob = knob;
    this.levels = levels;
    this.cells = log && levels.count() > 1 ? new Cells.Log(levels) : new Cells.Uniform(levels.count());
  }

  @Override
  public Knob knob() {
    return knob;
  }

  @Override
  public long levels() {
    return levels.count();
  }

  public boolean ordered() {
    return levels.ordered();
  }

  /** The level index at coordinate {@code u}. */
  public long levelOf(double u) {
    UnitInterval.check(u);
    return cells.cellOf(u);
  }

  public Object valueAt(long level) {
    return levels.valueAt(level);
  }

  /** The coordinate of a level: the centre of its cell. */
  public double centre(long level) {
    return cells.centre(level);
  }

  @Override
  public Object decode(double u) {
    return levels.valueAt(levelOf(u));
  }

  @Override
  public double encode(Object value) {
    long k = levels.indexOf(value);
    if (k < 0) throw new IllegalArgumentException("knob '" + knob.name() + "' has no value " + value);
    return cells.centre(k);
  }

  @Override
  public boolean contains(Object value) {
    return levels.indexOf(value) >= 0;
  }

  @Override
  public double mutate(double u, double sigma, UniformRandomProvider rng) {
    long n = levels.count();
    long k = levelOf(u);
    if (n == 1) return cells.centre(0);
    if (!levels.ordered()) {
      long j = rng.nextLong(n - 1);
      return cells.centre(j >= k ? j + 1 : j);
    }
    // A Gaussian step from the cell centre makes near levels likelier than far ones; a step that stays
    // in the same cell becomes a move to the adjacent level in its direction (reflected at the ends),
    // so the gene always changes and neighbours stay the most probable outcome.
    double delta = sigma * UnitInterval.gaussian(rng);
    long j = cells.cellOf(UnitInterval.reflect(cells.centre(k) + delta));
    if (j == k) j = k + (delta >= 0 ? 1 : -1);
    if (j < 0) j = 1;
    if (j >= n) j = n - 2;
    return cells.centre(j);
  }

  @Override
  public double[] neighbours(double u) {
    long n = levels.count();
    long k = levelOf(u);
    if (!levels.ordered()) {
      double[] out = new double[(int) n - 1];
      for (long j = 0, i = 0; j < n; j++) if (j != k) out[(int) i++] = cells.centre(j);
      return out;
    }
    if (n == 1) return new double[0];
    if (k == 0) return new double[] {cells.centre(1)};
    if (k == n - 1) return new double[] {cells.centre(n - 2)};
    return new double[] {cells.centre(k - 1), cells.centre(k + 1)};
  }
}
