package dev.dream.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dream.e2e.LocalCluster.Counts;
import dev.dream.e2e.LocalCluster.Node;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several {@code dream} JVMs on 127.0.0.1 with the journal on PostgreSQL run a sim campaign with half-second
 * trials, and one of them is killed with SIGKILL: a runner in the middle of a trial, or the node that hosts
 * the run's DomainCoordinator (and the TrialDispatcher). The run must complete, count every trial id once,
 * and end with the files of an undisturbed run with the same seed (run alongside on H2: sim results are
 * fixed by the seed). The failover times are printed and written to target/cluster-figures/.
 * Skipped, saying why, when no PostgreSQL answers (see {@link PostgresEndToEndTest}).
 */
class ClusterFailureEndToEndTest {
  static final Duration RUN_TIMEOUT = Duration.ofSeconds(300);

  static String unavailable;

  @TempDir Path work;
  PostgresDatabase db;
  LocalCluster cluster;

  @BeforeAll
  static void askPostgres() {
    unavailable = PostgresDatabase.unavailable();
  }

  @BeforeEach
  void createDatabase() throws Exception {
    Assumptions.assumeTrue(unavailable == null, unavailable);
    db = PostgresDatabase.create("dream_cluster_");
    cluster = new LocalCluster(work, db);
  }

  @AfterEach
  void dropDatabase(org.junit.jupiter.api.TestInfo test) throws Exception {
    if (cluster != null) {
      cluster.close();
      cluster.keepLogs(Path.of("target", "cluster-logs", test.getTestMethod().orElseThrow().getName()));
    }
    if (db != null) db.close();
  }

  /**
   * A (coordinator, runner; the seed, so the dispatcher's node), B and C (runners) and the run's own process
   * (coordinator): B is killed while it runs a candidate's trial. The dispatcher must give that trial to
   * another runner once B is found gone, and the journal must hold it once.
   */
  @Test
  void aRunnerKilledMidTrialHasItsTrialRunAgainElsewhereAndCountedOnce() throws Exception {
    int population = 8;
    int generations = 2;
    Path referenceData = work.resolve("reference").resolve("data");
    DreamProcess reference = DreamProcess.start(work.resolve("reference"), Map.of(), referenceArgs(referenceData, population, generations));

    Node a = cluster.node("a", "coordinator,runner", null);
    Node b = cluster.node("b", "runner", a);
    Node c = cluster.node("c", "runner", a);
    LocalCluster.awaitUp(a, b, c);
    Path data = work.resolve("d").resolve("data");
    Node run = cluster.run("d", a, "coordinator", LocalCluster.campaign(data, population, generations));

    // B's second trial of generation 0: the generation's 16 trials are queued by then, so the run is
    // mid-generation, and B is killed while that trial is surely in flight (a trial lasts 500 ms).
    String inFlight = awaitTrialInFlight(b, "/gen0_", 2);
    long killedAt = System.currentTimeMillis();
    b.process().kill();
    LocalTime killTime = LocalTime.ofInstant(Instant.ofEpochMilli(killedAt), ZoneId.systemDefault());

    DreamProcess.Result result = LocalCluster.awaitExit(run.process(), RUN_TIMEOUT);
    assertEquals(0, result.exit(), result.output());
    String runId = runId(result.output());

    // The dispatcher (on A, the oldest coordinator) put the trial back in its queue, naming B...
    Matcher again = Pattern.compile("^(\\d\\d:\\d\\d:\\d\\d\\.\\d{3}) WARN .* - (runner (\\S+) is gone; dispatching trial (\\S+) again"
        + "|trial (\\S+) on (\\S+) passed its deadline; dispatching it again)", Pattern.MULTILINE).matcher(a.output());
    String redispatch = null;
    LocalTime redispatchedAt = null;
    while (again.find()) {
      String trial = again.group(4) != null ? again.group(4) : again.group(5);
      String runner = again.group(3) != null ? again.group(3) : again.group(6);
      if (trial.equals(inFlight)) {
        assertEquals(b.address(), runner, again.group());
        redispatch = again.group(2);
        redispatchedAt = LocalTime.parse(again.group(1));
        break;
      }
    }
    assertTrue(redispatch != null, "no re-dispatch of " + inFlight + " in the dispatcher's log:\n" + a.output());
    // ...and a surviving runner ran it
    LocalTime rerunAt = null;
    for (Node survivor : List.of(a, c)) {
      Optional<LocalTime> t = LocalCluster.startOf(survivor.output(), inFlight);
      if (t.isPresent() && (rerunAt == null || t.get().isBefore(rerunAt))) rerunAt = t.get();
    }
    assertNotNull(rerunAt, inFlight + " was not run again by A or C");

    cluster.killAll();
    assertSameResults(reference, referenceData, data, runId);

    Figures figures = new Figures("runner-killed-mid-trial");
    figures.put("trial_in_flight", inFlight);
    figures.put("redispatch_log", redispatch);
    figures.put("kill_to_redispatch_ms", LocalCluster.millisBetween(killTime, redispatchedAt));
    figures.put("kill_to_trial_started_again_ms", LocalCluster.millisBetween(killTime, rerunAt));
    figures.putUnreachableAndDowned(b.address(), killTime, a.output(), c.output(), run.output());
    figures.write();
  }

