package dev.dream.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dream.core.domain.ActuatorSpec;
import dev.dream.core.domain.DomainSpec;
import dev.dream.core.domain.ExecutionSpec;
import dev.dream.core.domain.Knob;
import dev.dream.core.domain.Kpi;
import dev.dream.core.domain.RegimeSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The default config/ at the repository root: valid, and as the product promises. */
class ShippedConfigTest {
  static DreamConfig config;

  /**
   * Surefire runs in the module directory (src/dream-core) whether Maven starts at the root or in the module;
   * walking up finds the repository's config/ either way.
   */
  static Path shippedConfigDir() {
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      if (Files.isRegularFile(d.resolve("config/regimes.yaml")) && Files.isDirectory(d.resolve("src/dream-core"))) {
        return d.resolve("config");
      }
    }
    throw new IllegalStateException("no config/ above " + Path.of("").toAbsolutePath());
  }

  @BeforeAll
  static void load() throws ConfigException {
    config = ConfigLoader.load(shippedConfigDir());
  }

  @Test
  void everyDomainIsDefinedWithTheFourRegimes() {
    List<String> domains = List.of("cpu", "gpu", "memory", "network", "os_scheduler", "power_thermal", "sim", "storage");
    assertEquals(domains, List.copyOf(config.domains().keySet()));
    for (String d : domains) {
      assertEquals(List.of("idle", "normal", "stress", "mixed"), List.copyOf(config.regimes().get(d).keySet()), d);
    }
  }

  @Test
  void regimesOfADomainRunDifferentWorkloads() {
    config.regimes().forEach((domain, regimes) -> {
      Set<Object> seen = new HashSet<>();
      for (RegimeSpec r : regimes.values()) assertTrue(seen.add(r.workload()), domain + "." + r.name() + " repeats a workload");
    });
  }

  /**
   * A fresh machine with nothing installed can run idle, normal and mixed. Not the gpu domain: it needs a GPU
   * anyway, and all its regimes run the GPU benchmark, so that each reports the KPIs the score is made of.
   */
  @Test
  void idleNormalAndMixedUseBuiltinWorkloads() {
    config.regimes().forEach((domain, regimes) -> {
      if (domain.equals("sim") || domain.equals("gpu")) return;
      for (String r : List.of("idle", "normal", "mixed")) {
        assertTrue(regimes.get(r).workload().kind().startsWith("builtin-"), domain + "." + r);
      }
    });
  }

  @Test
  void everyRealDomainScoresPerfAndP95AndCapsOnlyItsOwnKpis() {
    config.domains().forEach((name, d) -> {
      Set<Kpi.Role> roles = new HashSet<>();
      d.kpis().values().forEach(k -> { if (k.role() != null) roles.add(k.role()); });
      assertTrue(roles.containsAll(List.of(Kpi.Role.PERF, Kpi.Role.P95)), name);
      config.caps().forDomain(name).keySet().forEach(kpi -> assertTrue(d.kpis().containsKey(kpi), name + "." + kpi));
      assertTrue(!config.caps().forDomain(name).isEmpty(), name + " has no caps");
    });
    assertEquals(Set.of("cpu_temp_c", "package_power_w", "thermal_throttle_events"), config.caps().forDomain("cpu").keySet());
    assertTrue(config.caps().forDomain("gpu").keySet().containsAll(List.of("gpu_temp_c", "gpu_power_w")));
  }

  @Test
  void simDomainIsExactlyAsSpecified() {
    DomainSpec sim = config.domains().get("sim");
    ActuatorSpec arg = ActuatorSpec.workloadArg();
    assertEquals(List.of(
            new Knob.IntKnob("threads", 1, 64, 1, false, 8L, arg),
            new Knob.FloatKnob("util", 0.25, 1.0, 0.25, false, 0.5, arg),
            new Knob.IntKnob("batch", 1, 256, 1, true, 16L, arg),
            new Knob.ChoiceKnob("mode", List.of("a", "b", "c"), "a", arg)),
        sim.knobs());
    assertEquals(Map.of(
            "perf", new Kpi("perf", "ops/s", Kpi.Better.HIGHER, Kpi.Role.PERF),
            "p95_ms", new Kpi("p95_ms", "ms", Kpi.Better.LOWER, Kpi.Role.P95),
            "watts", new Kpi("watts", "W", Kpi.Better.LOWER, Kpi.Role.WATTS)),
        sim.kpis());
    Set<Object> optima = new HashSet<>();
    for (RegimeSpec r : config.regimes().get("sim").values()) {
      assertEquals("sim", r.workload().kind());
      assertEquals(0.0, r.durationS());
      assertTrue(optima.add(r.workload().params().get("optimum")), "each regime has its own optimum");
    }
    assertEquals(Map.of("function", "sphere", "optimum", Map.of("threads", 12L, "util", 0.75), "noise", 0.05),
        config.regimes().get("sim").get("normal").workload().params());
  }

  @Test
  void executionDefaultsAndModestCpuDurations() {
    assertEquals(new ExecutionSpec(3, 1, 1, 1, 1.5), config.execution());
    Map<String, RegimeSpec> cpu = config.regimes().get("cpu");
    assertEquals(3.0, cpu.get("idle").durationS());
    assertEquals(4.0, cpu.get("normal").durationS());
    assertEquals(4.0, cpu.get("stress").durationS());
    assertEquals(4.0, cpu.get("mixed").durationS());
    assertEquals("stress-ng", cpu.get("stress").workload().kind());
  }

  @Test
  void knobsThatCannotBeReadFromTheMachineDeclareTheirDefault() {
    config.domains().values().forEach(d -> d.knobs().forEach(k -> {
      if (ActuatorParser.CANNOT_READ_CURRENT.contains(k.actuator().kind())) assertNotNull(k.stock(), d.name() + "." + k.name());
    }));
  }

  @Test
  void everyConfigFileIsHashed() {
    assertEquals(10, config.fileHashes().size()); // eight domain files, regimes.yaml, caps.yaml
    assertTrue(config.fileHashes().keySet().containsAll(List.of("regimes.yaml", "caps.yaml", "domains/sim.yaml")));
  }
}
