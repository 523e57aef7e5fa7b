package dev.dream.trials.knob;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.dream.core.domain.ActuatorSpec;
import dev.dream.core.domain.DomainSpec;
import dev.dream.core.domain.Knob;
import dev.dream.core.domain.Kpi;
import dev.dream.core.domain.WorkloadSpec;
import dev.dream.trials.FakeTree;
import dev.dream.trials.Fixtures;
import dev.dream.trials.LocalTrialExecutor;
import dev.dream.trials.Processes;
import dev.dream.trials.TrialResult;
import dev.dream.trials.probe.SysRoot;
import dev.dream.trials.process.Tools;
import dev.dream.trials.workload.WorkloadRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The knobs that place the workload's processes: affinity, nice and policy through taskset, nice and chrt
 * (the real tools, on the real processes), and the trial's cgroup on a fake /sys/fs/cgroup.
 */
@Timeout(60)
class PlacementAndCgroupTest {
  @TempDir Path dir;
  private LocalTrialExecutor executor;

  @AfterEach
  void close() {
    if (executor != null) executor.close();
  }

  private static ActuatorSpec actuator(String kind, String path, Map<String, String> values) {
    return new ActuatorSpec(kind, path, values, Map.of());
  }

  private static DomainSpec domain(List<Knob> knobs, String... kpis) {
    Map<String, Kpi> m = new LinkedHashMap<>();
    for (String k : kpis) m.put(k, new Kpi(k, "u", Kpi.Better.HIGHER, null));
    return Fixtures.domain("placed", knobs, m);
  }

  private TrialResult run(Map<String, KnobActuator> actuators, DomainSpec d, Map<String, Object> genome, WorkloadSpec w, boolean allow)
      throws Exception {
    LocalTrialExecutor.Options o = new LocalTrialExecutor.Options("n", dir.resolve("journal"), dir.resolve("scratch"),
        Duration.ofMillis(50), Duration.ofSeconds(5), Duration.ofSeconds(10));
    if (executor != null) executor.close();
    executor = new LocalTrialExecutor(o, WorkloadRegistry.standard(), List.of(), actuators);
    return executor.run(Fixtures.trial(d, new dev.dream.core.domain.Genome(genome), w, 0, 0, 0, Map.of(), allow));
  }

  /** A command that reports its own CPUs, niceness and scheduling policy (field 41 of /proc/self/stat). */
  private static WorkloadSpec selfReport() {
    return Fixtures.workload("command", "argv", List.of("sh", "-c",
        "printf '{\"cpus\": %s, \"nice\": %s, \"policy\": %s}' \"$(nproc)\" \"$(nice)\" \"$(awk '{print $41}' /proc/self/stat)\""));
  }

  @Test
  void affinityNiceAndPolicyReachTheWorkloadsProcessesThroughTasksetNiceAndChrt() throws Exception {
    for (String t : List.of("taskset", "nice", "chrt", "nproc", "awk")) assumeTrue(Tools.system().find(t).isPresent(), t + " not installed: skipped");
    SysRoot real = new SysRoot(Path.of("/"));
    Map<String, KnobActuator> actuators = Map.of(
        "affinity", new PlacementActuator("affinity", real),
        "nice", new PlacementActuator("nice", real),
        "sched-policy", new PlacementActuator("sched-policy", real));
    DomainSpec d = domain(List.of(
        new Knob.IntKnob("cpus", 1, 1, 1, false, null, actuator("affinity", null, Map.of())),
        new Knob.IntKnob("niceness", 0, 19, 1, false, null, actuator("nice", null, Map.of())),
        new Knob.ChoiceKnob("policy", List.of("other", "batch", "idle"), null, actuator("sched-policy", null, Map.of()))),
        "cpus", "nice", "policy");
    TrialResult r = run(actuators, d, Map.of("cpus", 1L, "niceness", 7L, "policy", "batch"), selfReport(), true);
    assertEquals(TrialResult.Outcome.OK, r.outcome(), r.error());
    assertEquals(1.0, r.kpis().get("cpus"));
    assertEquals(7.0, r.kpis().get("nice"));
    assertEquals(3.0, r.kpis().get("policy"), "SCHED_BATCH is 3");

    TrialResult held = run(actuators, d, Map.of("cpus", 1L, "niceness", 7L, "policy", "batch"), selfReport(), false);
    assertEquals(0.0, held.kpis().get("nice"), "held at stock without --allow-system-changes");
    assertEquals(KnobApplier.HELD_REASON, held.unavailable().get("knob:niceness"));

    TrialResult builtin = run(actuators, d, Map.of("cpus", 1L, "niceness", 7L), Fixtures.workload("builtin-cpu", "threads", 1), true);
    assertEquals(TrialResult.Outcome.OK, builtin.outcome(), builtin.error());
    assertTrue(builtin.unavailable().get("knob:cpus").contains("runs inside the Dream JVM"), builtin.unavailable().toString());
    assertTrue(builtin.unavailable().get("knob:niceness").contains("builtin-cpu"), builtin.unavailable().toString());
  }