  /**
   * A is the seed and the only coordinator when the run starts (its process, D, is a runner), so the
   * run's DomainCoordinator and the TrialDispatcher live on A; E (coordinator, runner) joins mid-run; A is
   * killed. The coordinator must restart on E from the journal and the run go on to the same end.
   */
  @Test
  void theCoordinatorsNodeKilledTheRunGoesOnFromTheJournalOnAnotherNode() throws Exception {
    int population = 8;
    int generations = 5; // long enough that E, started after the run, joins well before its end
    Path referenceData = work.resolve("reference").resolve("data");
    DreamProcess reference = DreamProcess.start(work.resolve("reference"), Map.of(), referenceArgs(referenceData, population, generations));

    Node a = cluster.node("a", "coordinator", null);
    LocalCluster.awaitUp(a);
    Path data = work.resolve("d").resolve("data");
    Node run = cluster.run("d", a, "runner", LocalCluster.campaign(data, population, generations));
    String runId = LocalCluster.await(run.process(), Pattern.compile("^run (\\S+)  seed", Pattern.MULTILINE), LocalCluster.START_TIMEOUT, "the run to start").group(1);
    // Started only now, so the coordinator is already on A (a JVM needs seconds to join).
    Node e = cluster.node("e", "coordinator,runner", a);
    LocalCluster.awaitUp(e);
    int seen = LocalCluster.trials(run.output()).size();
    awaitMoreTrials(run, seen + 1);
    Pattern recovered = Pattern.compile("^(\\d\\d:\\d\\d:\\d\\d\\.\\d{3}) INFO .* - domain sim of run " + Pattern.quote(runId)
        + " recovered on (\\S+) at generation (-?\\d+) with (\\d+) trials recorded", Pattern.MULTILINE);
    assertFalse(recovered.matcher(e.output()).find(), "the coordinator moved to E before A was killed:\n" + e.output());
    int generation = currentGeneration(run.output());
    assertTrue(generation < generations, "the run reached its last generation before E joined (this machine is too slow for the "
        + "scenario): killing A now might come after the run's end:\n" + run.output());

    long killedAt = System.currentTimeMillis();
    a.process().kill();
    LocalTime killTime = LocalTime.ofInstant(Instant.ofEpochMilli(killedAt), ZoneId.systemDefault());

    Matcher onE = LocalCluster.await(e.process(), recovered, RUN_TIMEOUT, "the domain coordinator to recover on E");
    assertEquals(e.address(), onE.group(2));
    String coordinator = PostgresDatabase.coordinatorId(runId, "sim");
    long continuedAt = -1;
    for (long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos(); continuedAt < 0 && System.nanoTime() < deadline; ) {
      continuedAt = db.firstEventAfter(coordinator, killedAt);
      if (continuedAt < 0) Thread.sleep(50);
    }
    assertTrue(continuedAt > 0, "the run wrote nothing after A was killed");

    DreamProcess.Result result = LocalCluster.awaitExit(run.process(), RUN_TIMEOUT);
    assertEquals(0, result.exit(), result.output());

    cluster.killAll();
    assertSameResults(reference, referenceData, data, runId);

    Figures figures = new Figures("coordinator-node-killed");
    figures.put("recovered_log", onE.group().substring(onE.group().indexOf(" - ") + 3));
    figures.put("kill_to_coordinator_recovered_ms", LocalCluster.millisBetween(killTime, LocalTime.parse(onE.group(1))));
    figures.put("kill_to_first_journal_write_ms", continuedAt - killedAt);
    figures.putUnreachableAndDowned(a.address(), killTime, e.output(), run.output());
    figures.write();
  }

