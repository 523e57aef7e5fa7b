package dev.dream.trials.workload.builtin;

import dev.dream.core.domain.Kpi;
import dev.dream.trials.workload.Params;
import dev.dream.trials.workload.Workload;
import dev.dream.trials.workload.WorkloadContext;
import dev.dream.trials.workload.WorkloadResult;
import java.util.Map;
import java.util.Set;

/**
 * {@code builtin-memory}: the first half of the duration measures copy bandwidth over a {@code size_mb}
 * array (default 256 MiB), the second half the latency of dependent loads around a {@code chase_mb}
 * cycle (default 64 MiB, beyond most last-level caches). KPIs: {@code bandwidth_mb_s}, {@code latency_ns}
 * (mean time of one dependent load). The buffers are allocated and touched in the warm-up.
 */
public final class MemoryWorkload implements Workload {
  public static final String BANDWIDTH = "bandwidth_mb_s";
  public static final String LATENCY = "latency_ns";
  private long[] buffer;
  private int[] cycle;

  @Override
  public Set<String> kpis() {
    return Set.of(BANDWIDTH, LATENCY);
  }

  @Override
  public Map<Kpi.Role, String> roles() {
    return Map.of(Kpi.Role.PERF, BANDWIDTH);
  }

  @Override
  public void warmUp(WorkloadContext ctx) throws Exception {
    long start = System.nanoTime();
    setUp(ctx.param());
    double left = ctx.warmupS() - (System.nanoTime() - start) / 1e9;
    if (left > 0) MemoryEngine.bandwidth(buffer, left, ctx::cancelled);
  }

  void setUp(Params p) {
    if (buffer != null) return;
    long sizeMb = p.integer("size_mb", 256, 1, 16_384);
    long chaseMb = p.integer("chase_mb", 64, 1, 8_192);
    buffer = MemoryEngine.buffer(sizeMb << 20);
    cycle = MemoryEngine.cycle((int) ((chaseMb << 20) / 4));
  }

  @Override
  public WorkloadResult run(WorkloadContext ctx) {
    setUp(ctx.param());
    MemoryEngine.Bandwidth bw = MemoryEngine.bandwidth(buffer, ctx.durationS() / 2, ctx::cancelled);
    MemoryEngine.Chase ch = MemoryEngine.chase(cycle, ctx.durationS() / 2, ctx::cancelled);
    return new WorkloadResult.Builder()
        .put(BANDWIDTH, bw.mbPerS(), "no copy completed in " + bw.elapsedS() + " s")
        .put(LATENCY, ch.nsPerStep(), "no pointer chase completed in " + ch.elapsedS() + " s")
        .build();
  }

  @Override
  public void close() {
    buffer = null;
    cycle = null;
  }
}
