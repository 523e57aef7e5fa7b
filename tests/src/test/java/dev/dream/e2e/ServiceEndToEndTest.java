package dev.dream.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dream.core.config.ConfigLoader;
import dev.dream.core.config.ScheduleParser;
import dev.dream.core.schedule.CampaignSchedule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dream service} in its own JVM, on the embedded H2 journal, killed with SIGKILL and started again:
 * the campaign it was running is resumed from the journal (not restarted, not lost), and the planned start
 * of the next campaign is the one planned before the kill. Stopped by SIGTERM, it exits 130.
 */
class ServiceEndToEndTest {
  static final Pattern STARTED = Pattern.compile("sim: campaign (\\S+) started");
  static final Pattern FINISHED = Pattern.compile("sim: campaign (\\S+) finished \\((completed|no safe candidate)\\).*; next at (\\S+)");

  @TempDir Path work;

  /** The tests' sim config with quarter-second trials, so that a campaign lasts a few seconds and can be killed mid-way. */
  Path slowSimConfig() throws Exception {
    Path dir = work.resolve("config");
    Files.createDirectories(dir.resolve("domains"));
    Path src = SimRunEndToEndTest.CONFIG;
    Files.copy(src.resolve("caps.yaml"), dir.resolve("caps.yaml"));
    Files.copy(src.resolve("domains/sim.yaml"), dir.resolve("domains/sim.yaml"));
    Files.writeString(dir.resolve("regimes.yaml"), Files.readString(src.resolve("regimes.yaml")).replace("duration_s: 0.02", "duration_s: 0.25"));
    return dir;
  }

  String[] serviceArgs(Path config, Path data, String every) {
    return new String[] {"service", "--domain", "sim", "--config-dir", config.toString(), "--data", data.toString(), "--every", every,
        "--population", "4", "--generations", "2", "--trials", "2", "--regimes", "normal"};
  }

  @Test
  void campaignsFollowEachOtherAndOneKilledMidwayIsResumedAfterARestart() throws Exception {
    Path config = slowSimConfig();
    Path data = work.resolve("data");
    DreamProcess first = DreamProcess.start(work, Map.of(), serviceArgs(config, data, "2s"));
    List<String> finished;
    String interrupted;
    try {
      finished = awaitAll(first, FINISHED, 2);
      interrupted = awaitAll(first, STARTED, 3).get(2);
      awaitLine(first, Pattern.compile("sim: campaign " + Pattern.quote(interrupted) + " generation 1/2"));
      first.kill();
    } finally {
      first.process.destroyForcibly();
    }
    assertEquals(2, finished.stream().distinct().count(), first.output());
    assertTrue(!finished.contains(interrupted), first.output());
    for (String run : finished) assertTrue(Files.isRegularFile(data.resolve("runs").resolve(run).resolve("best.json")), run);
    assertTrue(!Files.exists(data.resolve("runs").resolve(interrupted).resolve("best.json")), "killed before it finished:\n" + first.output());

    DreamProcess second = DreamProcess.start(work, Map.of(), serviceArgs(config, data, "2s"));
    try {
      awaitLine(second, Pattern.compile("sim: resuming campaign " + Pattern.quote(interrupted)));
      List<String> after = awaitAll(second, FINISHED, 1);
      assertEquals(interrupted, after.get(0), "the first campaign to finish after the restart is the interrupted one:\n" + second.output());
      String next = awaitAll(second, STARTED, 1).get(0);
      assertNotEquals(interrupted, next);
      assertTrue(!finished.contains(next));
      // stopped by its supervisor (systemd's SIGTERM) in the middle of that campaign
      DreamProcess.Result stopped = second.stop(120);
      assertEquals(130, stopped.exit(), stopped.output());
      assertTrue(stopped.output().contains("dream service: stopping; a campaign in progress continues when the service starts again"), stopped.output());
      BadInputEndToEndTest.assertNoStackTrace(stopped.output());
    } finally {
      second.kill();
    }
    Path runDir = data.resolve("runs").resolve(interrupted);
    assertEquals(2, Files.readAllLines(runDir.resolve("evolution.jsonl")).size(), "each generation once, none repeated by the restart");
    SimRunEndToEndTest.assertValid("best", runDir.resolve("best.json"));
    DreamProcess.Result report = DreamProcess.run(work, Map.of(), 120, "report", interrupted, "--data", data.toString());
    assertEquals(0, report.exit(), report.output());
    Matcher m = Pattern.compile("trials recorded (\\d+), distinct trial ids (\\d+), recorded more than once (\\d+)").matcher(report.output());
    assertTrue(m.find(), report.output());
    assertEquals(m.group(1), m.group(2), report.output());
    assertEquals("0", m.group(3), "every trial of the resumed campaign counted once");
  }

