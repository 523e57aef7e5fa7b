package dev.dream.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dream.core.pack.SchemaValidator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dream run --domain sim} as a user runs it, in its own JVM, on the embedded H2 journal: it must find
 * the known optimum, write files that validate, and resume after SIGKILL or SIGTERM to exactly the same results.
 */
class SimRunEndToEndTest {
  static final Path CONFIG = Path.of("src/test/resources/sim-config").toAbsolutePath();
  static final Path SNAPSHOTS = Path.of("src/test/resources/snapshots.conf").toAbsolutePath();

  @TempDir Path work;

  static String[] runArgs(Path data, int generations, String... extra) {
    List<String> args = new java.util.ArrayList<>(List.of("run", "--domain", "sim", "--config-dir", CONFIG.toString(),
        "--data", data.toString(), "--seed", "7", "--population", "8", "--generations", String.valueOf(generations), "--trials", "3"));
    args.addAll(List.of(extra));
    return args.toArray(String[]::new);
  }

  @Test
  void findsTheKnownOptimumAndWritesValidFiles() throws Exception {
    findsTheKnownOptimumAndWritesValidFiles(work, Map.of());
  }

  /** 8 generations of 8 on the normal regime, the journal wherever {@code env} puts it (H2 by default). */
  static void findsTheKnownOptimumAndWritesValidFiles(Path work, Map<String, String> env) throws Exception {
    Path data = work.resolve("data");
    DreamProcess.Result r = DreamProcess.run(work, env, 240, runArgs(data, 8, "--regimes", "normal"));
    assertEquals(0, r.exit(), r.output());
    Path runDir = RunFilesAssert.onlyRun(data);
    JsonNode best = RunFilesAssert.MAPPER.readTree(runDir.resolve("best.json").toFile()).get("sim");
    long threads = best.get("genome").get("threads").asLong();
    double util = best.get("genome").get("util").asDouble();
    // The sim ground truth: perf = 1000 / (1 + f), f the squared scaled distance to the optimum (12, 0.75).
    double f = Math.pow((threads - 12) / 63.0, 2) + Math.pow((util - 0.75) / 0.75, 2);
    double perf = 1000 / (1 + f);
    assertTrue(perf >= 970, "best " + best + " has true perf " + perf + ", more than 3% below the optimum's 1000");
    assertTrue(best.get("improves_over_baseline").asBoolean(), best.toString());

    assertValid("manifest", runDir.resolve("manifest.json"));
    assertValid("best", runDir.resolve("best.json"));
    assertValid("baselines.v2", data.resolve("baselines.json"));
    try (Stream<Path> packs = Files.walk(runDir.resolve("candidates"))) {
      List<Path> files = packs.filter(Files::isRegularFile).toList();
      assertEquals(8 * 8 + 8, files.size(), "8 generations x 8 packs + 8 generation bests");
      for (Path p : files) assertValid("candidate_pack.v2", p);
    }
    List<String> lines = Files.readAllLines(runDir.resolve("evolution.jsonl"));
    assertEquals(8, lines.size());
    for (String line : lines) {
      List<String> errors = SchemaValidator.validate("evolution", RunFilesAssert.MAPPER.readTree(line));
      assertTrue(errors.isEmpty(), line + " " + errors);
    }
  }

  @Test
  void aRunKilledMidGenerationResumesToTheSameResults() throws Exception {
    aRunKilledMidGenerationResumesToTheSameResults(work, Map.of());
  }

  /**
   * A reference run on H2, then the same run with its journal wherever {@code env} puts it, killed with
   * SIGKILL in generation 1 and resumed: the files must be the reference's.
   */
  static void aRunKilledMidGenerationResumesToTheSameResults(Path work, Map<String, String> env) throws Exception {
    Path calm = work.resolve("calm");
    DreamProcess.Result reference = DreamProcess.run(work, Map.of(), 240, runArgs(calm, 5));
    assertEquals(0, reference.exit(), reference.output());

    Path crashed = work.resolve("crashed");
    DreamProcess victim = DreamProcess.start(work, env, runArgs(crashed, 5, "--hocon", SNAPSHOTS.toString()));
    Path runDir = waitForPacks(crashed, 11, victim);
    victim.kill();
    // what a SIGKILL during an atomic write leaves behind; the resumed run must clear it
    Files.writeString(runDir.resolve("candidates").resolve("sim").resolve(".gen0_c0.json.123456.tmp"), "{\"torn");
    String runId = runDir.getFileName().toString();
    DreamProcess.Result resumed = DreamProcess.run(work, env, 240, "run", "--resume", runId, "--data", crashed.toString(), "--hocon", SNAPSHOTS.toString());
    assertEquals(0, resumed.exit(), resumed.output());

    assertSameRunAs(calm, runDir, resumed.output());
    assertEachTrialRecordedOnce(work, env, crashed, runId);
  }

