package dev.dream.trials.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dream.trials.FakeTree;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProbesTest {
  @TempDir Path dir;
  FakeTree tree;
  final AtomicLong clock = new AtomicLong();

  @BeforeEach
  void setUp() {
    tree = new FakeTree(dir);
  }

  private static double value(Readings r, String kpi) {
    assertTrue(r.values().containsKey(kpi), r.toString());
    return r.values().get(kpi);
  }

  @Test
  void cpuUtilizationIsTheBusyShareOfTheJiffiesBetweenReadings() {
    tree.write("/proc/stat", "cpu  100 0 100 700 100 0 0 0 0 0\ncpu0 1 2 3 4 5 6 7 8 9 10\nintr 1\n");
    ProbeSession s = new CpuUtilizationProbe(tree.sysRoot()).open();
    // +150 user +50 system +500 idle +100 iowait: busy 200 of 800.
    tree.write("/proc/stat", "cpu  250 0 150 1200 200 0 0 0 0 0\n");
    assertEquals(25.0, value(s.sample(), "cpu_util_pct"), 1e-9);
    tree.write("/proc/stat", "cpu  450 0 150 1200 200 0 0 0 0 0\n");
    assertEquals(100.0, value(s.sample(), "cpu_util_pct"), 1e-9);
    assertEquals(400.0 / 1000 * 100, value(s.finish(), "cpu_util_pct"), 1e-9);
  }

  @Test
  void aCounterThatDidNotMoveGivesNoUtilizationRatherThanAGuess() {
    tree.write("/proc/stat", "cpu  100 0 100 700 100 0 0 0 0 0\n");
    ProbeSession s = new CpuUtilizationProbe(tree.sysRoot()).open();
    assertTrue(s.sample().values().isEmpty());
    assertTrue(s.finish().unavailable().get("cpu_util_pct").contains("no change"));
  }

  @Test
  void aMissingFileMakesTheKpiUnavailableWithTheReason() {
    Readings r = new CpuUtilizationProbe(tree.sysRoot()).open().finish();
    assertTrue(r.values().isEmpty());
    assertTrue(r.unavailable().get("cpu_util_pct").contains("/proc/stat does not exist"), r.toString());
    Readings p = new PressureProbe(tree.sysRoot(), "io").open().finish();
    assertTrue(p.unavailable().get("io_pressure_pct").contains("CONFIG_PSI"), p.toString());
  }

  @Test
  void pressureIsTheStalledShareOfWallClockTime() {
    tree.write("/proc/pressure/memory", "some avg10=9.00 avg60=1.00 avg300=0.50 total=1000000\nfull avg10=0 avg60=0 avg300=0 total=5\n");
    ProbeSession s = new PressureProbe(tree.sysRoot(), "memory", clock::get).open();
    clock.addAndGet(2_000_000_000L); // 2 s, of which 0.5 s stalled
    tree.write("/proc/pressure/memory", "some avg10=9.00 avg60=1.00 avg300=0.50 total=1500000\nfull avg10=0 avg60=0 avg300=0 total=9\n");
    assertEquals(25.0, value(s.sample(), "memory_pressure_pct"), 1e-9);
    clock.addAndGet(2_000_000_000L);
    assertEquals(0.0, value(s.sample(), "memory_pressure_pct"), 1e-9);
    assertEquals(12.5, value(s.finish(), "memory_pressure_pct"), 1e-9);
  }

  @Test
  void cpuTemperatureIsTheHottestCpuSensorAndItsPeakOverThePhase() {
    tree.write("/sys/class/hwmon/hwmon0/name", "coretemp\n")
        .write("/sys/class/hwmon/hwmon0/temp1_input", "45000\n")
        .write("/sys/class/hwmon/hwmon0/temp2_input", "52000\n")
        .write("/sys/class/hwmon/hwmon1/name", "nvme\n")
        .write("/sys/class/hwmon/hwmon1/temp1_input", "70000\n")
        .write("/sys/class/thermal/thermal_zone0/type", "acpitz\n")
        .write("/sys/class/thermal/thermal_zone0/temp", "80000\n");
    ProbeSession s = new TemperatureProbe(tree.sysRoot()).open();
    assertEquals(52.0, value(s.sample(), "cpu_temp_c"));
    tree.write("/sys/class/thermal/thermal_zone1/type", "x86_pkg_temp\n").write("/sys/class/thermal/thermal_zone1/temp", "61500\n");
    assertEquals(61.5, value(s.sample(), "cpu_temp_c"));
    tree.write("/sys/class/thermal/thermal_zone1/temp", "40000\n");
    assertEquals(52.0, value(s.sample(), "cpu_temp_c"));
    assertEquals(61.5, value(s.finish(), "cpu_temp_c"));
  }

  @Test
  void withoutAKnownCpuSensorTheHottestSensorIsUsed() {
    tree.write("/sys/class/hwmon/hwmon3/name", "nvme\n").write("/sys/class/hwmon/hwmon3/temp1_input", "70000\n")
        .write("/sys/class/thermal/thermal_zone0/type", "acpitz\n").write("/sys/class/thermal/thermal_zone0/temp", "30000\n");
    assertEquals(70.0, value(new TemperatureProbe(tree.sysRoot()).open().sample(), "cpu_temp_c"));
    FakeTree empty = new FakeTree(dir.resolve("empty"));
    assertTrue(new TemperatureProbe(empty.sysRoot()).open().finish().unavailable().get("cpu_temp_c").contains("no temperature sensor"));
  }

  @Test
  void packagePowerSumsPackagesAndSurvivesTheCounterWrapping() {
    long range = 262143328850L;
    tree.write("/sys/class/powercap/intel-rapl:0/name", "package-0\n")
        .write("/sys/class/powercap/intel-rapl:0/max_energy_range_uj", range + "\n")
        .write("/sys/class/powercap/intel-rapl:0/energy_uj", (range - 1_000_000) + "\n")
        .write("/sys/class/powercap/intel-rapl:0:0/name", "core\n")
        .write("/sys/class/powercap/intel-rapl:0:0/max_energy_range_uj", range + "\n")
        .write("/sys/class/powercap/intel-rapl:0:0/energy_uj", "0\n")
        .write("/sys/class/powercap/intel-rapl:1/name", "package-1\n")
        .write("/sys/class/powercap/intel-rapl:1/max_energy_range_uj", range + "\n")
        .write("/sys/class/powercap/intel-rapl:1/energy_uj", "5000000\n");
    ProbeSession s = new RaplProbe(tree.sysRoot(), clock::get).open();
    clock.addAndGet(500_000_000L);
    // package-0 wraps: 1 J to the top, then 4 J more; package-1 +5 J; the core sub-zone is not a package.
    tree.write("/sys/class/powercap/intel-rapl:0/energy_uj", "4000000\n")
        .write("/sys/class/powercap/intel-rapl:0:0/energy_uj", "99000000\n")
        .write("/sys/class/powercap/intel-rapl:1/energy_uj", "10000000\n");
    assertEquals(10.0 / 0.5, value(s.sample(), "package_power_w"), 1e-9);
    clock.addAndGet(1_500_000_000L);
    tree.write("/sys/class/powercap/intel-rapl:1/energy_uj", "40000000\n");
    assertEquals(40.0 / 2.0, value(s.finish(), "package_power_w"), 1e-9);
    assertEquals(150, RaplProbe.delta(range - 100, 50, range));
  }

  @Test
  void unreadableRaplSaysWhy() {
    assertTrue(new RaplProbe(tree.sysRoot()).open().finish().unavailable().get("package_power_w").contains("powercap"));
    assertTrue(RaplProbe.reason(new AccessDeniedException("/sys/class/powercap/intel-rapl:0/energy_uj")).contains("permission denied"));
  }

  @Test
  void throttleEventsAreTheChangeDuringThePhaseNotTheSinceBootTotal() {
    tree.write("/sys/devices/system/cpu/cpu0/thermal_throttle/core_throttle_count", "5\n")
        .write("/sys/devices/system/cpu/cpu1/thermal_throttle/core_throttle_count", "7\n")
        .write("/sys/devices/system/cpu/cpufreq/policy0/x", "");
    ProbeSession s = CounterProbe.thermalThrottle(tree.sysRoot()).open();
    assertEquals(0.0, value(s.sample(), "thermal_throttle_events"));
    tree.write("/sys/devices/system/cpu/cpu1/thermal_throttle/core_throttle_count", "9\n");
    assertEquals(2.0, value(s.sample(), "thermal_throttle_events"));
    assertEquals(2.0, value(s.sample(), "thermal_throttle_events"));
    assertEquals(2.0, value(s.finish(), "thermal_throttle_events"));
  }

  @Test
  void oomKillsAreTheChangeOfTheVmstatCounter() {
    tree.write("/proc/vmstat", "nr_free_pages 1\noom_kill 3\npgfault 9\n");
    ProbeSession s = CounterProbe.oomKills(tree.sysRoot()).open();
    tree.write("/proc/vmstat", "nr_free_pages 1\noom_kill 4\npgfault 9\n");
    assertEquals(1.0, value(s.finish(), "oom_kills"));
    tree.write("/proc/vmstat", "nr_free_pages 1\n");
    assertTrue(CounterProbe.oomKills(tree.sysRoot()).open().finish().unavailable().get("oom_kills").contains("4.13"));
  }

  @Test
  void nodeClassIsAStableHashOfModelCpusMemoryAndKernel() {
    tree.write("/proc/cpuinfo", "processor\t: 0\nmodel name\t: Intel(R) Xeon(R)  Gold 6338\n\nprocessor\t: 1\nmodel name\t: Intel(R) Xeon(R)  Gold 6338\n")
        .write("/proc/meminfo", "MemTotal:       16303412 kB\nMemFree: 1 kB\n")
        .write("/proc/sys/kernel/osrelease", "6.1.0-18-amd64\n");
    NodeClass c = NodeClass.detect(tree.sysRoot());
    assertEquals("Intel(R) Xeon(R) Gold 6338", c.cpuModel());
    assertEquals(2, c.cpus());
    assertEquals(16, c.memoryGib());
    assertEquals("6.1.0-18-amd64", c.kernelRelease());
    assertTrue(c.id().matches("[0-9a-f]{12}"), c.id());
    // A few MiB less after a reboot is the same class; another kernel is not.
    tree.write("/proc/meminfo", "MemTotal:       16290000 kB\n");
    assertEquals(c, NodeClass.detect(tree.sysRoot()));
    tree.write("/proc/sys/kernel/osrelease", "6.1.0-19-amd64\n");
    assertNotEquals(c.id(), NodeClass.detect(tree.sysRoot()).id());
  }

  @Test
  void thisMachineHasANodeClass() {
    NodeClass c = NodeClass.detect(new SysRoot(Path.of("/")));
    assertTrue(c.cpus() > 0);
    assertFalse(c.kernelRelease().equals("unknown"));
  }
}
