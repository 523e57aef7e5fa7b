package dev.dream.trials.probe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A temperature KPI from the hwmon sensors of particular chips ({@code /sys/class/hwmon/hwmon*}: a chip's
 * {@code name}, its {@code temp*_input} in millidegrees): the hottest now in sample(), the peak over the
 * phase in finish(). {@code disk_temp_c}: the NVMe driver's "nvme" chips and the "drivetemp" driver of SATA
 * disks; {@code dimm_temp_c}: the SPD sensors of memory modules, "jc42" (DDR4) and "spd5118" (DDR5). A
 * machine without such chips (drivetemp not loaded, no DIMM sensors, a virtual machine) reports the KPI
 * unavailable, naming what it looked for.
 */
public final class HwmonProbe implements Probe {
  private final String kpi;
  private final Set<String> chips;
  private final Path hwmon;

  public HwmonProbe(SysRoot root, String kpi, Set<String> chips) {
    this.kpi = kpi;
    this.chips = Set.copyOf(chips);
    this.hwmon = root.resolve("/sys/class/hwmon");
  }

  public static HwmonProbe disks(SysRoot root) {
    return new HwmonProbe(root, "disk_temp_c", Set.of("nvme", "drivetemp"));
  }

  public static HwmonProbe dimms(SysRoot root) {
    return new HwmonProbe(root, "dimm_temp_c", Set.of("jc42", "spd5118"));
  }

  @Override
  public Set<String> kpis() {
    return Set.of(kpi);
  }

  List<Path> sensors() throws IOException {
    List<Path> out = new ArrayList<>();
    if (!Files.isDirectory(hwmon)) return out;
    try (Stream<Path> s = Files.list(hwmon)) {
      for (Path chip : s.filter(p -> p.getFileName().toString().matches("hwmon\\d+")).sorted().toList()) {
        Path name = chip.resolve("name");
        if (!Files.exists(name) || !chips.contains(SysRoot.read(name))) continue;
        try (Stream<Path> t = Files.list(chip)) {
          t.filter(p -> p.getFileName().toString().matches("temp\\d+_input")).sorted().forEach(out::add);
        }
      }
    }
    return out;
  }

  double read() throws IOException {
    List<Path> sensors = sensors();
    if (sensors.isEmpty()) {
      throw new java.nio.file.NoSuchFileException("no hwmon chip named " + String.join(" or ", new java.util.TreeSet<>(chips)) + " under " + hwmon);
    }
    double max = Double.NaN;
    IOException last = null;
    for (Path f : sensors) {
      try {
        double c = SysRoot.readLong(f) / 1000.0;
        if (Double.isNaN(max) || c > max) max = c;
      } catch (IOException e) {
        last = e; // a sleeping drive may refuse a reading; the others still count
      }
    }
    if (Double.isNaN(max)) throw last;
    return max;
  }

  @Override
  public ProbeSession open() {
    return new PeakSession(kpi, kpi, this::read);
  }
}