  @Test
  void theNextStartPlannedBeforeAKillIsKeptAfterTheRestart() throws Exception {
    Path config = slowSimConfig();
    Path data = work.resolve("data");
    DreamProcess first = DreamProcess.start(work, Map.of(), serviceArgs(config, data, "1h"));
    String nextAt;
    try {
      Matcher done = awaitLine(first, FINISHED);
      nextAt = done.group(3);
      first.kill();
    } finally {
      first.process.destroyForcibly();
    }
    DreamProcess second = DreamProcess.start(work, Map.of(), serviceArgs(config, data, "1h"));
    try {
      awaitLine(second, Pattern.compile("sim: next campaign at " + Pattern.quote(nextAt) + "$", Pattern.MULTILINE));
    } finally {
      second.kill();
    }
    assertTrue(!STARTED.matcher(second.output()).find(), "nothing starts before the planned time:\n" + second.output());
    try (Stream<Path> runs = Files.list(data.resolve("runs"))) {
      assertEquals(1, runs.count());
    }
  }

  @Test
  void badSchedulesAreRefusedBeforeAnythingIsWritten() throws Exception {
    Path data = work.resolve("data");
    Path schedule = work.resolve("schedule.yaml");
    Files.writeString(schedule, "version: 1\ndomains:\n  sim: {every: 30}\n");
    DreamProcess.Result r = DreamProcess.run(work, Map.of(), 120, "service", "--schedule", schedule.toString(),
        "--config-dir", SimRunEndToEndTest.CONFIG.toString(), "--data", data.toString());
    assertEquals(2, r.exit(), r.output());
    assertTrue(r.output().contains("schedule.yaml:3:16: 'every' of domain 'sim' of the schedule must be a duration"), r.output());
    DreamProcess.Result noDomain = DreamProcess.run(work, Map.of(), 120, "service", "--config-dir", SimRunEndToEndTest.CONFIG.toString(),
        "--data", data.toString(), "--every", "10m");
    assertEquals(2, noDomain.exit(), noDomain.output());
    assertTrue(!Files.exists(data), "nothing written");
  }

  @Test
  void theShippedScheduleIsValidForTheShippedConfig() throws Exception {
    Path root = Path.of("..").toAbsolutePath().normalize();
    CampaignSchedule s = ScheduleParser.load(root.resolve("deploy/schedule.yaml"), ConfigLoader.load(root.resolve("config")));
    assertTrue(s.domains().size() >= 5, s.toString());
  }

  static Matcher awaitLine(DreamProcess p, Pattern line) throws Exception {
    long deadline = System.currentTimeMillis() + 180_000;
    while (System.currentTimeMillis() < deadline) {
      Matcher m = line.matcher(p.output());
      if (m.find()) return m;
      assertTrue(p.process.isAlive(), "the service ended before printing " + line + ":\n" + p.output());
      Thread.sleep(50);
    }
    throw new AssertionError("no line " + line + " in 180 s:\n" + p.output());
  }

  /** The first group of the first {@code n} matches of {@code line}, once there are that many. */
  static List<String> awaitAll(DreamProcess p, Pattern line, int n) throws Exception {
    long deadline = System.currentTimeMillis() + 180_000;
    while (System.currentTimeMillis() < deadline) {
      List<String> found = new ArrayList<>();
      Matcher m = line.matcher(p.output());
      while (m.find()) found.add(m.group(1));
      if (found.size() >= n) return found.subList(0, n);
      assertTrue(p.process.isAlive(), "the service ended before printing " + n + " x " + line + ":\n" + p.output());
      Thread.sleep(50);
    }
    throw new AssertionError("fewer than " + n + " lines " + line + " in 180 s:\n" + p.output());
  }
}
