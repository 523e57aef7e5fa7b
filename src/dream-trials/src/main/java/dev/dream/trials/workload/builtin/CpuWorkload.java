package dev.dream.trials.workload.builtin;

import dev.dream.trials.workload.Params;
import dev.dream.trials.workload.Workload;
import dev.dream.trials.workload.WorkloadContext;
import dev.dream.trials.workload.WorkloadResult;
import java.util.Set;

/**
 * {@code builtin-cpu}: {@link CpuEngine} on {@code round(threads × util)} workers (at least one) at duty
 * cycle {@code load}.
 *
 * <p>Parameters (regime or {@code workload-arg} knob): {@code threads} (default: the processors available
 * to the JVM), {@code util} in (0, 1], the fraction of those threads that work (default 1), {@code load} in
 * (0, 1], each worker's busy fraction (default 1), {@code kernel}, the operation ({@link CpuKernel}: hash,
 * matmul or sort; default hash), {@code period_ms}, the duty-cycle period (default 10).
 * KPIs: {@code throughput_ops} (operations per second), {@code p50/p95/p99_latency_ms} of the operations.
 */
public final class CpuWorkload implements Workload {
  public static final String THROUGHPUT = "throughput_ops";

  record Setup(int workers, double load, long periodNs, String kernel) {
    static Setup from(Params p, int defaultThreads) {
      long threads = p.integer("threads", defaultThreads, 1, 4096);
      double util = p.number("util", 1.0, 1e-9, 1.0);
      double load = p.number("load", 1.0, 1e-9, 1.0);
      double periodMs = p.number("period_ms", 10, 0.1, 10_000);
      int workers = (int) Math.max(1, Math.round(threads * util));
      return new Setup(workers, load, (long) (periodMs * 1e6), p.string("kernel", "hash"));
    }
  }

  @Override
  public Set<String> kpis() {
    return Latencies.withPercentiles(THROUGHPUT);
  }

  @Override
  public void warmUp(WorkloadContext ctx) throws Exception {
    Setup s = Setup.from(ctx.param(), Runtime.getRuntime().availableProcessors());
    CpuEngine.run(s.kernel(), s.workers(), s.load(), s.periodNs(), ctx.warmupS(), ctx::cancelled);
  }

  @Override
  public WorkloadResult run(WorkloadContext ctx) throws Exception {
    Setup s = Setup.from(ctx.param(), Runtime.getRuntime().availableProcessors());
    CpuEngine.Result r = CpuEngine.run(s.kernel(), s.workers(), s.load(), s.periodNs(), ctx.durationS(), ctx::cancelled);
    return kpis(r, new WorkloadResult.Builder()).build();
  }

  static WorkloadResult.Builder kpis(CpuEngine.Result r, WorkloadResult.Builder b) {
    String none = "no CPU operation completed in " + r.elapsedS() + " s";
    b.put(THROUGHPUT, r.ops() > 0 && r.elapsedS() > 0 ? r.ops() / r.elapsedS() : Double.NaN, none);
    return r.latencies().putPercentiles(b, none);
  }
}
