package dev.dream.trials.workload.builtin;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * N threads of a fixed compute kernel at a target duty cycle. One operation is one call of the kernel (a
 * fixed chain of 2048 dependent integer mix rounds, a few microseconds); its latency is timed around the
 * call. With load below 1, each worker computes for load × period and then sleeps to the period's end, so
 * the offered load, not the machine's speed, sets the busy fraction.
 */
final class CpuEngine {
  static final int ROUNDS = 2048;
  private static final LongAccumulator SINK = new LongAccumulator(Long::sum, 0);

  record Result(long ops, double elapsedS, Latencies latencies) {}

  private CpuEngine() {}

  /** The kernel: the result is kept (in {@link #SINK}) so the JIT cannot drop the work. */
  static long kernel(long x) {
    for (int i = 0; i < ROUNDS; i++) {
      x ^= x << 13;
      x ^= x >>> 7;
      x ^= x << 17;
      x = x * 0x9E3779B97F4A7C15L + i;
    }
    return x;
  }

  static Result run(int workers, double load, long periodNs, double seconds, BooleanSupplier cancelled) throws Exception {
    long start = System.nanoTime();
    long end = start + (long) (seconds * 1e9);
    long[] ops = new long[workers];
    Latencies[] lat = new Latencies[workers];
    AtomicBoolean stop = new AtomicBoolean();
    BooleanSupplier halt = () -> stop.get() || cancelled.getAsBoolean();
    Workers.runAll("dream-cpu", workers, w -> {
      Latencies l = new Latencies();
      long n = 0;
      long x = w + 1;
      long now = System.nanoTime();
      while (now < end && !halt.getAsBoolean()) {
        long periodEnd = now + periodNs;
        long busyUntil = load >= 1 ? end : Math.min(end, now + (long) (load * periodNs));
        while (now < busyUntil && !halt.getAsBoolean()) {
          long t = System.nanoTime();
          x = kernel(x);
          now = System.nanoTime();
          l.record(now - t);
          n++;
        }
        if (load < 1) {
          long rest = Math.min(periodEnd, end) - System.nanoTime();
          if (rest > 0) LockSupport.parkNanos(rest);
          now = System.nanoTime();
        }
      }
      SINK.accumulate(x);
      ops[w] = n;
      lat[w] = l;
    }, () -> stop.set(true));
    double elapsed = (System.nanoTime() - start) / 1e9;
    Latencies all = new Latencies();
    long total = 0;
    for (int i = 0; i < workers; i++) {
      total += ops[i];
      if (lat[i] != null) all.add(lat[i]);
    }
    return new Result(total, elapsed, all);
  }
}
