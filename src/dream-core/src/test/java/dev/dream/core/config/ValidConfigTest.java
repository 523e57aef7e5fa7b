package dev.dream.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dream.core.domain.ActuatorSpec;
import dev.dream.core.domain.Caps;
import dev.dream.core.domain.DomainSpec;
import dev.dream.core.domain.Knob;
import dev.dream.core.domain.Kpi;
import dev.dream.core.domain.RegimeSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a valid directory turns into: canonical types, defaults, file order, hashes. */
class ValidConfigTest {
  @TempDir Path tmp;

  @Test
  void minimalDirectoryLoadsIntoCanonicalTypes() throws Exception {
    ConfigFixture f = ConfigFixture.valid(tmp);
    DreamConfig c = ConfigLoader.load(f.dir);

    DomainSpec toy = c.domains().get("toy");
    Knob.IntKnob threads = (Knob.IntKnob) toy.knob("threads");
    assertEquals(new Knob.IntKnob("threads", 1, 8, 1, false, 2L, ActuatorSpec.workloadArg()), threads);
    assertEquals(List.of("fast", "slow"), ((Knob.ChoiceKnob) toy.knob("mode")).choices());
    assertEquals(new Kpi("p95_ms", "ms", Kpi.Better.LOWER, Kpi.Role.P95), toy.kpis().get("p95_ms"));
    // No weights declared: score_v2's defaults on the KPIs that have roles.
    assertEquals(Map.of("perf", 1.0, "p95_ms", 0.2, "watts", 0.1), toy.weights());

    RegimeSpec normal = c.regimes().get("toy").get("normal");
    assertEquals(1.0, normal.durationS());
    assertEquals(1.0, normal.weight());
    assertEquals("builtin-cpu", normal.workload().kind());
    assertEquals(Map.of("load", 0.5, "threads", "{threads}"), normal.workload().params());
    assertEquals(3, c.execution().trials());
    assertEquals(1.5, c.execution().timeoutMultiplier());
    assertEquals(Map.of("toy", Map.of("watts", new Caps.Cap("watts", null, 100.0))), c.caps().domains());
    assertEquals(new Caps.Global(3, 300, 2), c.caps().global());
  }

  @Test
  void fileHashesAreTheSha256OfEachFileKeyedByItsPathInTheDirectory() throws Exception {
    ConfigFixture f = ConfigFixture.valid(tmp);
    DreamConfig c = ConfigLoader.load(f.dir);
    assertEquals(List.of("caps.yaml", "domains/toy.yaml", "regimes.yaml"), List.copyOf(c.fileHashes().keySet()));
    assertEquals(YamlSource.sha256(Files.readAllBytes(f.dir.resolve("regimes.yaml"))), c.fileHashes().get("regimes.yaml"));
    // Known vector: sha256 of "abc".
    assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", YamlSource.sha256("abc".getBytes()));
    String before = c.fileHashes().get("caps.yaml");
    f.write("caps.yaml", ConfigFixture.CAPS + "# a comment changes the file\n");
    assertTrue(!before.equals(ConfigLoader.load(f.dir).fileHashes().get("caps.yaml")));
  }

  @Test
  void everyKnobTypeAndActuatorKindIsReadWithItsValues() throws Exception {
    ConfigFixture f = ConfigFixture.valid(tmp).toyKnobs("""
          threads: {type: int, min: 1, max: 8, default: 2, actuator: {kind: workload-arg}}
          mode: {type: choice, choices: [on, off, 2], default: on, actuator: {kind: workload-arg}}
          share: {type: float, min: 0.25, max: 1, step: 0.25, actuator: {kind: affinity}}
          batch: {type: int, min: 1, max: 256, scale: log, default: 16, actuator: {kind: env, name: BATCH}}
          ratio: {type: float, min: 0.001, max: 10, scale: log, default: 1, actuator: {kind: workload-arg}}
          smt:
            type: bool
            actuator: {kind: sysfs, path: /sys/devices/system/cpu/smt/control, values: {true: "on", false: "off"}}
          swappiness: {type: int, min: 0, max: 100, step: 10, actuator: {kind: procfs, path: /proc/sys/vm/swappiness}}
          weight: {type: int, min: 1, max: 10000, scale: log, actuator: {kind: cgroup, path: cpu.weight}}
          nice: {type: int, min: -20, max: 19, actuator: {kind: nice}}
          policy: {type: choice, choices: [other, batch], actuator: {kind: sched-policy}}
          power: {type: int, min: 50, max: 100, step: 10, actuator: {kind: nvidia-smi, setting: power-limit-pct}}
        """);
    DomainSpec toy = ConfigLoader.load(f.dir).domains().get("toy");
    // YAML 1.1 would read on/off as booleans and 2 as an int; choices stay the words written.
    assertEquals(new Knob.ChoiceKnob("mode", List.of("on", "off", "2"), "on", ActuatorSpec.workloadArg()), toy.knob("mode"));
    assertEquals(new Knob.FloatKnob("share", 0.25, 1.0, 0.25, false, null, new ActuatorSpec("affinity", null, Map.of(), Map.of())),
        toy.knob("share"));
    assertEquals(new Knob.IntKnob("batch", 1, 256, 1, true, 16L, new ActuatorSpec("env", "BATCH", Map.of(), Map.of())),
        toy.knob("batch"));
    assertEquals(1.0, ((Knob.FloatKnob) toy.knob("ratio")).stock());
    assertNull(((Knob.FloatKnob) toy.knob("ratio")).step());
    assertEquals(Map.of("true", "on", "false", "off"), toy.knob("smt").actuator().values());
    assertEquals("/sys/devices/system/cpu/smt/control", toy.knob("smt").actuator().path());
    assertEquals(new ActuatorSpec("cgroup", "cpu.weight", Map.of(), Map.of()), toy.knob("weight").actuator());
    assertEquals(Map.of("setting", "power-limit-pct", "gpu", 0L), toy.knob("power").actuator().params());
    assertEquals(List.of("threads", "mode", "share", "batch", "ratio", "smt", "swappiness", "weight", "nice", "policy", "power"),
        toy.knobs().stream().map(Knob::name).toList());
  }

