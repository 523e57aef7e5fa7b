package dev.dream.trials.sim;

import dev.dream.core.domain.Genome;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;

/**
 * The random stream of one sim trial, fixed by (run seed, candidate knob values, regime, trial index) so
 * that the same trial gives the same numbers on any node, JVM or retry.
 *
 * <p>The seed is the SHA-256 of a binary encoding of those four, made independent of things that do not
 * identify the trial: knobs are taken in name order (not map order), and a float is encoded by its IEEE
 * bits rather than by {@code Double.toString}, whose output changed between JDK releases. The 32 digest
 * bytes seed XO_SHI_RO_256_PP, whose native seed is exactly four longs.
 */
public final class SimNoise {
  private static final String DOMAIN_TAG = "dream.sim.noise.v1";

  private SimNoise() {}

  public static UniformRandomProvider stream(long runSeed, Genome genome, String regime, int trial) {
    ByteBuffer digest = ByteBuffer.wrap(sha256(encode(runSeed, genome, regime, trial)));
    long[] seed = new long[4];
    for (int i = 0; i < 4; i++) seed[i] = digest.getLong();
    return RandomSource.XO_SHI_RO_256_PP.create(seed);
  }

  static byte[] encode(long runSeed, Genome genome, String regime, int trial) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeUTF(DOMAIN_TAG);
      out.writeLong(runSeed);
      Map<String, Object> sorted = new TreeMap<>(genome.values());
      out.writeInt(sorted.size());
      for (Map.Entry<String, Object> e : sorted.entrySet()) {
        out.writeUTF(e.getKey());
        writeValue(out, e.getValue());
      }
      out.writeUTF(regime);
      out.writeInt(trial);
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void writeValue(DataOutputStream out, Object v) throws IOException {
    if (v instanceof Long l) {
      out.writeByte('l');
      out.writeLong(l);
    } else if (v instanceof Double d) {
      out.writeByte('d');
      out.writeLong(Double.doubleToLongBits(d == 0.0 ? 0.0 : d)); // -0.0 and 0.0 are the same knob value
    } else if (v instanceof Boolean b) {
      out.writeByte('b');
      out.writeBoolean(b);
    } else {
      out.writeByte('s');
      out.writeUTF(String.valueOf(v));
    }
  }

  private static byte[] sha256(byte[] input) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(input);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
