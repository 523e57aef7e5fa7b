package dev.dream.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A {@code dream} JVM prints what its command says and nothing of the logging system's own (SLF4J's warnings). */
class StartupOutputEndToEndTest {
  @TempDir Path work;

  @Test
  void versionAndValidatePrintOnlyTheirOwnLines() throws Exception {
    DreamProcess.Result version = DreamProcess.run(work, Map.of(), 60, "--version");
    assertEquals(0, version.exit(), version.output());
    assertEquals(1, version.output().lines().count(), version.output());
    assertTrue(version.output().startsWith("dream "), version.output());

    DreamProcess.Result validate = DreamProcess.run(work, Map.of(), 60, "validate", "--config-dir", SimRunEndToEndTest.CONFIG.toString());
    assertEquals(0, validate.exit(), validate.output());
    assertFalse(validate.output().contains("SLF4J"), validate.output());
  }

  /**
   * Starting a node raced SLF4J's initialisation between the actor system's first threads, and SLF4J said so
   * on most starts ("A number (1) of logging calls during the initialization phase have been intercepted and
   * are now being replayed"): several starts, so that the race would show.
   */
  @Test
  void startingANodePrintsNoLoggingWarnings() throws Exception {
    for (int i = 0; i < 3; i++) {
      DreamProcess.Result report = DreamProcess.run(work, Map.of(), 60, "report", "2020-01-01T00-00-00_rzzzzzz",
          "--data", work.resolve("data" + i).toString());
      assertEquals(2, report.exit(), report.output());
      assertFalse(report.output().contains("SLF4J"), report.output());
    }
    DreamProcess.Result run = DreamProcess.run(work, Map.of(), 120, "run", "--domain", "sim", "--config-dir", SimRunEndToEndTest.CONFIG.toString(),
        "--data", work.resolve("data").toString(), "--population", "2", "--generations", "1", "--trials", "1", "--regimes", "normal");
    assertEquals(0, run.exit(), run.output());
    assertFalse(run.output().contains("SLF4J"), run.output());
  }
}
