package dev.dream.trials;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dream.core.domain.ActuatorSpec;
import dev.dream.core.domain.DomainSpec;
import dev.dream.core.domain.Knob;
import dev.dream.core.domain.Kpi;
import dev.dream.core.domain.RegimeSpec;
import dev.dream.trials.process.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a node can do, found on a fake tree with an empty tool path: each knob and KPI with its reason. */
class NodeCapabilitiesTest {
  @TempDir Path dir;

  private static ActuatorSpec file(String kind, String path) {
    return new ActuatorSpec(kind, path, Map.of(), Map.of());
  }

  @Test
  void aDomainOnANodeThatLacksKnobsAndKpisSaysWhichAndWhyUpFront() throws Exception {
    FakeTree tree = new FakeTree(dir.resolve("root"))
        .write("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor", "schedutil\n")
        .write("/sys/devices/system/cpu/cpu0/cpufreq/scaling_available_governors", "performance schedutil\n")
        .write("/sys/kernel/mm/transparent_hugepage/enabled", "always [madvise] never\n")
        .write("/sys/class/hwmon/hwmon0/name", "coretemp\n").write("/sys/class/hwmon/hwmon0/temp1_input", "45000\n")
        .write("/proc/stat", "cpu  1 2 3 4 5 6 7 8\nctxt 10\n")
        .write("/sys/fs/cgroup/cgroup.subtree_control", "cpu memory\n");
    Path bin = Files.createDirectories(dir.resolve("bin")); // no tools at all
    NodeCapabilities caps = NodeCapabilities.detect(tree.sysRoot(), Tools.onPath(bin.toString()));

    DomainSpec cpu = Fixtures.domain("cpu", List.of(
        new Knob.ChoiceKnob("governor", List.of("performance", "schedutil", "powersave"), null,
            file("sysfs", "/sys/devices/system/cpu/cpu*/cpufreq/scaling_governor")),
        new Knob.ChoiceKnob("epp", List.of("performance", "power"), null,
            file("sysfs", "/sys/devices/system/cpu/cpu*/cpufreq/energy_performance_preference")),
        new Knob.ChoiceKnob("thp", List.of("always", "never", "sometimes"), null, file("sysfs", "/sys/kernel/mm/transparent_hugepage/enabled")),
        new Knob.FloatKnob("cpu_share", 0.25, 1, 0.25, false, 1.0, file("affinity", null)),
        new Knob.ChoiceKnob("bw", List.of("full"), "full", new ActuatorSpec("cgroup", "cpu.max", Map.of("full", "max 100000"), Map.of())),
        new Knob.IntKnob("power", 50, 100, 10, false, null, new ActuatorSpec("nvidia-smi", null, Map.of(), Map.of("setting", "power-limit-pct", "gpu", 0L))),
        Fixtures.intKnob("threads", 1, 8, 2)), kpis("throughput_ops", "p95_latency_ms", "cpu_temp_c", "package_power_w", "context_switches_per_s", "gpu_power_w", "made_up_kpi"));
    Map<String, RegimeSpec> regimes = new LinkedHashMap<>();
    regimes.put("idle", new RegimeSpec("idle", Fixtures.workload("builtin-cpu", "load", 0.05), 3, 1));
    regimes.put("stress", new RegimeSpec("stress", Fixtures.workload("stress-ng", "args", List.of("--cpu", "0")), 4, 1));

    NodeCapabilities.DomainReport r = caps.check(cpu, regimes);
    assertTrue(r.knobs().get("governor").ok());
    assertTrue(r.knobs().get("governor").detail().contains("not offered here: powersave"), r.knobs().get("governor").detail());
    assertFalse(r.knobs().get("epp").ok());
    assertTrue(r.knobs().get("epp").detail().contains("no file matches"), r.knobs().get("epp").detail());
    assertTrue(r.knobs().get("thp").detail().contains("not offered here: sometimes"), r.knobs().get("thp").detail());
    assertTrue(r.unsupportedKnobs().get("cpu_share").contains("taskset is not installed on this node"));
    assertTrue(r.knobs().get("bw").ok(), r.knobs().get("bw").detail());
    assertTrue(r.unsupportedKnobs().get("power").contains("nvidia-smi is not installed on this node"));
    assertTrue(r.knobs().get("threads").ok());

    assertTrue(r.kpis().get("throughput_ops").get("idle").ok());
    assertEquals("stress-ng is not installed on this node (not found on PATH)", r.kpis().get("throughput_ops").get("stress").detail());
    assertTrue(r.kpis().get("cpu_temp_c").get("idle").ok());
    assertTrue(r.unavailableKpis().get("package_power_w").contains("no RAPL"), r.unavailableKpis().toString());
    assertTrue(r.kpis().get("context_switches_per_s").get("idle").ok());
    assertTrue(r.unavailableKpis().get("gpu_power_w").contains("nvidia-smi is not installed"));
    assertTrue(r.unavailableKpis().get("made_up_kpi").contains("nothing on this node measures made_up_kpi"));
    assertTrue(r.unavailableKpis().containsKey("throughput_ops@stress"));

    String table = r.toString();
    assertTrue(table.startsWith("domain cpu on this node"), table);
    assertTrue(table.lines().anyMatch(l -> l.contains("knob epp") && l.contains("no ")), table);
    String node = caps.toString();
    assertTrue(node.lines().anyMatch(l -> l.contains("cpufreq governors") && l.contains("performance schedutil")), node);
    assertTrue(node.lines().anyMatch(l -> l.contains("tool stress-ng") && l.contains("not installed")), node);
    assertTrue(caps.features().get("cgroup v2").ok(), node);
  }

  @Test
  void placementKnobsAreHeldEverywhereWhenEveryRegimeIsBuiltin() {
    FakeTree tree = new FakeTree(dir.resolve("root")).write("/proc/stat", "cpu 1 2 3 4\n");
    NodeCapabilities caps = NodeCapabilities.detect(tree.sysRoot(), Tools.system());
    DomainSpec d = Fixtures.domain("d", List.of(new Knob.IntKnob("nice", 0, 19, 1, false, 0L, file("nice", null))), kpis("throughput_ops"));
    Map<String, RegimeSpec> regimes = Map.of("idle", new RegimeSpec("idle", Fixtures.workload("builtin-cpu"), 1, 1));
    assertTrue(caps.check(d, regimes).unsupportedKnobs().get("nice").contains("every regime runs a builtin workload"));
  }

  private static Map<String, Kpi> kpis(String... names) {
    Map<String, Kpi> m = new LinkedHashMap<>();
    for (String n : names) m.put(n, new Kpi(n, "u", Kpi.Better.HIGHER, null));
    return m;
  }
}
