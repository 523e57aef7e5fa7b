package dev.dream.trials.probe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code package_power_w}: CPU package power from the RAPL energy counters of the powercap framework
 * ({@code /sys/class/powercap/intel-rapl:N}, also used for AMD), summed over packages.
 *
 * <p>The counter {@code energy_uj} wraps at {@code max_energy_range_uj}; a reading below the previous one
 * means one wrap. Every sample adds the energy since the previous one, so a phase longer than a wrap
 * (minutes at high power) is still counted whole as long as it is sampled more often than that. Since Linux
 * 5.10 only root may read energy_uj; then the KPI is unavailable, and says so.
 */
public final class RaplProbe implements Probe {
  public static final String KPI = "package_power_w";
  private final Path powercap;
  private final java.util.function.LongSupplier clock;

  public RaplProbe(SysRoot root) {
    this(root, System::nanoTime);
  }

  RaplProbe(SysRoot root, java.util.function.LongSupplier clock) {
    this.powercap = root.resolve("/sys/class/powercap");
    this.clock = clock;
  }

  @Override
  public Set<String> kpis() {
    return Set.of(KPI);
  }

  record Zone(Path energy, long range) {}

  /** The package zones: top-level RAPL zones (no sub-zone suffix) named package-N. */
  List<Zone> zones() throws IOException {
    List<Zone> out = new ArrayList<>();
    if (!Files.isDirectory(powercap)) throw new java.nio.file.NoSuchFileException(powercap + " (no powercap: not a RAPL CPU, or a virtual machine)");
    try (Stream<Path> s = Files.list(powercap)) {
      for (Path z : s.filter(p -> p.getFileName().toString().matches("[a-z-]*rapl:\\d+")).sorted().toList()) {
        String name = Files.exists(z.resolve("name")) ? SysRoot.read(z.resolve("name")) : "";
        if (!name.startsWith("package")) continue;
        out.add(new Zone(z.resolve("energy_uj"), SysRoot.readLong(z.resolve("max_energy_range_uj"))));
      }
    }
    if (out.isEmpty()) throw new java.nio.file.NoSuchFileException(powercap + "/*rapl:N with a package zone");
    return out;
  }

  /** Energy between two readings of one counter, in µJ, across at most one wrap. */
  static long delta(long before, long after, long range) {
    return after >= before ? after - before : after + range - before;
  }

  @Override
  public ProbeSession open() {
    return new ProbeSession() {
      private List<Zone> zones;
      private long[] last;
      private long lastNs;
      private final long startNs = clock.getAsLong();
      private double totalUj;
      private String failure;

      {
        try {
          zones = zones();
          last = read();
          lastNs = clock.getAsLong();
        } catch (IOException e) {
          failure = reason(e);
        }
      }

      private long[] read() throws IOException {
        long[] v = new long[zones.size()];
        for (int i = 0; i < v.length; i++) v[i] = SysRoot.readLong(zones.get(i).energy());
        return v;
      }

      /** Adds the energy since the previous reading; returns that reading's power, W. */
      private double advance() throws IOException {
        long[] now = read();
        long ns = clock.getAsLong();
        double uj = 0;
        for (int i = 0; i < now.length; i++) uj += delta(last[i], now[i], zones.get(i).range());
        double seconds = (ns - lastNs) / 1e9;
        totalUj += uj;
        last = now;
        lastNs = ns;
        return seconds > 0 ? uj / 1e6 / seconds : Double.NaN;
      }

      @Override
      public Readings sample() {
        if (failure != null) return Readings.unavailable(KPI, failure);
        try {
          double w = advance();
          return Double.isFinite(w) ? Readings.of(KPI, w) : Readings.EMPTY;
        } catch (IOException e) {
          failure = reason(e);
          return Readings.unavailable(KPI, failure);
        }
      }

      @Override
      public Readings finish() {
        Readings r = sample();
        if (failure != null) return r;
        double seconds = (lastNs - startNs) / 1e9;
        return seconds > 0 ? Readings.of(KPI, totalUj / 1e6 / seconds) : Readings.unavailable(KPI, "no time elapsed to measure power over");
      }
    };
  }

  static String reason(IOException e) {
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "RAPL energy counter " + e.getMessage() + " is not readable: permission denied (root only since Linux 5.10)";
    }
    if (e instanceof java.nio.file.NoSuchFileException) return "no RAPL package energy counter: " + e.getMessage();
    return "cannot read RAPL energy: " + e.getMessage();
  }
}