  @Test
  void affinityCountsTheOnlineCpusAndRefusesToRunOnFewerThanAsked() throws Exception {
    FakeTree tree = new FakeTree(dir.resolve("root")).write("/sys/devices/system/cpu/online", "0-3,8-9\n");
    PlacementActuator a = new PlacementActuator("affinity", tree.sysRoot());
    assertEquals(List.of(0, 1, 2, 3, 8, 9), a.onlineCpus());
    Knob count = new Knob.IntKnob("cpus", 1, 64, 1, false, null, actuator("affinity", null, Map.of()));
    Knob share = new Knob.FloatKnob("share", 0.25, 1, 0.25, false, null, actuator("affinity", null, Map.of()));
    Knob list = new Knob.ChoiceKnob("set", List.of("0-1", "2,3"), null, actuator("affinity", null, Map.of()));
    assertEquals("0,1,2,3,8", a.cpuList(count, 5L));
    assertEquals("0,1,2", a.cpuList(share, 0.5));
    assertEquals("0", a.cpuList(share, 0.1), "at least one CPU");
    assertEquals("2,3", a.cpuList(list, "2,3"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.cpuList(count, 7L));
    assertTrue(e.getMessage().contains("asks for 7 CPUs; this node has 6 online"), e.getMessage());
  }

  @Test
  void aMissingLauncherToolIsNamedWithTheKnobThatNeedsIt() throws Exception {
    Tools none = Tools.onPath(dir.resolve("nothing").toString());
    dev.dream.trials.process.Placement p = new dev.dream.trials.process.Placement(
        List.of(new dev.dream.trials.process.Placement.Launcher("cpu_share", "taskset", List.of("-c", "0"))), null);
    var ex = assertThrows(dev.dream.trials.process.ToolMissingException.class, () -> p.wrap(List.of("/bin/true"), none));
    assertTrue(ex.getMessage().contains("taskset is not installed on this node") && ex.getMessage().contains("knob cpu_share needs it"), ex.getMessage());
  }

  @Test
  void aCgroupKnobRunsTheWorkloadInTheTrialsOwnCgroupAndRemovesItAfterwards() throws Exception {
    FakeTree tree = new FakeTree(dir.resolve("root")).write("/sys/fs/cgroup/cgroup.subtree_control", "cpu memory\n");
    CgroupActuator cg = new CgroupActuator(tree.sysRoot(), "/sys/fs/cgroup/dream");
    DomainSpec d = domain(List.of(new Knob.ChoiceKnob("bandwidth", List.of("full", "half"), null,
        actuator("cgroup", "cpu.max", Map.of("full", "max 100000", "half", "50000 100000")))), "quota", "placed");
    String base = tree.root.resolve("sys/fs/cgroup/dream").toString();
    // The command waits a moment (its PID is written right after it starts), then reads its cgroup's files.
    WorkloadSpec w = Fixtures.workload("command", "argv", List.of("sh", "-c",
        "sleep 0.3; q=$(cut -d' ' -f1 " + base + "/trial-*/cpu.max); if grep -qx $$ " + base + "/trial-*/cgroup.procs; then p=1; else p=0; fi; "
            + "printf '{\"quota\": %s, \"placed\": %s}' \"$q\" \"$p\""));
    TrialResult r = run(Map.of("cgroup", cg), d, Map.of("bandwidth", "half"), w, true);
    assertEquals(TrialResult.Outcome.OK, r.outcome(), r.error());
    assertEquals(50000.0, r.kpis().get("quota"), "cpu.max of the trial's cgroup");
    assertEquals(1.0, r.kpis().get("placed"), "the command's PID is in the trial's cgroup.procs");
    assertEquals("cpu", tree.read("/sys/fs/cgroup/dream/cgroup.subtree_control").trim(), "the controller is enabled for the trial cgroups");
    try (var s = Files.list(tree.root.resolve("sys/fs/cgroup/dream"))) {
      assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith("trial-")), "the trial's cgroup is removed");
    }
    assertTrue(executor.journal().pending().isEmpty());

