package dev.dream.core.config;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Domain-file problems outside the knobs: name, KPIs, weights, required blocks. */
class DomainErrorsTest {
  static final String FILE = "config/domains/toy.yaml";
  @TempDir Path tmp;
  ConfigFixture f;

  @BeforeEach
  void setUp() {
    f = ConfigFixture.valid(tmp);
  }

  private ConfigFixture toy(String replace, String with) {
    if (!ConfigFixture.TOY.contains(replace)) throw new IllegalArgumentException(replace);
    return f.write("domains/toy.yaml", ConfigFixture.TOY.replace(replace, with));
  }

  @Test
  void domainNameMustMatchTheFileName() {
    toy("domain: toy", "domain: toys").onlyProblem(FILE, 1, 9, "domain 'toys' does not match its file name 'toy.yaml'",
        "write domain: toy, or rename the file to toys.yaml");
  }

  @Test
  void unknownTopLevelKey() {
    toy("description:", "descripton:").onlyProblem(FILE, 2, 1, "unknown key 'descripton' in the domain file",
        "did you mean 'description'?");
  }

  @Test
  void weightNamingAnUnknownKpi() {
    f.write("domains/toy.yaml", ConfigFixture.TOY + "weights: {perf: 1.0, p95: 0.2}\n")
        .onlyProblem(FILE, 10, 22, "weight for 'p95', which is not a KPI of this domain", "did you mean 'p95_ms'?");
  }

  @Test
  void negativeWeight() {
    f.write("domains/toy.yaml", ConfigFixture.TOY + "weights: {perf: 1.0, p95_ms: -0.2}\n")
        .onlyProblem(FILE, 10, 30, "weight of 'p95_ms' must be a number >= 0, found the number -0.2",
            "the sign comes from the KPI's better:");
  }

  @Test
  void kpiBetterMustBeHigherOrLower() {
    toy("p95_ms: {unit: ms, better: lower", "p95_ms: {unit: ms, better: less")
        .onlyProblem(FILE, 8, 30, "better: 'less' of KPI 'p95_ms' is neither higher nor lower", "valid values: higher, lower");
  }

  @Test
  void unknownKpiRole() {
    toy("role: watts", "role: power").onlyProblem(FILE, 9, 41, "unknown role 'power' for KPI 'watts'",
        "valid roles: perf, p95, watts");
  }

  @Test
  void aRoleBelongsToOneKpi() {
    toy("role: watts", "role: perf").onlyProblem(FILE, 9, 41, "role perf is already taken by KPI 'perf'",
        "give each role to one KPI only");
  }

  @Test
  void kpiMissingItsUnit() {
    toy("perf: {unit: ops/s, better: higher, role: perf}", "perf: {better: higher, role: perf}")
        .onlyProblem(FILE, 7, 3, "KPI 'perf' is missing 'unit'", "add unit: ms");
  }

  @Test
  void missingKnobsBlock() {
    f.write("domains/toy.yaml", """
        domain: toy
        kpis:
          perf: {unit: ops/s, better: higher, role: perf}
          p95_ms: {unit: ms, better: lower, role: p95}
          watts: {unit: W, better: lower, role: watts}
        """).onlyProblem(FILE, 1, 1, "the domain file is missing 'knobs'", "add knobs:");
  }

  @Test
  void knobsMustBeAMapping() {
    toy("knobs:\n  threads: {type: int, min: 1, max: 8, default: 2, actuator: {kind: workload-arg}}\n"
            + "  mode: {type: choice, choices: [fast, slow], default: fast, actuator: {kind: workload-arg}}\n",
        "knobs: [threads, mode]\n")
        .write("regimes.yaml", "version: 2\ndomains:\n  toy:\n    normal: {workload: {kind: builtin-cpu}, duration_s: 1}\n")
        .onlyProblem(FILE, 3, 8, "'knobs' of the domain file must be a mapping of name: value, found a list",
            "e.g. knobs: {threads:");
  }

  @Test
  void weightsThatAreAllZeroWouldScoreNothing() {
    f.write("domains/toy.yaml", ConfigFixture.TOY + "weights: {perf: 0, watts: 0}\n")
        .onlyProblem(FILE, 10, 10, "no weight is above 0, so every candidate would score 0", "remove weights:");
  }

  @Test
  void invalidFileNameIsReportedOnceNotWhereverTheDomainIsNamed() {
    f.write("domains/my-toy.yaml", ConfigFixture.TOY.replace("domain: toy", "domain: my-toy"))
        .write("caps.yaml", ConfigFixture.CAPS.replace("  toy: {watts: {max: 100}}", "  toy: {watts: {max: 100}}\n  my-toy: {}"))
        .onlyProblem("config/domains/my-toy.yaml", 1, 1, "'my-toy' is not a valid domain name", "rename the file");
  }
}