  /**
   * SIGTERM (how a supervisor stops a process) mid-generation: the run stops cleanly and exits 130, "interrupted"
   * (not 143), saying how to continue; resumed, it ends with the files of an uninterrupted run.
   */
  @Test
  void aRunStoppedBySigtermExits130AndResumesToTheSameResults() throws Exception {
    Path calm = work.resolve("calm");
    DreamProcess.Result reference = DreamProcess.run(work, Map.of(), 240, runArgs(calm, 5));
    assertEquals(0, reference.exit(), reference.output());

    Path stopped = work.resolve("stopped");
    DreamProcess victim = DreamProcess.start(work, Map.of(), runArgs(stopped, 5));
    Path runDir = waitForPacks(stopped, 11, victim);
    DreamProcess.Result interrupted = victim.stop(120);
    String runId = runDir.getFileName().toString();
    assertEquals(130, interrupted.exit(), interrupted.output());
    assertTrue(interrupted.output().contains("dream: interrupted; the journal keeps every recorded trial. Continue with: dream run --resume " + runId),
        interrupted.output());
    BadInputEndToEndTest.assertNoStackTrace(interrupted.output());

    DreamProcess.Result resumed = DreamProcess.run(work, Map.of(), 240, "run", "--resume", runId, "--data", stopped.toString());
    assertEquals(0, resumed.exit(), resumed.output());
    assertSameRunAs(calm, runDir, resumed.output());
    assertEachTrialRecordedOnce(work, Map.of(), stopped, runId);
  }

  /** The run in {@code calm} (the only one there) and {@code runDir} have the same best.json and packs. */
  static void assertSameRunAs(Path calm, Path runDir, String resumedOutput) throws Exception {
    Path calmRun = RunFilesAssert.onlyRun(calm);
    assertEquals(RunFilesAssert.json(calmRun.resolve("best.json")), RunFilesAssert.json(runDir.resolve("best.json")));
    Map<String, JsonNode> calmPacks = RunFilesAssert.packs(calmRun);
    Map<String, JsonNode> resumedPacks = RunFilesAssert.packs(runDir);
    assertEquals(calmPacks.keySet(), resumedPacks.keySet());
    for (String pack : calmPacks.keySet()) {
      assertEquals(calmPacks.get(pack), resumedPacks.get(pack), pack + " differs after the interruption; resumed run log:\n" + resumedOutput);
    }
  }

  /** {@code dream report}: no trial id of the run was recorded twice. */
  static void assertEachTrialRecordedOnce(Path work, Map<String, String> env, Path data, String runId) throws Exception {
    DreamProcess.Result report = DreamProcess.run(work, env, 120, "report", runId, "--data", data.toString());
    assertEquals(0, report.exit(), report.output());
    Matcher m = Pattern.compile("trials recorded (\\d+), distinct trial ids (\\d+), recorded more than once (\\d+)").matcher(report.output());
    assertTrue(m.find(), report.output());
    // 2 regimes x 3 trials for the baseline and for every evaluated candidate (elites reuse their evidence)
    assertEquals(m.group(1), m.group(2));
    assertEquals("0", m.group(3));
  }

  /** Waits until the run has written {@code n} files under candidates/, i.e. it is well into a generation. */
  static Path waitForPacks(Path data, int n, DreamProcess p) throws Exception {
    long deadline = System.currentTimeMillis() + 120_000;
    while (System.currentTimeMillis() < deadline) {
      assertTrue(p.process.isAlive(), "the run ended before it could be killed:\n" + p.output());
      // runs/ is made a moment before runs/<run_id>/: look only once the run's own directory is there
      if (Files.isDirectory(data.resolve("runs")) && !isEmpty(data.resolve("runs"))) {
        Path runDir = RunFilesAssert.onlyRun(data);
        Path cands = runDir.resolve("candidates");
        if (Files.isDirectory(cands)) {
          try (Stream<Path> files = Files.walk(cands)) {
            if (files.filter(Files::isRegularFile).count() >= n) return runDir;
          } catch (java.io.UncheckedIOException e) {
            // a temporary file renamed while it was listed: look again
          }
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no progress:\n" + p.output());
  }

  static boolean isEmpty(Path dir) throws java.io.IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    }
  }

  static void assertValid(String schema, Path file) throws Exception {
    List<String> errors = SchemaValidator.validate(schema, RunFilesAssert.MAPPER.readTree(file.toFile()));
    assertTrue(errors.isEmpty(), file + ": " + errors);
  }
}
