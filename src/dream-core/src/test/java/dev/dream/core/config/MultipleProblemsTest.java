package dev.dream.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading reports every problem at once, in reading order, and one mistake yields one problem. */
class MultipleProblemsTest {
  @TempDir Path tmp;

  @Test
  void problemsInEveryFileAreAllReportedInFileAndLineOrder() {
    ConfigFixture f = ConfigFixture.valid(tmp)
        .write("domains/toy.yaml", """
            domain: toy
            knobs:
              threads: {type: int, min: 8, max: 1, default: 2, actuator: {kind: workload-arg}}
              mode: {type: choice, choices: [fast, fast], default: fast, actuator: {kind: workload-arg}}
              util: {type: float, min: 0.1, max: 1, stpe: 0.1, default: 0.5, actuator: {kind: workload-arg}}
            kpis:
              perf: {unit: ops/s, better: higher, role: perf}
              p95_ms: {unit: ms, better: lower, role: p95}
              watts: {unit: W, better: lower, role: watts}
            weights: {perff: 1}
            """)
        .write("regimes.yaml", """
            version: 2
            domains:
              toy:
                normal: {workload: {kind: builtin-gpu}, duration_s: 1}
                stress: {workload: {kind: builtin-cpu}, duration_s: -1}
            execution: {trials: -3}
            """)
        .write("caps.yaml", """
            version: 2
            domains:
              toy: {watt: {max: 100}}
            """);
    List<ConfigProblem> ps = f.problems();
    List<String> where = ps.stream().map(p -> p.file() + ":" + p.line() + ":" + p.column()).toList();
    assertEquals(List.of(
        "config/caps.yaml:3:9",
        "config/domains/toy.yaml:3:29",
        "config/domains/toy.yaml:4:40",
        "config/domains/toy.yaml:5:41",
        "config/domains/toy.yaml:10:11",
        "config/regimes.yaml:4:31",
        "config/regimes.yaml:5:57",
        "config/regimes.yaml:6:21"), where, () -> ConfigFixture.render(ps));
    assertTrue(ps.get(0).message().contains("'watt'"));
    assertTrue(ps.get(4).fix().contains("did you mean 'perf'?"));
  }

  @Test
  void theExceptionMessageListsEveryProblemWithItsFix() {
    ConfigFixture f = ConfigFixture.valid(tmp).write("caps.yaml", "version: 3\ndomains: {toy: {wats: 1}}\n");
    ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class, () -> ConfigLoader.load(f.dir));
    assertEquals("""
        config/caps.yaml:1:10: version 3 is not supported; Dream reads version 2
            fix: write version: 2 and use the keys shown in config/ (DESIGN.md section 3)
        config/caps.yaml:2:17: a cap names 'wats', which is not a KPI of domain 'toy'
            fix: did you mean 'watts'? valid KPIs of toy: perf, p95_ms, watts""", e.getMessage());
  }

  @Test
  void aBrokenDomainFileDoesNotCascadeIntoReferencesToIt() {
    // The domain file does not parse; regimes.yaml and caps.yaml still name its knob and KPI.
    ConfigFixture f = ConfigFixture.valid(tmp).write("domains/toy.yaml", "domain: toy\nknobs: [\n");
    List<ConfigProblem> ps = f.problems();
    assertEquals(1, ps.size(), () -> ConfigFixture.render(ps));
    assertEquals("config/domains/toy.yaml", ps.get(0).file());
  }

  @Test
  void aBrokenKnobIsNotReportedAgainWhereItIsUsed() {
    ConfigFixture f = ConfigFixture.valid(tmp)
        .write("domains/toy.yaml", ConfigFixture.TOY.replace("min: 1, max: 8", "min: 9, max: 8"));
    List<ConfigProblem> ps = f.problems();
    assertEquals(1, ps.size(), () -> ConfigFixture.render(ps));
    assertTrue(ps.get(0).message().contains("min 9 of knob 'threads' is greater than max 8"));
  }

  @Test
  void aKnobWithABadRangeStillHasItsActuatorChecked() {
    ConfigFixture f = ConfigFixture.valid(tmp).toyKnobs("""
          gov:
            type: int
            min: 5
            max: 1
            actuator: {kind: sysfs, path: /proc/sys/vm/swappiness}
        """);
    List<ConfigProblem> ps = f.problems();
    assertEquals(List.of("config/domains/toy.yaml:5:10", "config/domains/toy.yaml:7:35"),
        ps.stream().map(p -> p.file() + ":" + p.line() + ":" + p.column()).toList(), () -> ConfigFixture.render(ps));
    assertTrue(ps.get(1).fix().contains("use kind: procfs"));
  }
}