  /**
   * A (coordinator; the seed) and B (runner) run the campaign of D (coordinator); C, a runner, joins
   * mid-run and must start taking trials; then B is stopped with SIGTERM while it runs a trial. B must
   * finish that trial and have it recorded before it leaves: nobody runs it again. The run ends as an
   * undisturbed one does.
   */
  @Test
  void aRunnerJoiningMidRunTakesTrialsAndOneLeavingFinishesItsTrialFirst() throws Exception {
    int population = 6;
    int generations = 4;
    Path referenceData = work.resolve("reference").resolve("data");
    DreamProcess reference = DreamProcess.start(work.resolve("reference"), Map.of(), referenceArgs(referenceData, population, generations));

    Node a = cluster.node("a", "coordinator", null);
    Node b = cluster.node("b", "runner", a);
    LocalCluster.awaitUp(a, b);
    Path data = work.resolve("d").resolve("data");
    Node run = cluster.run("d", a, "coordinator", LocalCluster.campaign(data, population, generations));
    awaitMoreTrials(b, 2);

    Node c = cluster.node("c", "runner", a);
    LocalCluster.awaitUp(c);
    awaitMoreTrials(c, 1);
    assertTrue(run.process().process.isAlive(), "the run ended before C took a trial:\n" + run.output());

    int seen = (int) LocalCluster.trials(b.output()).keySet().stream().filter(t -> t.contains("/gen")).count();
    String inFlight = awaitTrialInFlight(b, "/gen", seen + 1);
    b.process().process.destroy(); // SIGTERM: leave gracefully
    assertTrue(b.process().process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "B did not leave:\n" + b.output());
    assertEquals(Boolean.TRUE, LocalCluster.trials(b.output()).get(inFlight), "B left without finishing " + inFlight + ":\n" + b.output());
    assertTrue(b.output().contains("leaving: finishing 1 trial(s) in flight first"), b.output());

    DreamProcess.Result result = LocalCluster.awaitExit(run.process(), RUN_TIMEOUT);
    assertEquals(0, result.exit(), result.output());
    assertFalse(LocalCluster.trials(c.output()).containsKey(inFlight), inFlight + " was run again on C:\n" + c.output());
    assertFalse(a.output().contains(inFlight + " again"), "the dispatcher dispatched " + inFlight + " again:\n" + a.output());
    cluster.killAll();
    assertSameResults(reference, referenceData, data, runId(result.output()));
  }

  static String[] referenceArgs(Path data, int population, int generations) {
    List<String> args = new java.util.ArrayList<>(List.of("run"));
    args.addAll(List.of(LocalCluster.campaign(data, population, generations)));
    return args.toArray(String[]::new);
  }

  static String runId(String output) {
    Matcher m = Pattern.compile("^run (\\S+)  seed", Pattern.MULTILINE).matcher(output);
    assertTrue(m.find(), output);
    return m.group(1);
  }

