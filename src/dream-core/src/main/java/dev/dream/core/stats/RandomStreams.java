package dev.dream.core.stats;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;

/**
 * Independent random streams, one per (seed, stream name). The original reseeded Python's global
 * generator with one fixed seed for every metric, so all intervals shared one resample sequence and the
 * GA's randomness was disturbed; here every metric gets its own reproducible stream and no global state
 * is touched.
 */
public final class RandomStreams {
  private RandomStreams() {}

  /**
   * A generator seeded by SHA-256(seed, name): distinct names give unrelated streams, the same pair
   * always gives the same stream, on every JVM.
   */
  public static UniformRandomProvider of(long seed, String stream) {
    byte[] digest = sha256(seed, stream);
    ByteBuffer buf = ByteBuffer.wrap(digest);
    long[] state = {buf.getLong(), buf.getLong(), buf.getLong(), buf.getLong()};
    return RandomSource.XO_SHI_RO_256_PP.create(state);
  }

  private static byte[] sha256(long seed, String stream) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(ByteBuffer.allocate(Long.BYTES).putLong(seed).array());
      md.update(stream.getBytes(StandardCharsets.UTF_8));
      return md.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }
}
