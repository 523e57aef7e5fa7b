package dev.dream.trials.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dream.trials.FakeTree;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The counter, rate and hwmon probes on a fake /sys and /proc. */
class NodeCountersTest {
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
  void contextSwitchesAndMajorFaultsArePerSecondOfTheTrial() {
    tree.write("/proc/stat", "cpu  1 2 3 4\nctxt 1000\nbtime 1\n").write("/proc/vmstat", "pgfault 5\npgmajfault 40\n");
    ProbeSession ctxt = RateProbe.contextSwitches(tree.sysRoot()).withClock(clock::get).open();
    ProbeSession faults = RateProbe.majorFaults(tree.sysRoot()).withClock(clock::get).open();
    clock.set(2_000_000_000L);
    tree.write("/proc/stat", "cpu  1 2 3 4\nctxt 3000\n").write("/proc/vmstat", "pgmajfault 50\n");
    assertEquals(1000.0, value(ctxt.sample(), "context_switches_per_s"), 1e-9);
    assertEquals(5.0, value(faults.sample(), "major_faults_per_s"), 1e-9);
    clock.set(4_000_000_000L);
    tree.write("/proc/stat", "ctxt 11000\n");
    assertEquals(4000.0, value(ctxt.sample(), "context_switches_per_s"), 1e-9, "since the previous sample");
    assertEquals(10000.0 / 4, value(ctxt.finish(), "context_switches_per_s"), 1e-9, "over the whole phase");
  }

  @Test
  void tcpRetransmitsAreTheChangeOfRetransSegs() {
    String header = "Ip: Forwarding DefaultTTL\nIp: 1 64\nTcp: RtoAlgorithm RtoMin RtoMax MaxConn ActiveOpens PassiveOpens AttemptFails EstabResets CurrEstab InSegs OutSegs RetransSegs InErrs OutRsts InCsumErrors\n";
    tree.write("/proc/net/snmp", header + "Tcp: 1 200 120000 -1 10 5 0 0 2 1000 900 77 0 3 0\nUdp: InDatagrams\nUdp: 4\n");
    ProbeSession s = CounterProbe.tcpRetransmits(tree.sysRoot()).open();
    tree.write("/proc/net/snmp", header + "Tcp: 1 200 120000 -1 10 5 0 0 2 1000 900 80 0 3 0\n");
    assertEquals(3.0, value(s.finish(), "tcp_retransmits"));
  }

  @Test
  void ioErrorsComeFromScsiCountersAndAreUnavailableWhereNoDiskKeepsOne() {
    Readings none = CounterProbe.ioErrors(tree.write("/sys/block/vda/queue/scheduler", "none").sysRoot()).open().finish();
    assertTrue(none.unavailable().get("io_errors").contains("NVMe and virtio disks have no error counter"), none.toString());
    tree.write("/sys/block/sda/device/ioerr_cnt", "0x2\n").write("/sys/block/sdb/device/ioerr_cnt", "0x0\n");
    ProbeSession s = CounterProbe.ioErrors(tree.sysRoot()).open();
    tree.write("/sys/block/sdb/device/ioerr_cnt", "0x1a\n");
    assertEquals(26.0, value(s.finish(), "io_errors"));
  }

  @Test
  void eccErrorsComeFromEdacAndAreUnavailableWithoutIt() {
    Readings none = CounterProbe.eccUncorrected(tree.sysRoot()).open().finish();
    assertTrue(none.unavailable().get("ecc_uncorrected_errors").contains("EDAC"), none.toString());
    tree.write("/sys/devices/system/edac/mc/mc0/ue_count", "1\n").write("/sys/devices/system/edac/mc/mc1/ue_count", "0\n");
    ProbeSession s = CounterProbe.eccUncorrected(tree.sysRoot()).open();
    assertEquals(0.0, value(s.sample(), "ecc_uncorrected_errors"), "an old error is not this trial's");
    tree.write("/sys/devices/system/edac/mc/mc1/ue_count", "2\n");
    assertEquals(2.0, value(s.finish(), "ecc_uncorrected_errors"));
  }

  @Test
  void diskAndDimmTemperaturesComeOnlyFromTheirOwnChipsAndPeak() {
    tree.write("/sys/class/hwmon/hwmon0/name", "coretemp\n").write("/sys/class/hwmon/hwmon0/temp1_input", "90000\n");
    Readings none = HwmonProbe.dimms(tree.sysRoot()).open().finish();
    assertTrue(none.unavailable().get("dimm_temp_c").contains("jc42 or spd5118"), none.toString());
    tree.write("/sys/class/hwmon/hwmon1/name", "nvme\n").write("/sys/class/hwmon/hwmon1/temp1_input", "41850\n")
        .write("/sys/class/hwmon/hwmon1/temp2_input", "44850\n")
        .write("/sys/class/hwmon/hwmon2/name", "drivetemp\n").write("/sys/class/hwmon/hwmon2/temp1_input", "38000\n");
    ProbeSession s = HwmonProbe.disks(tree.sysRoot()).open();
    assertEquals(44.85, value(s.sample(), "disk_temp_c"), 1e-9, "the hottest disk sensor, not the CPU's");
    tree.write("/sys/class/hwmon/hwmon1/temp2_input", "40000\n");
    assertEquals(44.85, value(s.finish(), "disk_temp_c"), 1e-9, "the peak over the phase");
  }
}
