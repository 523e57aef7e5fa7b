package dev.dream.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A small valid config directory written into a temp dir ({@code <tmp>/config}), which a test breaks in one
 * place before loading it. Problems are then named "config/&lt;file&gt;".
 */
final class ConfigFixture {
  static final String TOY = """
      domain: toy
      description: a small domain for tests
      knobs:
        threads: {type: int, min: 1, max: 8, default: 2, actuator: {kind: workload-arg}}
        mode: {type: choice, choices: [fast, slow], default: fast, actuator: {kind: workload-arg}}
      kpis:
        perf: {unit: ops/s, better: higher, role: perf}
        p95_ms: {unit: ms, better: lower, role: p95}
        watts: {unit: W, better: lower, role: watts}
      """;

  static final String REGIMES = """
      version: 2
      domains:
        toy:
          normal: {workload: {kind: builtin-cpu, load: 0.5, threads: "{threads}"}, duration_s: 1}
      execution: {trials: 3, warmup_s: 0, trial_delay_s: 0, retries: 1, timeout_multiplier: 1.5}
      """;

  static final String CAPS = """
      version: 2
      domains:
        toy: {watts: {max: 100}}
      global: {max_trial_failures: 3, max_trial_duration_s: 300, min_successful_trials: 2}
      tolerance: {perf_improvement_pct: 0.5, latency_regression_pct: 5.0, power_regression_pct: 3.0}
      """;

  final Path dir;

  private ConfigFixture(Path dir) {
    this.dir = dir;
  }

  static ConfigFixture valid(Path tmp) {
    ConfigFixture f = new ConfigFixture(tmp.resolve("config"));
    return f.write("domains/toy.yaml", TOY).write("regimes.yaml", REGIMES).write("caps.yaml", CAPS);
  }

  ConfigFixture write(String rel, String text) {
    try {
      Path p = dir.resolve(rel);
      Files.createDirectories(p.getParent());
      Files.writeString(p, text);
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  ConfigFixture delete(String rel) {
    try {
      Files.delete(dir.resolve(rel));
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A domain file of the toy domain's shape with the given knobs block (indented two spaces per line). */
  ConfigFixture toyKnobs(String knobs) {
    // The regime then names no knob, so that only the knobs block can be wrong.
    write("regimes.yaml", "version: 2\ndomains:\n  toy:\n    normal: {workload: {kind: builtin-cpu}, duration_s: 1}\n");
    return write("domains/toy.yaml", "domain: toy\nknobs:\n" + knobs + """
        kpis:
          perf: {unit: ops/s, better: higher, role: perf}
          p95_ms: {unit: ms, better: lower, role: p95}
          watts: {unit: W, better: lower, role: watts}
        """);
  }

  /** regimes.yaml with one toy regime whose workload is the given flow mapping. */
  ConfigFixture toyWorkload(String workload) {
    return write("regimes.yaml", "version: 2\ndomains:\n  toy:\n    normal:\n      workload: " + workload
        + "\n      duration_s: 1\n");
  }

  List<ConfigProblem> problems() {
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(dir));
    return e.problems();
  }

  /** Asserts that loading reports exactly one problem, at file:line:column, whose message and fix say so. */
  ConfigProblem onlyProblem(String file, int line, int column, String messagePart, String fixPart) {
    List<ConfigProblem> ps = problems();
    assertEquals(1, ps.size(), () -> "expected one problem, got:\n" + render(ps));
    ConfigProblem p = ps.get(0);
    assertProblem(p, file, line, column, messagePart, fixPart);
    return p;
  }

  static void assertProblem(ConfigProblem p, String file, int line, int column, String messagePart, String fixPart) {
    assertEquals(file + ":" + line + ":" + column, p.file() + ":" + p.line() + ":" + p.column(), p::toString);
    assertTrue(p.message().contains(messagePart), () -> "message lacks \"" + messagePart + "\": " + p);
    assertTrue(p.fix().contains(fixPart), () -> "fix lacks \"" + fixPart + "\": " + p);
  }

  static String render(List<ConfigProblem> ps) {
    return ps.stream().map(ConfigProblem::toString).collect(Collectors.joining("\n"));
  }
}