    TrialResult builtin = run(Map.of("cgroup", cg), d, Map.of("bandwidth", "half"), Fixtures.workload("builtin-cpu", "threads", 1), true);
    assertTrue(builtin.unavailable().get("knob:bandwidth").contains("runs inside the Dream JVM"), builtin.unavailable().toString());
  }

  @Test
  void restoringATrialCgroupKillsWhatIsLeftInItAndNeverTouchesOtherCgroups() throws Exception {
    FakeTree tree = new FakeTree(dir.resolve("root"));
    CgroupActuator cg = new CgroupActuator(tree.sysRoot(), "/sys/fs/cgroup/dream");
    Process orphan = new ProcessBuilder("sleep", "300").start();
    tree.write("/sys/fs/cgroup/dream/trial-abc/cgroup.procs", orphan.pid() + "\n").write("/sys/fs/cgroup/dream/trial-abc/cpu.max", "max 100000");
    cg.restore(new ActuatorSpec("cgroup", "cpu.max", Map.of(), Map.of()), Map.of("cgroup", "/sys/fs/cgroup/dream/trial-abc"));
    assertTrue(Processes.gone(orphan.pid(), 5000), "the workload left in the cgroup is killed");
    assertFalse(Files.exists(tree.root.resolve("sys/fs/cgroup/dream/trial-abc")));
    cg.restore(new ActuatorSpec("cgroup", "cpu.max", Map.of(), Map.of()), Map.of("cgroup", "/sys/fs/cgroup/dream/trial-abc")); // idempotent
    for (String other : List.of("/sys/fs/cgroup/system.slice", "/sys/fs/cgroup/dream/../x", "/sys/fs/cgroup/dream/user")) {
      assertThrows(IllegalArgumentException.class, () -> cg.restore(new ActuatorSpec("cgroup", "cpu.max", Map.of(), Map.of()), Map.of("cgroup", other)), other);
    }
  }

  @Test
  void onTheMachineItselfACgroupKnobNeedsCgroupV2() throws Exception {
    String type = Files.getFileStore(Path.of("/sys/fs/cgroup")).type();
    assumeTrue(!type.equals("cgroup2"), "this machine has cgroup v2; the refusal is for v1 machines");
    CgroupActuator cg = new CgroupActuator(new SysRoot(Path.of("/")), "/sys/fs/cgroup/dream-test-never-created");
    Knob k = new Knob.ChoiceKnob("bw", List.of("full"), null, actuator("cgroup", "cpu.max", Map.of("full", "max 100000")));
    var e = assertThrows(java.io.IOException.class, () -> cg.apply(k, "full", new KnobEffects()));
    assertTrue(e.getMessage().contains("not cgroup v2"), e.getMessage());
    assertFalse(Files.exists(Path.of("/sys/fs/cgroup/dream-test-never-created")));
  }
}