  /** Waits until {@code node} starts the {@code nth} trial whose id contains {@code part}, and returns it while it runs. */
  static String awaitTrialInFlight(Node node, String part, int nth) throws Exception {
    long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      assertTrue(node.process().process.isAlive(), node.name() + " ended:\n" + node.output());
      List<Map.Entry<String, Boolean>> matching =
          LocalCluster.trials(node.output()).entrySet().stream().filter(t -> t.getKey().contains(part)).toList();
      if (matching.size() >= nth) {
        Map.Entry<String, Boolean> last = matching.get(matching.size() - 1);
        if (!last.getValue()) return last.getKey();
      }
      Thread.sleep(5);
    }
    throw new AssertionError(node.name() + " ran no trial like " + part + ":\n" + node.output());
  }

  /** The generation (from 1) that the run's progress line shows last. */
  static int currentGeneration(String output) {
    Matcher m = Pattern.compile("sim gen (\\d+)/\\d+").matcher(output);
    int g = 0;
    while (m.find()) g = Integer.parseInt(m.group(1));
    return g;
  }

  static void awaitMoreTrials(Node node, int n) throws Exception {
    long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
    while (LocalCluster.trials(node.output()).size() < n) {
      assertTrue(node.process().process.isAlive(), "the run ended before the coordinator's node could be killed:\n" + node.output());
      assertTrue(System.nanoTime() < deadline, node.output());
      Thread.sleep(10);
    }
  }

  /**
   * The cluster run's best.json and packs are the reference's, and {@code dream report} finds every trial id
   * of the reference recorded exactly once.
   */
  void assertSameResults(DreamProcess reference, Path referenceData, Path data, String runId) throws Exception {
    DreamProcess.Result ref = LocalCluster.awaitExit(reference, RUN_TIMEOUT);
    assertEquals(0, ref.exit(), ref.output());
    Path refRun = RunFilesAssert.onlyRun(referenceData);
    Path clusterRun = data.resolve("runs").resolve(runId);
    assertEquals(RunFilesAssert.json(refRun.resolve("best.json")), RunFilesAssert.json(clusterRun.resolve("best.json")));
    Map<String, JsonNode> refPacks = RunFilesAssert.packs(refRun);
    Map<String, JsonNode> clusterPacks = RunFilesAssert.packs(clusterRun);
    assertEquals(refPacks.keySet(), clusterPacks.keySet());
    for (String pack : refPacks.keySet()) assertEquals(refPacks.get(pack), clusterPacks.get(pack), pack);

    DreamProcess refReport = DreamProcess.start(work.resolve("reference"), Map.of(), "report", refRun.getFileName().toString(), "--data", referenceData.toString());
    DreamProcess report = cluster.command("report", "report", runId, "--data", data.toString());
    DreamProcess.Result expected = LocalCluster.awaitExit(refReport, RUN_TIMEOUT);
    DreamProcess.Result actual = LocalCluster.awaitExit(report, RUN_TIMEOUT);
    assertEquals(0, expected.exit(), expected.output());
    assertEquals(0, actual.exit(), actual.output());
    Counts want = Counts.of(expected.output());
    Counts got = Counts.of(actual.output());
    assertEquals(0, got.twice(), actual.output());
    assertEquals(want.recorded(), got.recorded(), actual.output());
    assertEquals(want.recorded(), got.distinct(), actual.output());
  }

  /** Measured times of one scenario, printed and written to target/cluster-figures/NAME.json. */
  static final class Figures {
    final String name;
    final ObjectNode json = RunFilesAssert.MAPPER.createObjectNode();

    Figures(String name) {
      this.name = name;
      json.put("scenario", name);
      json.put("measured_at_utc", Instant.now().toString());
    }

    void put(String key, String value) {
      json.put(key, value);
    }

    void put(String key, long value) {
      json.put(key, value);
    }

    /**
     * When the survivors first marked the killed node unreachable, and when the Split Brain Resolver (on the
     * leader, one of them) downed it.
     */
    void putUnreachableAndDowned(String killed, LocalTime killTime, String... survivorLogs) {
      String survivorLog = String.join("\n", survivorLogs);
      first(survivorLog, ".*Marking node as UNREACHABLE \\[[^\\]]*" + Pattern.quote(killed), killTime).ifPresent(ms -> json.put("kill_to_unreachable_ms", ms));
      first(survivorLog, ".*SBR took decision \\S+ and is downing \\[[^\\]]*" + Pattern.quote(killed), killTime).ifPresent(ms -> json.put("kill_to_downed_ms", ms));
    }

    /** Milliseconds from the kill to the earliest log line matching {@code regex}. */
    static Optional<Long> first(String log, String regex, LocalTime killTime) {
      Matcher m = Pattern.compile("^(\\d\\d:\\d\\d:\\d\\d\\.\\d{3}) " + regex, Pattern.MULTILINE).matcher(log);
      Optional<Long> earliest = Optional.empty();
      while (m.find()) {
        long ms = LocalCluster.millisBetween(killTime, LocalTime.parse(m.group(1)));
        if (earliest.isEmpty() || ms < earliest.get()) earliest = Optional.of(ms);
      }
      return earliest;
    }

    void write() throws Exception {
      Path dir = Path.of("target", "cluster-figures");
      Files.createDirectories(dir);
      Files.writeString(dir.resolve(name + ".json"), RunFilesAssert.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(json));
      System.out.println("cluster figures: " + json);
    }
  }
}
