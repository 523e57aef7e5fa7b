package dev.dream.trials.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dream.core.domain.ActuatorSpec;
import dev.dream.core.domain.Caps;
import dev.dream.core.domain.DomainSpec;
import dev.dream.core.domain.Knob;
import dev.dream.core.domain.WorkloadSpec;
import dev.dream.trials.Fixtures;
import dev.dream.trials.LocalTrialExecutor;
import dev.dream.trials.TrialResult;
import dev.dream.trials.TrialSpec;
import dev.dream.trials.knob.EnvActuator;
import dev.dream.trials.knob.WorkloadArgActuator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class CommandWorkloadTest {
  @TempDir Path data;
  private LocalTrialExecutor executor;
  private final DomainSpec domain =
      Fixtures.domain(
          "app",
          List.of(
              Fixtures.intKnob("threads", 1, 64, 8),
              new Knob.FloatKnob("ratio", 0, 1, null, false, 0.5, new ActuatorSpec("env", "DREAM_TEST_RATIO", Map.of(), Map.of()))),
          Map.of());

  @BeforeEach
  void start() throws Exception {
    LocalTrialExecutor.Options o =
        new LocalTrialExecutor.Options("n", data.resolve("j"), data.resolve("s"), Duration.ofMillis(50),
            Duration.ofSeconds(5), Duration.ofSeconds(10));
    executor = new LocalTrialExecutor(o, WorkloadRegistry.standard(), List.of(),
        Map.of("workload-arg", new WorkloadArgActuator(), "env", new EnvActuator()));
  }

  @AfterEach
  void stop() {
    executor.close();
  }

  private TrialResult run(List<String> argv, double maxTrialS) {
    WorkloadSpec w = new WorkloadSpec("command", Map.of("argv", argv));
    TrialSpec t = Fixtures.trial(domain, Fixtures.genome("threads", 16L, "ratio", 0.25), w, 0, 0, 0);
    t = new TrialSpec(t.trialId(), t.runId(), t.domain(), t.candId(), t.regime(), t.index(), t.genome(), t.domainSpec(),
        t.regimeSpec(), t.execution(), t.caps(), new Caps.Global(3, maxTrialS, 2), t.runSeed(), false);
    return executor.run(t);
  }

  @Test
  void knobValuesReachTheArgvAndTheEnvironmentAndStdoutGivesTheKpis() {
    TrialResult r = run(List.of("sh", "-c", "echo '{\"ops\": {threads}, \"ratio\": '$DREAM_TEST_RATIO', \"lat\": null, \"name\": \"x\"}'"), 300);
    assertEquals(TrialResult.Outcome.OK, r.outcome(), r.error());
    assertEquals(Map.of("ops", 16.0, "ratio", 0.25), r.kpis());
    assertTrue(r.unavailable().get("lat").contains("null"));
  }

  /** While it runs, the command's PID is in the apply-journal (for a restart after SIGKILL); after it, it is not. */
  @Test
  void theCommandIsJournaledWhileItRunsAndNoLonger() throws Exception {
    // The record is written just after the start, so the command waits for it (a probe, bounded to 5 s).
    String script = """
        for i in $(seq 500); do ls %1$s | grep -q '[.]workload$' && break; sleep 0.01; done
        echo "{\\"records\\": $(ls %1$s | grep -c '[.]workload$'), \\"mine\\": $(cat %1$s/*.workload | grep -c "\\"pid\\":$$,")}"
        """.formatted(data.resolve("j"));
    TrialResult r = run(List.of("sh", "-c", script), 300);
    assertEquals(TrialResult.Outcome.OK, r.outcome(), r.error());
    assertEquals(Map.of("records", 1.0, "mine", 1.0), r.kpis());
    assertTrue(executor.journal().isEmpty(), "the record is gone once the command has ended");
  }

  @Test
  void aFailingCommandFailsTheTrialWithItsStderr() {
    TrialResult r = run(List.of("sh", "-c", "echo 'no such device' >&2; exit 3"), 300);
    assertEquals(TrialResult.Outcome.FAILED, r.outcome());
    assertTrue(r.error().contains("status 3") && r.error().contains("no such device"), r.error());
    TrialResult notJson = run(List.of("sh", "-c", "echo hello"), 300);
    assertEquals(TrialResult.Outcome.FAILED, notJson.outcome());
    assertTrue(notJson.error().contains("JSON"), notJson.error());
  }

  @Test
  void shellSyntaxInTheArgvOrInAKnobValueIsOnlyEverALiteralArgument() throws Exception {
    String id = java.util.UUID.randomUUID().toString();
    Path pwned = Path.of("/tmp/pwned-" + id);
    Path canary = Files.createDirectories(data.resolve("canary-" + id));
    Files.writeString(canary.resolve("keep"), "x");
    DomainSpec d = Fixtures.domain("app", List.of(Fixtures.choiceKnob("mode", List.of("fast", "; touch " + pwned + " #"), "fast")), Map.of());
    WorkloadSpec w = new WorkloadSpec("command", Map.of("argv", List.of(
        "printf", "{\"n\": 1, \"a\": \"%s\", \"b\": \"%s\", \"c\": \"%s\"}",
        "$(touch " + pwned + ")", "; rm -rf " + canary, "{mode}")));
    TrialSpec t = Fixtures.trial(d, Fixtures.genome("mode", "; touch " + pwned + " #"), w, 0, 0, 0);
    TrialResult r = executor.run(t);
    assertEquals(TrialResult.Outcome.OK, r.outcome(), r.error());
    assertEquals(Map.of("n", 1.0), r.kpis(), "printf got each argument as it stands and printed it back");
    assertFalse(Files.exists(pwned), "nothing was executed: no shell ever saw the arguments");
    assertTrue(Files.exists(canary.resolve("keep")), "nothing was removed");
    // The program receives exactly those characters: here a shell gets them as $1 (data, never code) and counts them.
    String literal = "$(touch " + pwned + "); rm -rf " + canary;
    WorkloadSpec count = new WorkloadSpec("command", Map.of("argv", List.of("sh", "-c", "printf '{\"len\": %s}' \"${#1}\"", "sh", literal)));
    TrialResult len = executor.run(Fixtures.trial(d, Fixtures.genome("mode", "fast"), count, 0, 0, 1));
    assertEquals(TrialResult.Outcome.OK, len.outcome(), len.error());
    assertEquals((double) literal.length(), len.kpis().get("len"));
    assertFalse(Files.exists(pwned));
    assertTrue(Files.exists(canary.resolve("keep")));
  }

  @Test
  void anUnknownPlaceholderIsRefusedBeforeAnythingRuns() {
    TrialResult r = run(List.of("echo", "{cores}"), 300);
    assertEquals(TrialResult.Outcome.FAILED, r.outcome());
    assertTrue(r.error().contains("{cores}"), r.error());
    TrialResult missing = run(List.of("no-such-program-dream", "x"), 300);
    assertEquals(TrialResult.Outcome.FAILED, missing.outcome());
    assertTrue(missing.error().contains("no-such-program-dream is not installed on this node"), missing.error());
  }

  @Test
  void aHungCommandIsKilledWithItsWholeProcessTree() throws Exception {
    Path pids = data.resolve("pids");
    TrialResult r = run(List.of("sh", "-c", "sleep 300 & echo $$ $! > " + pids + "; wait"), 1.0);
    assertEquals(TrialResult.Outcome.TIMEOUT, r.outcome(), r.error());
    String[] ids = Files.readString(pids).trim().split("\\s+");
    for (String id : ids) assertFalse(running(Long.parseLong(id)), "process " + id + " still runs");
  }

  /** Alive and not a zombie waiting for a parent (in a container, nothing may reap re-parented children). */
  private static boolean running(long pid) throws Exception {
    for (int i = 0; i < 100; i++) {
      Path stat = Path.of("/proc", Long.toString(pid), "stat");
      if (!Files.exists(stat)) return false;
      String s = Files.readString(stat);
      char state = s.charAt(s.lastIndexOf(')') + 2);
      if (state == 'Z' || state == 'X') return false;
      Thread.sleep(50);
    }
    return true;
  }
}
