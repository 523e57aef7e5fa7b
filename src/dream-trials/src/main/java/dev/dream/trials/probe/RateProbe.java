package dev.dream.trials.probe;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;

/**
 * A cumulative kernel counter as a rate over the trial phase: sample() over the time since the previous
 * sample, finish() over the whole phase. {@code context_switches_per_s} (the {@code ctxt} line of
 * {@code /proc/stat}, all CPUs) and {@code major_faults_per_s} ({@code pgmajfault} of {@code /proc/vmstat}:
 * page faults that had to read from disk).
 */
public final class RateProbe implements Probe {
  private final String kpi;
  private final Path file;
  private final String key;
  private final java.util.function.LongSupplier clock;

  private RateProbe(String kpi, Path file, String key, java.util.function.LongSupplier clock) {
    this.kpi = kpi;
    this.file = file;
    this.key = key;
    this.clock = clock;
  }

  /** The same probe reading time from {@code clock} (nanoseconds), for tests. */
  RateProbe withClock(java.util.function.LongSupplier c) {
    return new RateProbe(kpi, file, key, c);
  }

  public static RateProbe contextSwitches(SysRoot root) {
    return new RateProbe("context_switches_per_s", root.resolve("/proc/stat"), "ctxt", System::nanoTime);
  }

  public static RateProbe majorFaults(SysRoot root) {
    return new RateProbe("major_faults_per_s", root.resolve("/proc/vmstat"), "pgmajfault", System::nanoTime);
  }

  @Override
  public Set<String> kpis() {
    return Set.of(kpi);
  }

  long read() throws IOException {
    for (String line : SysRoot.read(file).split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length == 2 && f[0].equals(key)) return Long.parseLong(f[1]);
    }
    throw new java.nio.file.NoSuchFileException(file + " " + key + " line");
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
        return file + " " + key;
      }

      @Override
      double value(long[] from, long[] to, double seconds) {
        return seconds > 0 ? (to[0] - from[0]) / seconds : Double.NaN;
      }
    }.begin();
  }
}
