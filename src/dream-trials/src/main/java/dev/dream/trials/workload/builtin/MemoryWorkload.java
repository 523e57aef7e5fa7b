package dev.dream.trials.workload.builtin;

import dev.dream.trials.workload.Params;
import dev.dream.trials.workload.Workload;
import dev.dream.trials.workload.WorkloadContext;
import dev.dream.trials.workload.WorkloadResult;
import java.util.Set;

/**
 * {@code builtin-memory}: copy bandwidth over a {@code size_mb} array (default 256 MiB) and the latency of
 * dependent loads around a {@code chase_mb} cycle (default 64 MiB, beyond most last-level caches).
 * {@code pattern} picks what the measured time is spent on: {@code bandwidth}, {@code latency}, or
 * {@code mixed} (default: the first half bandwidth, the second half latency). {@code threads} (default 1)
 * threads copy (each its own slice of the array) or chase (from different points of the cycle) at once.
 * KPIs: {@code bandwidth_mb_s} (MB = 10^6 bytes, read + written), {@code latency_ns} (mean time of one
 * dependent load); a KPI its pattern does not measure is unavailable with that reason. The buffers are
 * allocated and touched in the warm-up.
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

  private record Setup(String pattern, int threads) {
    static Setup from(Params p) {
      String pattern = p.string("pattern", "mixed");
      if (!Set.of("bandwidth", "latency", "mixed").contains(pattern)) {
        throw new IllegalArgumentException("workload builtin-memory: pattern must be bandwidth, latency or mixed, got " + pattern);
      }
      return new Setup(pattern, (int) p.integer("threads", 1, 1, 1024));
    }
  }

  @Override
  public void warmUp(WorkloadContext ctx) throws Exception {
    long start = System.nanoTime();
    Setup s = setUp(ctx.param());
    double left = ctx.warmupS() - (System.nanoTime() - start) / 1e9;
    if (left <= 0) return;
    if (s.pattern().equals("latency")) MemoryEngine.chaseParallel(cycle, s.threads(), left, ctx::cancelled);
    else MemoryEngine.bandwidth(buffer, s.threads(), left, ctx::cancelled);
  }

  Setup setUp(Params p) {
    Setup s = Setup.from(p);
    if (buffer != null || cycle != null) return s;
    long sizeMb = p.integer("size_mb", 256, 1, 16_384);
    long chaseMb = p.integer("chase_mb", 64, 1, 8_192);
    if (!s.pattern().equals("latency")) buffer = MemoryEngine.buffer(sizeMb << 20);
    if (!s.pattern().equals("bandwidth")) cycle = MemoryEngine.cycle((int) ((chaseMb << 20) / 4));
    return s;
  }

  @Override
  public WorkloadResult run(WorkloadContext ctx) throws Exception {
    Setup s = setUp(ctx.param());
    WorkloadResult.Builder b = new WorkloadResult.Builder();
    double bwTime = switch (s.pattern()) {
      case "bandwidth" -> ctx.durationS();
      case "latency" -> 0;
      default -> ctx.durationS() / 2;
    };
    if (!s.pattern().equals("latency")) {
      MemoryEngine.Bandwidth bw = MemoryEngine.bandwidth(buffer, s.threads(), bwTime, ctx::cancelled);
      b.put(BANDWIDTH, bw.mbPerS(), "no copy completed in " + bw.elapsedS() + " s");
    } else {
      b.unavailable(BANDWIDTH, "pattern latency measures load latency only");
    }
    if (!s.pattern().equals("bandwidth")) {
      MemoryEngine.Chase ch = MemoryEngine.chaseParallel(cycle, s.threads(), ctx.durationS() - bwTime, ctx::cancelled);
      b.put(LATENCY, ch.nsPerStep(), "no pointer chase completed in " + ch.elapsedS() + " s");
    } else {
      b.unavailable(LATENCY, "pattern bandwidth measures copy bandwidth only");
    }
    return b.build();
  }

  @Override
  public void close() {
    buffer = null;
    cycle = null;
  }
}
