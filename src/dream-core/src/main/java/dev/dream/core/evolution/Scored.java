package dev.dream.core.evolution;

import dev.dream.core.domain.Genome;

/**
 * A candidate and its score_v2. A null score means unsafe or failed: such a candidate is never a parent
 * nor an elite.
 */
public record Scored(Genome genome, Double score) {
  public Scored {
    if (genome == null) throw new IllegalArgumentException("a scored candidate needs a genome");
    if (score != null && !Double.isFinite(score)) {
      throw new IllegalArgumentException("a score must be finite or null (unsafe), got " + score);
    }
  }

  public boolean safe() {
    return score != null;
  }
}
