package dev.dream.trials.knob;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dream.core.domain.ActuatorSpec;
import dev.dream.core.domain.Genome;
import dev.dream.core.domain.Knob;
import dev.dream.trials.FakeTree;
import dev.dream.trials.Fixtures;
import dev.dream.trials.TrialSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SysfsActuatorTest {
  @TempDir Path dir;
  FakeTree tree;
  SysfsActuator sysfs;
  ApplyJournal journal;

  static final String GOV = "/sys/devices/system/cpu/cpu*/cpufreq/scaling_governor";
  static final Knob.ChoiceKnob GOVERNOR =
      new Knob.ChoiceKnob("governor", List.of("performance", "schedutil", "powersave"), null, new ActuatorSpec("sysfs", GOV, Map.of(), Map.of()));
  static final Knob.BoolKnob SMT =
      new Knob.BoolKnob("smt", null, new ActuatorSpec("sysfs", "/sys/devices/system/cpu/smt/control", Map.of("true", "on", "false", "off"), Map.of()));
  static final Knob.ChoiceKnob THP =
      new Knob.ChoiceKnob("thp", List.of("always", "madvise", "never"), null, new ActuatorSpec("sysfs", "/sys/kernel/mm/transparent_hugepage/enabled", Map.of(), Map.of()));
  static final Knob.IntKnob SWAPPINESS =
      new Knob.IntKnob("swappiness", 0, 200, 1, false, null, new ActuatorSpec("procfs", "/proc/sys/vm/swappiness", Map.of(), Map.of()));

  @BeforeEach
  void setUp() throws Exception {
    tree = new FakeTree(dir.resolve("root"));
    tree.write("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor", "schedutil\n")
        .write("/sys/devices/system/cpu/cpu1/cpufreq/scaling_governor", "schedutil\n")
        .write("/sys/devices/system/cpu/cpufreq/boost", "1\n")
        .write("/sys/devices/system/cpu/smt/control", "on\n")
        .write("/sys/kernel/mm/transparent_hugepage/enabled", "always [madvise] never\n")
        .write("/proc/sys/vm/swappiness", "60\n");
    sysfs = new SysfsActuator(tree.sysRoot(), "sysfs");
    journal = new ApplyJournal(dir.resolve("journal"));
  }

  private KnobApplier applier() {
    return new KnobApplier(Actuators.standard(tree.sysRoot()), journal);
  }

  private TrialSpec trial(Genome g, boolean allow) {
    return Fixtures.trial(Fixtures.domain("cpu", List.of(GOVERNOR, SMT, THP, SWAPPINESS), Map.of()), g,
        Fixtures.workload("sim", "optimum", Map.of()), 0, 0, 0, Map.of(), allow);
  }

  private static final Genome G = Fixtures.genome("governor", "performance", "smt", false, "thp", "never", "swappiness", 10L);

  @Test
  void applyWritesEveryMatchedFileAndRestoreWritesTheStockBack() throws Exception {
    AppliedKnobs applied = applier().apply(trial(G, true));
    assertEquals("performance", tree.read("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor"));
    assertEquals("performance", tree.read("/sys/devices/system/cpu/cpu1/cpufreq/scaling_governor"));
    assertEquals("off", tree.read("/sys/devices/system/cpu/smt/control"));
    assertEquals("never", tree.read("/sys/kernel/mm/transparent_hugepage/enabled"));
    assertEquals("10", tree.read("/proc/sys/vm/swappiness"));
    assertEquals(4, journal.pending().size());
    ApplyJournal.Entry gov = journal.pending().get(0);
    assertEquals(Map.of("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor", "schedutil",
        "/sys/devices/system/cpu/cpu1/cpufreq/scaling_governor", "schedutil"), gov.stock());
    assertEquals("madvise", journal.pending().get(2).stock().values().iterator().next());

    assertEquals(List.of(), applied.restore());
    assertEquals("schedutil", tree.read("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor"));
    assertEquals("schedutil", tree.read("/sys/devices/system/cpu/cpu1/cpufreq/scaling_governor"));
    assertEquals("on", tree.read("/sys/devices/system/cpu/smt/control"));
    assertEquals("madvise", tree.read("/sys/kernel/mm/transparent_hugepage/enabled"));
    assertEquals("60", tree.read("/proc/sys/vm/swappiness"));
    assertTrue(journal.pending().isEmpty());
    assertEquals(List.of(), applied.restore(), "restore is idempotent");
  }

  @Test
  void withoutPermissionForSystemChangesNothingIsTouched() throws Exception {
    AppliedKnobs applied = applier().apply(trial(G, false));
    assertEquals("schedutil\n", tree.read("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor"));
    assertEquals(Map.of("governor", KnobApplier.HELD_REASON, "smt", KnobApplier.HELD_REASON,
        "thp", KnobApplier.HELD_REASON, "swappiness", KnobApplier.HELD_REASON), applied.held());
    assertTrue(journal.pending().isEmpty());
  }

  @Test
  void afterACrashTheJournalPutsTheMachineBack() throws Exception {
    applier().apply(trial(G, true)); // the node "dies" here: no restore
    assertEquals("performance", tree.read("/sys/devices/system/cpu/cpu1/cpufreq/scaling_governor"));
    Files.writeString(journal.dir().resolve("9999999999999-000000001-deadbeef.tmp"), "{\"trun"); // torn write
    // A new process: fresh journal object and actuators, same directory.
    ApplyJournal reopened = new ApplyJournal(dir.resolve("journal"));
    List<ApplyJournal.Restored> report = reopened.restorePending(Actuators.standard(tree.sysRoot()));
    assertEquals(4, report.size());
    assertTrue(report.stream().allMatch(ApplyJournal.Restored::ok), report.toString());
    assertEquals("schedutil", tree.read("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor"));
    assertEquals("schedutil", tree.read("/sys/devices/system/cpu/cpu1/cpufreq/scaling_governor"));
    assertEquals("on", tree.read("/sys/devices/system/cpu/smt/control"));
    assertEquals("madvise", tree.read("/sys/kernel/mm/transparent_hugepage/enabled"));
    assertEquals("60", tree.read("/proc/sys/vm/swappiness"));
    try (var left = Files.list(journal.dir())) {
      assertEquals(0, left.count());
    }
  }

  @Test
  void aKnobSetTwiceIsRestoredToItsTrueStock() throws Exception {
    Knob.ChoiceKnob again = new Knob.ChoiceKnob("governor2", GOVERNOR.choices(), null, GOVERNOR.actuator());
    TrialSpec t = Fixtures.trial(Fixtures.domain("cpu", List.of(GOVERNOR, again), Map.of()),
        Fixtures.genome("governor", "performance", "governor2", "powersave"), Fixtures.workload("sim"), 0, 0, 0, Map.of(), true);
    applier().apply(t); // crash
    new ApplyJournal(dir.resolve("journal")).restorePending(Actuators.standard(tree.sysRoot()));
    assertEquals("schedutil", tree.read("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor"));
  }

  @Test
  void pathsOutsideTheDeclaredTreeAreRefused() throws Exception {
    Path outside = Files.writeString(dir.resolve("secret"), "keep\n");
    Files.createDirectories(tree.sysRoot().resolve("/sys/evil"));
    Files.createSymbolicLink(tree.sysRoot().resolve("/sys/evil/link"), outside);
    for (String path : List.of("/etc/passwd", "/sys/../etc/passwd", "/sys//x", "/sys/evil/link", "/proc/sys/vm/swappiness", "/sys/nothing/*")) {
      Knob k = new Knob.IntKnob("k", 0, 9, 1, false, null, new ActuatorSpec("sysfs", path, Map.of(), Map.of()));
      assertThrows(Exception.class, () -> sysfs.apply(k, 1L, new KnobEffects()), path);
      assertThrows(Exception.class, () -> sysfs.readStock(k), path);
    }
    assertEquals("keep\n", Files.readString(outside));
    // A journal entry cannot smuggle in a file the knob does not name.
    ActuatorSpec spec = GOVERNOR.actuator();
    assertThrows(IllegalArgumentException.class,
        () -> sysfs.restore(spec, Map.of("/sys/devices/system/cpu/cpufreq/boost", "0")));
    assertThrows(IllegalArgumentException.class, () -> sysfs.restore(spec, Map.of("/sys/evil/link", "0")));
    assertEquals("1\n", tree.read("/sys/devices/system/cpu/cpufreq/boost"));
  }

  @Test
  void theCurrentValueIsReadBackAsAKnobValue() throws Exception {
    assertEquals("schedutil", sysfs.readCurrent(GOVERNOR).orElseThrow());
    assertEquals(true, sysfs.readCurrent(SMT).orElseThrow());
    assertEquals("madvise", sysfs.readCurrent(THP).orElseThrow());
    assertEquals(60L, new SysfsActuator(tree.sysRoot(), "procfs").readCurrent(SWAPPINESS).orElseThrow());
  }

  @Test
  void valuesAreWrittenAsSysfsExpectsThem() {
    Knob.FloatKnob f = new Knob.FloatKnob("f", 0, 1, null, false, null, new ActuatorSpec("sysfs", "/sys/x", Map.of(), Map.of()));
    assertEquals("0.0001", KnobValues.text(f, 1e-4));
    assertEquals("1", KnobValues.text(f, 1.0));
    assertEquals("off", KnobValues.text(SMT, false));
    Knob.BoolKnob plain = new Knob.BoolKnob("b", null, new ActuatorSpec("sysfs", "/sys/x", Map.of(), Map.of()));
    assertEquals("1", KnobValues.text(plain, true));
  }
}
