package dev.dream.trials.workload.builtin;

import dev.dream.trials.workload.Workload;
import dev.dream.trials.workload.WorkloadContext;
import dev.dream.trials.workload.WorkloadResult;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code builtin-mixed}: the CPU kernel on its workers and one thread copying memory, at the same time, so
 * that compute competes with memory traffic for caches and bandwidth. Parameters as for builtin-cpu
 * (threads default: available processors − 1, at least 1) plus {@code size_mb} (default 256). KPIs: those
 * of builtin-cpu and {@code bandwidth_mb_s}.
 */
public final class MixedWorkload implements Workload {
  private long[] buffer;

  @Override
  public Set<String> kpis() {
    return Latencies.withPercentiles(CpuWorkload.THROUGHPUT, MemoryWorkload.BANDWIDTH);
  }

  @Override
  public void warmUp(WorkloadContext ctx) throws Exception {
    SetUpWarmUp.run(ctx, () -> setUp(ctx), seconds -> both(ctx, seconds));
  }

  private void setUp(WorkloadContext ctx) {
    if (buffer == null) buffer = MemoryEngine.buffer(ctx.param().integer("size_mb", 256, 1, 16_384) << 20);
  }

  @Override
  public WorkloadResult run(WorkloadContext ctx) throws Exception {
    setUp(ctx);
    return both(ctx, ctx.durationS());
  }

  private WorkloadResult both(WorkloadContext ctx, double seconds) throws Exception {
    int defaultThreads = Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
    CpuWorkload.Setup s = CpuWorkload.Setup.from(ctx.param(), defaultThreads);
    AtomicReference<MemoryEngine.Bandwidth> bw = new AtomicReference<>();
    Thread memory = new Thread(() -> bw.set(MemoryEngine.bandwidth(buffer, seconds, ctx::cancelled)), "dream-mixed-memory");
    memory.setDaemon(true);
    memory.start();
    CpuEngine.Result cpu;
    try {
      cpu = CpuEngine.run(s.kernel(), s.workers(), s.load(), s.periodNs(), seconds, ctx::cancelled);
    } finally {
      memory.join();
    }
    WorkloadResult.Builder b = CpuWorkload.kpis(cpu, new WorkloadResult.Builder());
    MemoryEngine.Bandwidth m = bw.get();
    if (m == null) b.unavailable(MemoryWorkload.BANDWIDTH, "the memory thread failed");
    else b.put(MemoryWorkload.BANDWIDTH, m.mbPerS(), "no copy completed in " + m.elapsedS() + " s");
    return b.build();
  }

  @Override
  public void close() {
    buffer = null;
  }
}
