package dev.dream.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dream.e2e.LocalCluster.Node;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scaling benchmark: the same sim campaign with half-second trials on 1, 2 and 3 runner nodes, each on
 * a fresh cluster (a coordinator-only seed node, the runner nodes, and the run's own process as a second
 * coordinator, so that only the runner nodes run trials) and a fresh PostgreSQL database.
 *
 * <p>Wall time is the run's own: from its coordinator's first journal event (Started) to its last
 * (Finished), both stamped by the writer, so JVM start-up and joining are not in it (the run process's
 * whole time is reported beside it). The generation's time (GenerationProposed to GenerationCompleted)
 * leaves out the baseline phase (Started to BaselinesFixed: finding the baseline store, measuring and
 * recording the baselines), which is reported apart. Ideal(n) = time(1) / n;
 * efficiency = ideal / time. Results go to target/bench/scaling.json and stdout; the node logs to
 * target/bench/scaling-logs/.
 *
 * <p>A tool, not a test: its name is not one that Surefire picks up by itself, and it asserts only that each
 * run completed. Run it with
 * {@code mvn -B -o verify -pl tests -am -Dtest=ScalingBench -Dsurefire.failIfNoSpecifiedTests=false}, optionally with
 * {@code -Ddream.bench.runners=1,2,3 -Ddream.bench.population=24 -Ddream.bench.trials=6}.
 */
class ScalingBench {
  @TempDir Path work;

  @Test
  void scaling() throws Exception {
    String unavailable = PostgresDatabase.unavailable();
    Assumptions.assumeTrue(unavailable == null, unavailable);
    int[] runners = Arrays.stream(System.getProperty("dream.bench.runners", "1,2,3").split(",")).mapToInt(Integer::parseInt).toArray();
    // 24 candidates x 6 trials, and 6 baseline trials: both phases divide evenly over 1, 2 and 3 runners,
    // so what is lost is the cluster's overhead, not the campaign's shape.
    int population = Integer.getInteger("dream.bench.population", 24);
    int trials = Integer.getInteger("dream.bench.trials", 6);

    ObjectNode out = RunFilesAssert.MAPPER.createObjectNode();
    out.put("benchmark", "scaling");
    out.put("measured_at_utc", Instant.now().toString());
    out.put("campaign", "sim, 1 regime (normal, duration_s 0.5, warmup 0, delay 0), population " + population
        + ", 1 generation, " + trials + " trials per candidate and for the baseline, seed 7");
    out.put("cpus", Runtime.getRuntime().availableProcessors());
    out.put("loadavg_before", Files.readString(Path.of("/proc/loadavg")).trim());
    ArrayNode results = out.putArray("results");
    ObjectNode single = null;
    for (int n : runners) {
      ObjectNode r = measure(n, population, trials);
      if (n == 1) single = r;
      if (single != null) {
        // ideal(n) = wall(1) / n, for the whole campaign and for its generation alone
        for (String phase : List.of("wall", "generation")) {
          double ideal = single.get(phase + "_ms").asDouble() / n;
          r.put(phase + "_ideal_ms", Math.round(ideal));
          r.put(phase + "_efficiency", Math.round(1000 * ideal / r.get(phase + "_ms").asDouble()) / 1000.0);
        }
      }
      results.add(r);
      System.out.println("scaling: " + r);
    }
    out.put("loadavg_after", Files.readString(Path.of("/proc/loadavg")).trim());
    Path file = Path.of("target", "bench", "scaling.json");
    Files.createDirectories(file.getParent());
    Files.writeString(file, RunFilesAssert.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(out));
    System.out.println("scaling results in " + file.toAbsolutePath() + ":\n" + Files.readString(file));
  }

  private ObjectNode measure(int n, int population, int trials) throws Exception {
    Path dir = work.resolve("runners-" + n);
    try (PostgresDatabase db = PostgresDatabase.create("dream_scaling_"); LocalCluster cluster = new LocalCluster(dir, db)) {
      Node seed = cluster.node("seed", "coordinator", null);
      List<Node> nodes = new ArrayList<>();
      for (int i = 1; i <= n; i++) nodes.add(cluster.node("runner" + i, "runner", seed));
      LocalCluster.awaitUp(seed);
      LocalCluster.awaitUp(nodes.toArray(Node[]::new));
      long started = System.nanoTime();
      Node run = cluster.run("run", seed, "coordinator", LocalCluster.campaign(dir.resolve("run").resolve("data"), population, 1, trials));
      DreamProcess.Result result = LocalCluster.awaitExit(run.process(), Duration.ofMinutes(10));
      long processMs = (System.nanoTime() - started) / 1_000_000;
      assertEquals(0, result.exit(), result.output());
      String runId = ClusterFailureEndToEndTest.runId(result.output());
      String coordinator = PostgresDatabase.coordinatorId(runId, "sim");
      long[] span = db.eventSpan(coordinator);
      long baselined = db.firstEventOf(coordinator, "BaselinesFixed");
      long proposed = db.firstEventOf(coordinator, "GenerationProposed");
      long completed = db.firstEventOf(coordinator, "GenerationCompleted");

      Map<String, Integer> perRunner = new TreeMap<>();
      int trialsRun = 0;
      for (Node r : nodes) {
        int count = LocalCluster.trials(r.output()).size();
        perRunner.put(r.name(), count);
        trialsRun += count;
      }
      cluster.killAll();
      cluster.keepLogs(Path.of("target", "bench", "scaling-logs", "runners-" + n));

      ObjectNode r = RunFilesAssert.MAPPER.createObjectNode();
      r.put("runners", n);
      r.put("wall_ms", span[1] - span[0]);
      r.put("baseline_phase_ms", baselined - span[0]);
      r.put("generation_ms", completed - proposed);
      r.put("run_process_ms", processMs);
      r.put("trials_run", trialsRun);
      r.put("trial_seconds_per_runner", trialsRun * 0.5 / n);
      r.putPOJO("trials_per_runner", perRunner);
      return r;
    }
  }
}
