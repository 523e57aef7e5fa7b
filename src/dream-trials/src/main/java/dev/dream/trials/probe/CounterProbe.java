package dev.dream.trials.probe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A counter KPI measured as its change during the trial phase, never as a since-boot total, so that one
 * old event does not mark every later candidate unsafe. sample() gives the change since the phase began
 * (what a cap of max 0 must see at once); finish() the same over the whole phase.
 */
public final class CounterProbe implements Probe {
  interface Reader {
    long read() throws IOException;
  }

  private final String kpi;
  private final String source;
  private final Reader reader;

  private CounterProbe(String kpi, String source, Reader reader) {
    this.kpi = kpi;
    this.source = source;
    this.reader = reader;
  }

  /** {@code thermal_throttle_events}: Σ over CPUs of {@code thermal_throttle/core_throttle_count}. */
  public static CounterProbe thermalThrottle(SysRoot root) {
    Path cpus = root.resolve("/sys/devices/system/cpu");
    return new CounterProbe("thermal_throttle_events",
        cpus + "/cpu*/thermal_throttle/core_throttle_count (Intel thermal throttle counters)",
        () -> {
          List<Path> files;
          try (Stream<Path> s = Files.list(cpus)) {
            files = s.filter(p -> p.getFileName().toString().matches("cpu\\d+"))
                .map(p -> p.resolve("thermal_throttle/core_throttle_count")).filter(Files::exists).toList();
          }
          if (files.isEmpty()) throw new java.nio.file.NoSuchFileException(cpus + "/cpu*/thermal_throttle/core_throttle_count");
          long sum = 0;
          for (Path f : files) sum += SysRoot.readLong(f);
          return sum;
        });
  }

  /** {@code oom_kills}: the {@code oom_kill} line of {@code /proc/vmstat} (Linux 4.13 and later). */
  public static CounterProbe oomKills(SysRoot root) {
    Path vmstat = root.resolve("/proc/vmstat");
    return new CounterProbe("oom_kills", vmstat + " oom_kill (Linux 4.13 and later)", () -> {
      for (String line : SysRoot.read(vmstat).split("\n")) {
        String[] f = line.trim().split("\\s+");
        if (f.length == 2 && f[0].equals("oom_kill")) return Long.parseLong(f[1]);
      }
      throw new java.nio.file.NoSuchFileException(vmstat + " oom_kill line");
    });
  }

  @Override
  public Set<String> kpis() {
    return Set.of(kpi);
  }

  @Override
  public ProbeSession open() {
    DeltaSession s = new DeltaSession(kpi, System::nanoTime) {
      private long[] base;

      @Override
      long[] reading() throws IOException {
        return new long[] {reader.read()};
      }

      @Override
      String path() {
        return source;
      }

      @Override
      double value(long[] from, long[] to, double seconds) {
        if (base == null) base = from; // the phase's first reading: changes count from there
        return to[0] - base[0];
      }
    };
    return s.begin();
  }
}
