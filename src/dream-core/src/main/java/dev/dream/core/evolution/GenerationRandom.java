package dev.dream.core.evolution;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;

/**
 * Random streams derived only from what a replay knows: the run seed, the domain and a position (the
 * generation, or a named purpose and index). There is no shared or global generator, so a replayed
 * journal draws exactly the same numbers, whatever else ran before.
 */
public final class GenerationRandom {
  private GenerationRandom() {}

  /** The stream of one generation's decisions. */
  public static UniformRandomProvider stream(long seed, String domain, int generation) {
    return derive(seed, domain, "generation", generation);
  }

  /**
   * A stream for another purpose (e.g. CMA-ES restarts). SHA-256 of the fields, length-prefixed so that
   * no two tuples collide by concatenation, seeds a XO_RO_SHI_RO_128_PP generator.
   */
  public static UniformRandomProvider derive(long seed, String domain, String purpose, long index) {
    byte[] d = domain.getBytes(StandardCharsets.UTF_8);
    byte[] p = purpose.getBytes(StandardCharsets.UTF_8);
    ByteBuffer buf = ByteBuffer.allocate(8 + 4 + d.length + 4 + p.length + 8);
    buf.putLong(seed).putInt(d.length).put(d).putInt(p.length).put(p).putLong(index);
    ByteBuffer h = ByteBuffer.wrap(sha256(buf.array()));
    long s0 = h.getLong();
    long s1 = h.getLong();
    if (s0 == 0 && s1 == 0) s1 = 0x9E3779B97F4A7C15L; // the one state xoroshiro cannot leave
    return RandomSource.XO_RO_SHI_RO_128_PP.create(new long[] {s0, s1});
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM provides SHA-256", e);
    }
  }
}
