package dev.dream.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dream.cli.Main;
import dev.dream.cluster.metrics.PrometheusText;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dream ctl} against a real {@code dream run} JVM: the members, the run's progress while it runs and
 * its metrics as Prometheus text; once the run's process is gone, its endpoint is unreachable (exit 3).
 */
class CtlEndToEndTest {
  @TempDir Path work;

  record Ctl(int exit, String out, String err) {}

  static Ctl ctl(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(new PrintWriter(out), new PrintWriter(err), args);
    return new Ctl(code, out.toString(), err.toString());
  }

  static String await(DreamProcess p, Pattern pattern) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      Matcher m = pattern.matcher(p.output());
      if (m.find()) return m.group(1);
      if (!p.process.isAlive()) break;
      Thread.sleep(100);
    }
    throw new AssertionError("no " + pattern + " in:\n" + p.output());
  }

  @Test
  void membersProgressAndMetricsOfARunningRun() throws Exception {
    Path config = work.resolve("config");
    Files.createDirectories(config.resolve("domains"));
    Path source = SimRunEndToEndTest.CONFIG;
    Files.copy(source.resolve("caps.yaml"), config.resolve("caps.yaml"));
    Files.copy(source.resolve("domains/sim.yaml"), config.resolve("domains/sim.yaml"));
    // Half-second trials and 40 generations (minutes of trials): the run is still running while the test
    // looks at it, however slow the machine; the test then kills it.
    Files.writeString(config.resolve("regimes.yaml"), Files.readString(source.resolve("regimes.yaml")).replace("duration_s: 0.02", "duration_s: 0.5"));
    DreamProcess run = DreamProcess.start(work, Map.of(), "run", "--domain", "sim", "--config-dir", config.toString(),
        "--data", work.resolve("data").toString(), "--seed", "7", "--population", "6", "--generations", "40", "--trials", "2",
        "--regimes", "normal", "--management-port", "0");
    try {
      String endpoint = await(run, Pattern.compile("management endpoint (http://\\S+)"));
      String runId = await(run, Pattern.compile("run (\\S+)  seed 7"));

      Ctl members = ctl("ctl", "members", "--json", "--endpoint", endpoint);
      assertEquals(0, members.exit(), members.err());
      JsonNode m = RunFilesAssert.MAPPER.readTree(members.out());
      String self = m.get("selfNode").asText();
      assertEquals(1, m.get("members").size());
      assertEquals("Up", m.get("members").get(0).get("status").asText());
      Ctl table = ctl("ctl", "members", "--endpoint", endpoint);
      assertTrue(table.out().contains(self + "  Up      coordinator,runner  yes"), table.out());
      JsonNode manifest = RunFilesAssert.MAPPER.readTree(work.resolve("data/runs").resolve(runId).resolve("manifest.json").toFile());
      assertEquals(self, manifest.get("nodes").get(0).get("address").asText(), "the member is the node the run started on");

      Ctl progress = ctl("ctl", "run", runId, "--endpoint", endpoint);
      assertEquals(0, progress.exit(), progress.err());
      assertTrue(progress.out().startsWith("run " + runId + "  running  seed 7"), progress.out());
      String sim = progress.out().lines().filter(l -> l.startsWith("sim ")).findFirst().orElseThrow();
      assertTrue(sim.matches("sim\\s+running\\s+(baselines|gen\\d+ \\(\\d+/40\\))\\s+\\d+\\s+.*" + Pattern.quote(self)), sim);

      Ctl metrics = ctl("ctl", "metrics", "--raw", "--endpoint", endpoint);
      assertEquals(0, metrics.exit(), metrics.err());
      List<PrometheusText.Sample> samples = PrometheusText.parse(metrics.out());
      assertEquals(1.0, PrometheusText.value(samples, "dream_cluster_members", Map.of("status", "up")));
      assertEquals(1.0, PrometheusText.value(samples, "dream_trial_runners", Map.of()));

      run.kill();
      Ctl gone = ctl("ctl", "members", "--endpoint", endpoint);
      assertEquals(3, gone.exit());
      assertTrue(gone.err().contains("cannot reach the management endpoint " + endpoint), gone.err());
    } finally {
      run.kill();
    }
  }

  /**
   * The same against the three-node test cluster (A coordinator and seed, runners B and C) and the run's own
   * process D (coordinator), through D's endpoint: every member with its roles, the run's progress and the
   * trials in flight on the runners. Skipped, saying why, when no PostgreSQL answers.
   */
  @Test
  void membersProgressAndTrialsOfAClusterOfSeveralNodes() throws Exception {
    String unavailable = PostgresDatabase.unavailable();
    org.junit.jupiter.api.Assumptions.assumeTrue(unavailable == null, unavailable);
    try (PostgresDatabase db = PostgresDatabase.create("dream_ctl_"); LocalCluster cluster = new LocalCluster(work, db)) {
      LocalCluster.Node a = cluster.node("a", "coordinator", null);
      LocalCluster.Node b = cluster.node("b", "runner", a);
      LocalCluster.Node c = cluster.node("c", "runner", a);
      LocalCluster.awaitUp(a, b, c);
      List<String> args = new java.util.ArrayList<>(List.of(LocalCluster.campaign(work.resolve("d").resolve("data"), 6, 40)));
      args.addAll(List.of("--management-port", "0"));
      LocalCluster.Node d = cluster.run("d", a, "coordinator", args.toArray(String[]::new));
      DreamProcess run = d.process();
      String endpoint = await(run, Pattern.compile("management endpoint (http://\\S+)"));
      String runId = await(run, Pattern.compile("run (\\S+)  seed 7"));
      ClusterFailureEndToEndTest.awaitMoreTrials(b, 1);
      ClusterFailureEndToEndTest.awaitMoreTrials(c, 1);

      Ctl members = ctl("ctl", "members", "--endpoint", endpoint);
      assertEquals(0, members.exit(), members.err());
      for (LocalCluster.Node n : List.of(a, b, c, d)) {
        String roles = n == b || n == c ? "runner" : "coordinator";
        assertTrue(members.out().lines().anyMatch(l -> l.matches(Pattern.quote(n.address()) + "\\s+Up\\s+" + roles + "\\s+yes.*")),
            n.name() + " is not listed as an Up " + roles + ":\n" + members.out());
      }
      assertTrue(members.out().contains("4 member(s): 4 Up"), members.out());

      Ctl progress = ctl("ctl", "run", runId, "--endpoint", endpoint);
      assertEquals(0, progress.exit(), progress.err());
      assertTrue(progress.out().startsWith("run " + runId + "  running  seed 7"), progress.out());
      String sim = progress.out().lines().filter(l -> l.startsWith("sim ")).findFirst().orElseThrow();
      // the run's domain coordinator lives on a coordinator node, A or D
      assertTrue(sim.matches("sim\\s+running\\s+(baselines|gen\\d+ \\(\\d+/40\\))\\s+\\d+\\s+.*(" + Pattern.quote(a.address()) + "|"
          + Pattern.quote(d.address()) + ")"), sim);

      Ctl trials = ctl("ctl", "trials", "--json", "--endpoint", endpoint);
      assertEquals(0, trials.exit(), trials.err());
      JsonNode t = RunFilesAssert.MAPPER.readTree(trials.out());
      assertEquals(2, t.get("runners").asInt(), trials.out());
      for (JsonNode f : t.get("in_flight")) {
        assertTrue(f.get("node").asText().equals(b.address()) || f.get("node").asText().equals(c.address()), trials.out());
        assertTrue(f.get("trial_id").asText().startsWith(runId + "/sim/"), trials.out());
      }

      // what an operator sees, kept in the test's output
      System.out.println("$ dream ctl members\n" + members.out() + "\n$ dream ctl run " + runId + "\n" + progress.out()
          + "\n$ dream ctl trials\n" + ctl("ctl", "trials", "--endpoint", endpoint).out());

      Ctl metrics = ctl("ctl", "metrics", "--raw", "--endpoint", endpoint);
      assertEquals(0, metrics.exit(), metrics.err());
      assertEquals(4.0, PrometheusText.value(PrometheusText.parse(metrics.out()), "dream_cluster_members", Map.of("status", "up")));
    }
  }
}
