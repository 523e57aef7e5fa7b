package dev.dream.trials.probe;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;

/**
 * Pressure stall information ({@code /proc/pressure/cpu|memory|io}): {@code <resource>_pressure_pct}, the
 * share of wall-clock time in which some task stalled on the resource, from the "some" line's
 * {@code total} (microseconds) deltas. The kernel's own avg10/avg60 would mix in time before the trial.
 */
public final class PressureProbe implements Probe {
  private final String resource;
  private final String kpi;
  private final Path file;
  private final java.util.function.LongSupplier clock;

  public PressureProbe(SysRoot root, String resource) {
    this(root, resource, System::nanoTime);
  }

  PressureProbe(SysRoot root, String resource, java.util.function.LongSupplier clock) {
    this.clock = clock;
    this.resource = resource;
    this.kpi = resource + "_pressure_pct";
    this.file = root.resolve("/proc/pressure/" + resource);
  }

  @Override
  public Set<String> kpis() {
    return Set.of(kpi);
  }

  long read() throws IOException {
    for (String line : SysRoot.read(file).split("\n")) {
      if (!line.startsWith("some ")) continue;
      for (String field : line.split("\\s+")) {
        if (field.startsWith("total=")) return Long.parseLong(field.substring(6));
      }
    }
    throw new IOException(file + " has no 'some ... total=' line");
  }

  @Override
  public ProbeSession open() {
    return new DeltaSession(kpi, clock) {
      @Override
      long[] reading() throws IOException {
        return new long[] {read()};
      }

      @Override
      String path() {
        return file + " (pressure stall information; needs a kernel with CONFIG_PSI, psi not disabled)";
      }

      @Override
      double value(long[] from, long[] to, double seconds) {
        return seconds > 0 ? Math.min(100, Math.max(0, (to[0] - from[0]) / 1e4 / seconds)) : Double.NaN;
      }
    }.begin();
  }

  @Override
  public String toString() {
    return "PressureProbe(" + resource + ")";
  }
}