  @Test
  void workloadParamsAreKeptInCanonicalTypes() throws Exception {
    ConfigFixture f = ConfigFixture.valid(tmp).write("regimes.yaml", """
        version: 2
        domains:
          toy:
            idle: {workload: {kind: builtin-storage, file_size_mb: 16, block_kb: 4, pattern: read, fsync: false}, duration_s: 10}
            stress: {workload: {kind: stress-ng, args: ["--cpu", 0, "--cpu-load={threads}"]}, duration_s: 30, weight: 2}
            sim: {workload: {kind: sim, function: sphere, optimum: {threads: 3, mode: slow}, noise: 0}, duration_s: 0}
            cmd: {workload: {kind: command, argv: [bench, "--mode", "{mode}"], timeout_s: 60}, duration_s: 5}
        """);
    Map<String, RegimeSpec> regimes = ConfigLoader.load(f.dir).regimes().get("toy");
    assertEquals(List.of("idle", "stress", "sim", "cmd"), List.copyOf(regimes.keySet()));
    assertEquals(Map.of("file_size_mb", 16L, "block_kb", 4L, "pattern", "read", "fsync", false),
        regimes.get("idle").workload().params());
    assertEquals(List.of("--cpu", "0", "--cpu-load={threads}"), regimes.get("stress").workload().params().get("args"));
    assertEquals(2.0, regimes.get("stress").weight());
    assertEquals(Map.of("threads", 3L, "mode", "slow"), regimes.get("sim").workload().params().get("optimum"));
    assertEquals(0.0, regimes.get("sim").workload().params().get("noise"));
    assertEquals(60.0, regimes.get("cmd").workload().params().get("timeout_s"));
  }

  @Test
  void capsAcceptABareNumberAsMaxAndMinOrMaxAlone() throws Exception {
    ConfigFixture f = ConfigFixture.valid(tmp).write("caps.yaml", """
        version: 2
        domains:
          toy: {watts: 150, perf: {min: 10}, p95_ms: {min: 0, max: 50}}
        """);
    Caps caps = ConfigLoader.load(f.dir).caps();
    assertEquals(new Caps.Cap("watts", null, 150.0), caps.forDomain("toy").get("watts"));
    assertEquals(new Caps.Cap("perf", 10.0, null), caps.forDomain("toy").get("perf"));
    assertEquals(new Caps.Cap("p95_ms", 0.0, 50.0), caps.forDomain("toy").get("p95_ms"));
    // Absent global and tolerance blocks take the documented defaults.
    assertEquals(Caps.Global.DEFAULT, caps.global());
    assertEquals(Caps.Tolerance.DEFAULT, caps.tolerance());
  }

  @Test
  void declaredWeightsReplaceTheDefaults() throws Exception {
    ConfigFixture f = ConfigFixture.valid(tmp).write("domains/toy.yaml", ConfigFixture.TOY + "weights: {perf: 2, watts: 0.5}\n");
    assertEquals(Map.of("perf", 2.0, "watts", 0.5), ConfigLoader.load(f.dir).domains().get("toy").weights());
  }

  @Test
  void aRelativeDirectoryNamesFilesAsGiven() {
    ConfigFixture f = ConfigFixture.valid(tmp).write("caps.yaml", "version: 3\n");
    Path relative = Path.of("").toAbsolutePath().relativize(f.dir);
    ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class, () -> ConfigLoader.load(relative));
    assertEquals(relative.resolve("caps.yaml").toString(), e.problems().get(0).file());
  }

  @Test
  void anchorsAliasesAndMergeKeysAreResolvedAndWrittenKeysWin() throws Exception {
    ConfigFixture f = ConfigFixture.valid(tmp).toyKnobs("""
          threads: &int_arg {type: int, min: 1, max: 8, default: 2, actuator: {kind: workload-arg}}
          batch:
            <<: *int_arg
            max: 64
            default: 16
        """);
    DomainSpec toy = ConfigLoader.load(f.dir).domains().get("toy");
    assertEquals(new Knob.IntKnob("batch", 1, 64, 1, false, 16L, ActuatorSpec.workloadArg()), toy.knob("batch"));
    assertEquals(new Knob.IntKnob("threads", 1, 8, 1, false, 2L, ActuatorSpec.workloadArg()), toy.knob("threads"));
  }
}
