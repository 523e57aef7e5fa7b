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

  /**
   * {@code tcp_retransmits}: TCP segments retransmitted by this node ({@code RetransSegs} of the Tcp lines
   * of {@code /proc/net/snmp}), all connections together.
   */
  public static CounterProbe tcpRetransmits(SysRoot root) {
    Path snmp = root.resolve("/proc/net/snmp");
    return new CounterProbe("tcp_retransmits", snmp + " Tcp RetransSegs", () -> snmpField(SysRoot.read(snmp), "Tcp", "RetransSegs"));
  }

  /** A field of /proc/net/snmp, where each protocol has a line of names followed by a line of values. */
  static long snmpField(String text, String protocol, String field) throws IOException {
    String[] lines = text.split("\n");
    for (int i = 0; i + 1 < lines.length; i++) {
      if (!lines[i].startsWith(protocol + ":") || !lines[i + 1].startsWith(protocol + ":")) continue;
      String[] names = lines[i].trim().split("\\s+");
      String[] values = lines[i + 1].trim().split("\\s+");
      for (int k = 1; k < names.length && k < values.length; k++) {
        if (names[k].equals(field)) return Long.parseLong(values[k]);
      }
    }
    throw new java.nio.file.NoSuchFileException("/proc/net/snmp " + protocol + " " + field);
  }

  /**
   * {@code io_errors}: I/O requests that completed with an error, summed over the block devices that count
   * them: {@code /sys/block/<dev>/device/ioerr_cnt} (hex), kept by the SCSI layer for SCSI, SATA and USB
   * disks. NVMe and virtio disks keep no such counter in sysfs: where no device has one, the KPI is
   * unavailable with that reason.
   */
  public static CounterProbe ioErrors(SysRoot root) {
    Path block = root.resolve("/sys/block");
    return new CounterProbe("io_errors",
        block + "/*/device/ioerr_cnt (kept by SCSI, SATA and USB disks only; NVMe and virtio disks have no error counter in sysfs)",
        () -> {
          if (!Files.isDirectory(block)) throw new java.nio.file.NoSuchFileException(block.toString());
          long sum = 0;
          int found = 0;
          try (Stream<Path> s = Files.list(block)) {
            for (Path dev : s.sorted().toList()) {
              Path f = dev.resolve("device/ioerr_cnt");
              if (!Files.exists(f)) continue;
              String t = SysRoot.read(f);
              sum += t.startsWith("0x") ? Long.parseLong(t.substring(2), 16) : Long.parseLong(t);
              found++;
            }
          }
          if (found == 0) throw new java.nio.file.NoSuchFileException(block + "/*/device/ioerr_cnt");
          return sum;
        });
  }

  /**
   * {@code ecc_uncorrected_errors}: uncorrected memory errors counted by the EDAC memory controllers
   * ({@code /sys/devices/system/edac/mc/mc*}/ue_count). Without ECC memory, or without an EDAC driver, the
   * KPI is unavailable with that reason.
   */
  public static CounterProbe eccUncorrected(SysRoot root) {
    Path mc = root.resolve("/sys/devices/system/edac/mc");
    return new CounterProbe("ecc_uncorrected_errors",
        mc + "/mc*/ue_count (EDAC: needs ECC memory and its EDAC driver)",
        () -> {
          if (!Files.isDirectory(mc)) throw new java.nio.file.NoSuchFileException(mc.toString());
          long sum = 0;
          int found = 0;
          try (Stream<Path> s = Files.list(mc)) {
            for (Path c : s.filter(p -> p.getFileName().toString().matches("mc\\d+")).sorted().toList()) {
              if (!Files.exists(c.resolve("ue_count"))) continue;
              sum += SysRoot.readLong(c.resolve("ue_count"));
              found++;
            }
          }
          if (found == 0) throw new java.nio.file.NoSuchFileException(mc + "/mc*/ue_count");
          return sum;
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
