package dev.dream.trials.workload.builtin;

import java.lang.ref.SoftReference;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.function.BooleanSupplier;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;

/**
 * Memory bandwidth (copying between the two halves of a large array: every copied byte is read once and
 * written once) and memory latency (chasing pointers around one random cycle, so that every load depends on
 * the previous one and the prefetcher cannot guess the next address). MB means 10^6 bytes, as in STREAM.
 */
final class MemoryEngine {
  private static final LongAccumulator SINK = new LongAccumulator(Long::sum, 0);
  private static final int CHASE_BATCH = 1 << 16;
  // Building a 16M-entry cycle takes about half a second; trials of the same size reuse it.
  private static SoftReference<int[]> cycle = new SoftReference<>(null);

  record Bandwidth(double bytes, double elapsedS) {
    double mbPerS() {
      return elapsedS > 0 && bytes > 0 ? bytes / elapsedS / 1e6 : Double.NaN;
    }
  }

  record Chase(long steps, double elapsedS) {
    double nsPerStep() {
      return steps > 0 ? elapsedS * 1e9 / steps : Double.NaN;
    }
  }

  private MemoryEngine() {}

  static long[] buffer(long bytes) {
    long n = Math.max(2, bytes / 8) & ~1L;
    if (n > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("memory buffer too large: " + bytes + " bytes");
    long[] b = new long[(int) n];
    java.util.Arrays.fill(b, 1L); // touch every page now, not inside the measurement
    return b;
  }

  /** {@code threads} threads, each copying within its own slice of {@code buf}; bytes summed over them. */
  static Bandwidth bandwidth(long[] buf, int threads, double seconds, BooleanSupplier cancelled) throws Exception {
    if (threads <= 1) return bandwidth(buf, 0, buf.length, seconds, cancelled);
    int slice = (buf.length / threads) & ~1;
    if (slice < 2) throw new IllegalArgumentException("memory buffer too small for " + threads + " threads");
    Bandwidth[] per = new Bandwidth[threads];
    long start = System.nanoTime();
    Workers.runAll("dream-mem-bw", threads, w -> per[w] = bandwidth(buf, w * slice, slice, seconds, cancelled), () -> {});
    double bytes = 0;
    for (Bandwidth b : per) bytes += b.bytes();
    return new Bandwidth(bytes, (System.nanoTime() - start) / 1e9);
  }

  static Bandwidth bandwidth(long[] buf, double seconds, BooleanSupplier cancelled) {
    return bandwidth(buf, 0, buf.length, seconds, cancelled);
  }

  private static Bandwidth bandwidth(long[] buf, int from, int length, double seconds, BooleanSupplier cancelled) {
    int half = length / 2;
    long start = System.nanoTime();
    long end = start + (long) (seconds * 1e9);
    double bytes = 0;
    boolean forward = true;
    while (System.nanoTime() < end && !cancelled.getAsBoolean()) {
      if (forward) System.arraycopy(buf, from, buf, from + half, half);
      else System.arraycopy(buf, from + half, buf, from, half);
      forward = !forward;
      bytes += 2.0 * 8 * half;
    }
    SINK.accumulate(buf[from + half / 2]);
    return new Bandwidth(bytes, (System.nanoTime() - start) / 1e9);
  }

  /** One random cycle through {@code entries} slots (Sattolo's algorithm), the same on every node and trial. */
  static synchronized int[] cycle(int entries) {
    int[] c = cycle.get();
    if (c != null && c.length == entries) return c;
    c = new int[entries];
    for (int i = 0; i < entries; i++) c[i] = i;
    UniformRandomProvider rng = RandomSource.SPLIT_MIX_64.create(20240601L);
    for (int i = entries - 1; i > 0; i--) {
      int j = rng.nextInt(i);
      int t = c[i];
      c[i] = c[j];
      c[j] = t;
    }
    cycle = new SoftReference<>(c);
    return c;
  }

  /**
   * {@code threads} chases around the same cycle from evenly spaced starting points, at once: the time of
   * one dependent load while that many cores compete for the memory system. Steps and times are summed, so
   * {@link Chase#nsPerStep()} is the mean over the threads.
   */
  static Chase chaseParallel(int[] next, int threads, double seconds, BooleanSupplier cancelled) throws Exception {
    if (threads <= 1) return chaseFrom(next, 0, seconds, cancelled);
    Chase[] per = new Chase[threads];
    Workers.runAll("dream-mem-chase", threads, w -> per[w] = chaseFrom(next, (int) ((long) next.length * w / threads), seconds, cancelled), () -> {});
    long steps = 0;
    double time = 0;
    for (Chase c : per) {
      steps += c.steps();
      time += c.elapsedS();
    }
    return new Chase(steps, time);
  }

  static Chase chase(int[] next, double seconds, BooleanSupplier cancelled) {
    return chaseFrom(next, 0, seconds, cancelled);
  }

  private static Chase chaseFrom(int[] next, int from, double seconds, BooleanSupplier cancelled) {
    long start = System.nanoTime();
    long end = start + (long) (seconds * 1e9);
    long steps = 0;
    int i = from;
    while (System.nanoTime() < end && !cancelled.getAsBoolean()) {
      for (int k = 0; k < CHASE_BATCH; k++) i = next[i];
      steps += CHASE_BATCH;
    }
    SINK.accumulate(i);
    return new Chase(steps, (System.nanoTime() - start) / 1e9);
  }
}
