package dev.dream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dream.cluster.http.Views;
import dev.dream.cluster.node.DreamNode;
import dev.dream.cluster.node.NodeSettings;
import dev.dream.cluster.run.DomainCoordinator;
import dev.dream.cluster.run.RunRegistry;
import dev.dream.cluster.run.RunSpec;
import dev.dream.core.config.ConfigLoader;
import dev.dream.trials.TrialExecutor;
import dev.dream.trials.TrialResult;
import dev.dream.trials.TrialSpec;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dream ctl} against a single-node DreamNode started by the test (H2 journal in a temporary
 * directory, the shipped sim domain): one run is held with a trial in flight, looked at, let go and looked
 * at again when it has finished.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CtlCommandTest {
  static final String RUN_ID = "2025-01-01T00-00-00_rctl001";

  DreamNode node;
  String endpoint;
  HoldingExecutor executor;
  String heldTrial;

  /** The real executor, holding the first trial of generation 1 until the test lets it go. */
  static final class HoldingExecutor implements TrialExecutor {
    final TrialExecutor real;
    final CompletableFuture<String> held = new CompletableFuture<>();
    final CompletableFuture<Void> release = new CompletableFuture<>();

    HoldingExecutor(TrialExecutor real) {
      this.real = real;
    }

    @Override
    public TrialResult run(TrialSpec spec) {
      if (spec.candId().startsWith("gen1_") && held.complete(spec.trialId())) {
        try {
          release.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
      return real.run(spec);
    }
  }

  @BeforeAll
  void start(@TempDir Path data) throws Exception {
    executor = new HoldingExecutor(Trials.executor(data));
    node = DreamNode.start(new NodeSettings(data, List.of(), null, null, List.of(), Set.of(DreamNode.COORDINATOR, DreamNode.RUNNER),
        executor, "class-ctl", Map.of("pekko.management.http.port", 0)));
    endpoint = node.managementUri().orElseThrow().toString();
    RunSpec run = RunSpecs.create(ConfigLoader.load(Cli.repoRoot().resolve("config")),
        new RunSpecs.Choices(List.of("sim"), 3, 2, 1, List.of("normal"), 7, null, false), RUN_ID, Instant.now(), "class-ctl")
        .withNodes(List.of(node.address()));
    node.sharding().entityRefFor(RunRegistry.TYPE_KEY, RUN_ID)
        .<StatusReply<RunSpec>>ask(r -> new RunRegistry.Create(run, r), Duration.ofSeconds(20)).toCompletableFuture().get(30, TimeUnit.SECONDS);
    node.sharding().entityRefFor(DomainCoordinator.TYPE_KEY, DomainCoordinator.entityId(RUN_ID, "sim"))
        .<StatusReply<Done>>ask(r -> new DomainCoordinator.Start(run, "sim", r), Duration.ofSeconds(20)).toCompletableFuture().get(30, TimeUnit.SECONDS);
    heldTrial = executor.held.get(60, TimeUnit.SECONDS);
  }

  @AfterAll
  void stop() {
    if (executor != null) executor.release.complete(null);
    if (node != null) node.close();
  }

  Cli ctl(String... args) {
    String[] all = new String[args.length + 3];
    all[0] = "ctl";
    System.arraycopy(args, 0, all, 1, args.length);
    all[args.length + 1] = "--endpoint";
    all[args.length + 2] = endpoint;
    return Cli.run(all);
  }

  static void ok(Cli r) {
    assertEquals(ExitCodes.OK, r.exitCode(), r.err() + r.out());
  }

  static String line(String out, String containing) {
    return out.lines().filter(l -> l.contains(containing)).findFirst().orElseThrow(() -> new AssertionError("no line with " + containing + " in:\n" + out));
  }

  static <T> T eventually(Callable<T> check) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      try {
        return check.call();
      } catch (AssertionError e) {
        if (System.nanoTime() > deadline) throw e;
        Thread.sleep(100);
      }
    }
  }

  @Test
  void membersShowsThisNodeUpWithItsRoles() throws Exception {
    Cli r = ctl("members");
    ok(r);
    List<String> lines = r.out().lines().toList();
    assertEquals(List.of("NODE", "STATUS", "ROLES", "REACHABLE"), List.of(lines.get(0).split("\\s+")));
    String row = line(r.out(), node.address());
    assertEquals(List.of(node.address(), "Up", "coordinator,runner", "yes", "leader", "oldest", "(this", "endpoint)"), List.of(row.split("\\s+")));
    assertEquals("1 member(s): 1 Up", lines.get(lines.size() - 1));

    Cli json = ctl("members", "--json");
    ok(json);
    JsonNode m = CtlClient.LENIENT.readTree(json.out());
    assertEquals(node.address(), m.get("selfNode").asText());
    assertEquals("Up", m.get("members").get(0).get("status").asText());
  }

  @Test
  void aRunInFlightThenFinished() throws Exception {
    // While the held trial is in flight.
    Cli trials = ctl("trials");
    ok(trials);
    assertTrue(trials.out().startsWith("1 runner(s), 1 trial(s) in flight, 0 queued;"), trials.out());
    List<String> row = List.of(line(trials.out(), heldTrial).split("\\s+"));
    assertEquals(heldTrial, row.get(0));
    assertEquals(node.address(), row.get(1));
    assertEquals("s", row.get(3));
    assertEquals("1", row.get(4), "first attempt");

    Cli running = ctl("run", RUN_ID);
    ok(running);
    assertTrue(running.out().startsWith("run " + RUN_ID + "  running  seed 7  started "), running.out());
    List<String> sim = List.of(line(running.out(), "sim  ").split("\\s+"));
    assertEquals(List.of("sim", "running", "gen1", "(2/2)"), sim.subList(0, 4));
    assertEquals(node.address(), sim.get(sim.size() - 1));
    assertTrue(running.out().contains("sim: population 3, 2 generation(s), regimes normal, 1 trial(s) per candidate and regime"), running.out());

    Cli runs = ctl("runs");
    ok(runs);
    assertEquals(List.of(RUN_ID, "running"), List.of(line(runs.out(), RUN_ID).split("\\s+")).subList(0, 2));

    // Let it finish; the table then says what the JSON says, and the JSON what the coordinator says.
    executor.release.complete(null);
    Views.RunDetail done = eventually(() -> {
      Cli j = ctl("run", RUN_ID, "--json");
      ok(j);
      Views.RunDetail d = CtlClient.LENIENT.readValue(j.out(), Views.RunDetail.class);
      assertEquals(Views.FINISHED, d.run().state(), j.out());
      return d;
    });
    DomainCoordinator.Progress p = node.sharding().entityRefFor(DomainCoordinator.TYPE_KEY, DomainCoordinator.entityId(RUN_ID, "sim"))
        .<DomainCoordinator.Progress>ask(DomainCoordinator.GetProgress::new, Duration.ofSeconds(20)).toCompletableFuture().get(30, TimeUnit.SECONDS);
    Views.DomainProgress d = done.domains().get(0);
    assertEquals(p.trialsRecorded(), d.trialsRecorded());
    assertEquals(p.bestCandId(), d.bestCandId());
    assertEquals(p.bestScore(), d.bestScore());
    assertEquals("completed", d.outcome());

    Cli finished = ctl("run", RUN_ID);
    ok(finished);
    assertTrue(finished.out().startsWith("run " + RUN_ID + "  finished  seed 7"), finished.out());
    List<String> cells = List.of(line(finished.out(), "sim  ").split("\\s+"));
    assertEquals(List.of("sim", "finished", "gen1", "(2/2)", String.valueOf(p.trialsRecorded()), p.bestCandId(),
        String.format(java.util.Locale.ROOT, "%.4f", p.bestScore()), "completed"), cells);

    Cli after = ctl("runs");
    ok(after);
    assertEquals(List.of(RUN_ID, Views.FINISHED), List.of(line(after.out(), RUN_ID).split("\\s+")).subList(0, 2));
    Views.Runs listed = CtlClient.LENIENT.readValue(ctl("runs", "--json").out(), Views.Runs.class);
    assertEquals(List.of("sim"), listed.runs().get(0).domains());

    Cli idle = ctl("trials");
    ok(idle);
    assertTrue(idle.out().startsWith("1 runner(s), 0 trial(s) in flight, 0 queued;"), idle.out());

    Cli baselines = ctl("baselines", "sim");
    ok(baselines);
    assertEquals("baselines of sim, node class class-ctl", baselines.out().lines().findFirst().orElseThrow());
    assertTrue(baselines.out().lines().anyMatch(l -> l.startsWith("normal ")), baselines.out());
    JsonNode json = CtlClient.LENIENT.readTree(ctl("baselines", "sim", "--json").out());
    String perfMean = String.format(java.util.Locale.ROOT, "%.4f", json.get("sim").get("normal").get("kpis").get("perf").asDouble());
    List<String> perf = List.of(line(baselines.out(), " perf ").trim().split("\\s+"));
    assertEquals(perfMean, perf.get(perf.indexOf("perf") + 1));
  }

  @Test
  void metricsAreValidPrometheusTextShownAsATable() {
    Cli raw = ctl("metrics", "--raw");
    ok(raw);
    List<dev.dream.cluster.metrics.PrometheusText.Sample> samples = dev.dream.cluster.metrics.PrometheusText.parse(raw.out());
    assertEquals(1.0, dev.dream.cluster.metrics.PrometheusText.value(samples, "dream_cluster_members", Map.of("status", "up")));
    Cli table = ctl("metrics");
    ok(table);
    assertEquals(List.of("dream_cluster_members", "status=up", "1"), List.of(line(table.out(), "status=up").split("\\s+")));
    assertTrue(table.out().lines().noneMatch(l -> l.contains("_bucket")), table.out());
  }

  @Test
  void baselinesOfAnotherNodeClassAreNone() {
    Cli r = ctl("baselines", "sim", "--node-class", "nowhere");
    ok(r);
    assertTrue(r.out().startsWith("no baselines of sim for node class nowhere"), r.out());
  }

  @Test
  void anUnknownRunIsBadUsage() {
    Cli r = ctl("run", "no-such-run");
    assertEquals(ExitCodes.USAGE, r.exitCode());
    assertTrue(r.err().contains("no run no-such-run in the journal"), r.err());
  }

  @Test
  void leaveAndDownAreRefusedWhileTheRoutesAreReadOnly() {
    for (String op : List.of("leave", "down")) {
      Cli r = ctl(op, node.address());
      assertEquals(ExitCodes.USAGE, r.exitCode(), op);
      assertTrue(r.err().contains("refuses changes: its management routes are read-only"), r.err());
      assertTrue(r.err().contains("pekko.management.http.route-providers-read-only = false"), r.err());
    }
  }

  @Test
  void anUnreachableEndpointIsExit3() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    Cli r = Cli.run("ctl", "members", "--endpoint", "http://127.0.0.1:" + closed);
    assertEquals(ExitCodes.INFRASTRUCTURE, r.exitCode());
    assertTrue(r.err().contains("cannot reach the management endpoint http://127.0.0.1:" + closed), r.err());
    assertEquals("", r.out());
  }

  @Test
  void aBadEndpointIsBadUsage() {
    Cli r = Cli.run("ctl", "members", "--endpoint", "ftp://127.0.0.1:1");
    assertEquals(ExitCodes.USAGE, r.exitCode());
    assertTrue(r.err().contains("--endpoint must be an http(s) URL"), r.err());
  }

  @Test
  void theEndpointComesFromTheHoconFilesWhenNotGiven(@TempDir Path dir) throws Exception {
    Path conf = dir.resolve("node.conf");
    java.nio.file.Files.writeString(conf, "pekko.management.http.port = " + node.managementUri().orElseThrow().getPort() + "\n");
    Cli r = Cli.run("ctl", "members", "--hocon", conf.toString());
    ok(r);
    assertNotNull(line(r.out(), node.address()));
  }
}
