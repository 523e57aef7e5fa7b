package dev.dream.trials.probe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code cpu_temp_c}: the hottest CPU sensor, from hwmon ({@code /sys/class/hwmon/hwmon*}/temp*_input) and
 * thermal zones ({@code /sys/class/thermal/thermal_zone*}/temp), both in millidegrees.
 *
 * <p>CPU sensors are the hwmon chips of CPU drivers (coretemp, k10temp, zenpower, cpu_thermal…) and the
 * zones whose type names the CPU or package (x86_pkg_temp, cpu…). When a machine exposes none of those,
 * the hottest of all sensors is used: a cap then errs on the safe side. sample() is the reading now;
 * finish() the peak over the phase.
 */
public final class TemperatureProbe implements Probe {
  public static final String KPI = "cpu_temp_c";
  private static final Set<String> CPU_CHIPS =
      Set.of("coretemp", "k10temp", "zenpower", "cpu_thermal", "cpu-thermal", "soc_thermal", "k8temp", "via_cputemp");
  private final Path hwmon;
  private final Path thermal;

  public TemperatureProbe(SysRoot root) {
    this.hwmon = root.resolve("/sys/class/hwmon");
    this.thermal = root.resolve("/sys/class/thermal");
  }

  @Override
  public Set<String> kpis() {
    return Set.of(KPI);
  }

  private record Sensor(Path file, boolean cpu) {}

  List<Sensor> sensors() throws IOException {
    List<Sensor> out = new ArrayList<>();
    for (Path chip : list(hwmon, "hwmon\\d+")) {
      String name = readOr(chip.resolve("name"), "");
      boolean cpu = CPU_CHIPS.contains(name);
      for (Path f : list(chip, "temp\\d+_input")) out.add(new Sensor(f, cpu));
    }
    for (Path zone : list(thermal, "thermal_zone\\d+")) {
      String type = readOr(zone.resolve("type"), "").toLowerCase(Locale.ROOT);
      boolean cpu = type.contains("x86_pkg") || type.contains("cpu") || type.contains("soc") || type.contains("pkg");
      if (Files.exists(zone.resolve("temp"))) out.add(new Sensor(zone.resolve("temp"), cpu));
    }
    return out;
  }

  /** The hottest CPU sensor now (or of all sensors when none is known as a CPU's), in °C. */
  double read() throws IOException {
    List<Sensor> all = sensors();
    boolean anyCpu = all.stream().anyMatch(Sensor::cpu);
    double max = Double.NaN;
    IOException last = null;
    for (Sensor s : all) {
      if (anyCpu && !s.cpu()) continue;
      try {
        double c = SysRoot.readLong(s.file()) / 1000.0;
        if (Double.isNaN(max) || c > max) max = c;
      } catch (IOException e) {
        last = e; // a sensor that cannot be read right now (some report EAGAIN); the others still count
      }
    }
    if (Double.isNaN(max)) {
      throw last != null ? last : new java.nio.file.NoSuchFileException("no temperature sensor under " + hwmon + " or " + thermal);
    }
    return max;
  }

  @Override
  public ProbeSession open() {
    return new PeakSession(KPI, "temperature", this::read);
  }

  private static List<Path> list(Path dir, String nameRegex) throws IOException {
    if (!Files.isDirectory(dir)) return List.of();
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().matches(nameRegex)).sorted().toList();
    }
  }

  private static String readOr(Path p, String fallback) {
    try {
      return SysRoot.read(p);
    } catch (IOException e) {
      return fallback;
    }
  }
}
