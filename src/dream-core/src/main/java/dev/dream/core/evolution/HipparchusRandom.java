package dev.dream.core.evolution;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.hipparchus.random.RandomGenerator;

/**
 * A Hipparchus generator reading a derived commons-rng stream, so that CMA-ES draws from the same kind
 * of reproducible stream as everything else. Re-seeding is refused: the seed is the derivation.
 */
final class HipparchusRandom implements RandomGenerator {
  private final UniformRandomProvider rng;
  private final ZigguratSampler.NormalizedGaussian gaussian;

  HipparchusRandom(UniformRandomProvider rng) {
    this.rng = rng;
    this.gaussian = ZigguratSampler.NormalizedGaussian.of(rng);
  }

  @Override
  public void setSeed(int seed) {
    throw new UnsupportedOperationException("derived streams are not re-seeded");
  }

  @Override
  public void setSeed(int[] seed) {
    throw new UnsupportedOperationException("derived streams are not re-seeded");
  }

  @Override
  public void setSeed(long seed) {
    throw new UnsupportedOperationException("derived streams are not re-seeded");
  }

  @Override
  public void nextBytes(byte[] bytes) {
    rng.nextBytes(bytes);
  }

  @Override
  public void nextBytes(byte[] bytes, int offset, int len) {
    rng.nextBytes(bytes, offset, len);
  }

  @Override
  public int nextInt() {
    return rng.nextInt();
  }

  @Override
  public int nextInt(int n) {
    return rng.nextInt(n);
  }

  @Override
  public long nextLong() {
    return rng.nextLong();
  }

  @Override
  public long nextLong(long n) {
    return rng.nextLong(n);
  }

  @Override
  public boolean nextBoolean() {
    return rng.nextBoolean();
  }

  @Override
  public float nextFloat() {
    return rng.nextFloat();
  }

  @Override
  public double nextDouble() {
    return rng.nextDouble();
  }

  @Override
  public double nextGaussian() {
    return gaussian.sample();
  }
}
