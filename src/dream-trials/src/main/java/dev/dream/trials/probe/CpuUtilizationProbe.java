package dev.dream.trials.probe;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;

/**
 * {@code cpu_util_pct}: the busy share of all CPUs from {@code /proc/stat} deltas, 0–100. Busy is every
 * state but idle and iowait; guest time is already inside user time, so it is not added again.
 */
public final class CpuUtilizationProbe implements Probe {
  public static final String KPI = "cpu_util_pct";
  private final Path stat;

  public CpuUtilizationProbe(SysRoot root) {
    this.stat = root.resolve("/proc/stat");
  }

  @Override
  public Set<String> kpis() {
    return Set.of(KPI);
  }

  /** {busy, total} jiffies of the aggregate "cpu" line. */
  long[] read() throws IOException {
    for (String line : SysRoot.read(stat).split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (!f[0].equals("cpu")) continue;
      long total = 0;
      long idle = 0;
      // user nice system idle iowait irq softirq steal [guest guest_nice]: guest is counted in user.
      for (int i = 1; i < f.length && i <= 8; i++) {
        long v = Long.parseLong(f[i]);
        total += v;
        if (i == 4 || i == 5) idle += v;
      }
      return new long[] {total - idle, total};
    }
    throw new IOException(stat + " has no aggregate cpu line");
  }

  @Override
  public ProbeSession open() {
    return new DeltaSession(KPI, System::nanoTime) {
      @Override
      long[] reading() throws IOException {
        return read();
      }

      @Override
      String path() {
        return stat.toString();
      }

      @Override
      double value(long[] from, long[] to, double seconds) {
        long total = to[1] - from[1];
        return total > 0 ? 100.0 * (to[0] - from[0]) / total : Double.NaN;
      }
    }.begin();
  }
}
