package dev.dream.trials.workload.builtin;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * N threads of a compute kernel ({@link CpuKernel}) at a target duty cycle. One operation is one call of the
 * kernel, a few microseconds; its latency is timed around the call. With load below 1, each worker computes
 * for load × period and then sleeps to the period's end, so the offered load, not the machine's speed, sets
 * the busy fraction.
 */
final class CpuEngine {
  private static final LongAccumulator SINK = new LongAccumulator(Long::sum, 0);

  record Result(long ops, double elapsedS, Latencies latencies) {}

  private CpuEngine() {}

  static Result run(int workers, double load, long periodNs, double seconds, BooleanSupplier cancelled) throws Exception {
    return run("hash", workers, load, periodNs, seconds, cancelled);
  }

  /** The result of every kernel call is kept (in {@link #SINK}) so that the JIT cannot drop the work. */
  static Result run(String kernel, int workers, double load, long periodNs, double seconds, BooleanSupplier cancelled) throws Exception {
    CpuKernel.create(kernel); // an unknown kernel fails here, before any thread starts
    long start = System.nanoTime();
    long end = start + (long) (seconds * 1e9);
    long[] ops = new long[workers];
    Latencies.PerWorker lat = new Latencies.PerWorker(workers);
    AtomicBoolean stop = new AtomicBoolean();
    BooleanSupplier halt = () -> stop.get() || cancelled.getAsBoolean();
    Workers.runAll("dream-cpu", workers, w -> {
      CpuKernel k = CpuKernel.create(kernel);
      Latencies l = lat.of(w);
      long n = 0;
      long x = w + 1;
      long now = System.nanoTime();
      while (now < end && !halt.getAsBoolean()) {
        long periodEnd = now + periodNs;
        long busyUntil = load >= 1 ? end : Math.min(end, now + (long) (load * periodNs));
        while (now < busyUntil && !halt.getAsBoolean()) {
          long t = System.nanoTime();
          x = k.step(x);
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
    }, () -> stop.set(true));
    double elapsed = (System.nanoTime() - start) / 1e9;
    long total = 0;
    for (long n : ops) total += n;
    return new Result(total, elapsed, lat.merged());
  }
}
