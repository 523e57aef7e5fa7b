package dev.dream.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmarks across runner nodes, end to end: {@code dream bench scaling} and {@code dream bench
 * throughput --runner-nodes} start real runner JVMs, and every trial of the measured run is recorded once,
 * by one of those runners, spread over all of them. Their timings are what the benchmarks are for, so
 * none is asserted here.
 */
class BenchAcrossNodesEndToEndTest {
  @TempDir Path work;

  @BeforeEach
  void needsPostgres() {
    String unavailable = PostgresDatabase.unavailable();
    Assumptions.assumeTrue(unavailable == null, unavailable);
  }

  @Test
  void scalingSpreadsEachRunOverItsRunnerNodesAndComparesWithTheIdeal() throws Exception {
    Path out = work.resolve("scaling.json");
    DreamProcess.Result r = DreamProcess.run(work, Map.of(), 600, "bench", "scaling", "--runners", "1,2", "--population", "4",
        "--trials", "2", "--trial-seconds", "0.1", "--warmup-generations", "1", "--data", work.resolve("data").toString(),
        "--out", out.toString());
    assertEquals(0, r.exit(), r.output());
    JsonNode doc = RunFilesAssert.MAPPER.readTree(Files.readString(out));
    assertEquals("bench_scaling.v1", doc.get("schema").asText());
    assertEquals(2, doc.get("results").size(), doc.toString());
    for (int i = 0; i < 2; i++) {
      JsonNode m = doc.get("results").get(i);
      int runners = i + 1;
      assertEquals(runners, m.get("runners").asInt());
      // the baseline and 4 candidates, 2 regimes x 2 trials each
      assertEquals(20, m.get("trials").asLong(), m.toString());
      assertEquals(4, m.get("baseline_trials").asLong(), m.toString());
      assertEquals(0, m.get("duplicate_trial_ids").asLong(), m.toString());
      assertEquals(0, m.get("failed_trials").asLong(), m.toString());
      assertEquals("completed", m.get("outcome").asText());
      assertSpread(m.get("trials_by_node"), runners, 20);
      assertTrue(m.get("wall_s").asDouble() >= 20 * 0.1 / runners, m.toString()); // no run beats its trials' own time
      assertNotNull(m.get("efficiency").numberValue(), m.toString());
    }
    assertEquals(1.0, doc.get("results").get(0).get("efficiency").asDouble());
    assertTrue(r.output().contains("efficiency"), r.output());
    // the runner nodes were stopped, and their data directories removed with the measurement's
    try (var left = Files.list(work.resolve("data").resolve("bench"))) {
      assertEquals(0, left.filter(Files::isDirectory).count());
    }
  }

  @Test
  void throughputAcrossRunnerNodesRecordsEveryTrialOnceOnThoseNodes() throws Exception {
    Path out = work.resolve("throughput.json");
    DreamProcess.Result r = DreamProcess.run(work, Map.of(), 600, "bench", "throughput", "--runner-nodes", "2", "--population", "3",
        "--generations", "1", "--trials", "2", "--warmup-generations", "1", "--data", work.resolve("data").toString(),
        "--out", out.toString());
    assertEquals(0, r.exit(), r.output());
    JsonNode doc = RunFilesAssert.MAPPER.readTree(Files.readString(out));
    assertEquals(2, doc.get("runner_nodes").asInt());
    assertEquals(1, doc.get("results").size(), doc.toString());
    JsonNode m = doc.get("results").get(0);
    assertEquals("postgres", m.get("db").asText());
    assertEquals((3 + 1) * 2 * 2, m.get("trials").asLong(), m.toString());
    assertEquals(0, m.get("duplicate_trial_ids").asLong());
    assertSpread(m.get("trials_by_node"), 2, m.get("trials").asLong());
    // the executor is in the runner nodes, so this process cannot say what it saw
    assertTrue(m.get("executor_ms_per_trial").isNull(), m.toString());
  }

  @Test
  void runnerNodesNeedPostgres() throws Exception {
    DreamProcess.Result r = DreamProcess.run(work, Map.of(), 120, "bench", "throughput", "--runner-nodes", "2", "--db", "h2",
        "--data", work.resolve("data").toString());
    assertEquals(2, r.exit(), r.output());
    assertTrue(r.output().contains("--runner-nodes needs the PostgreSQL journal"), r.output());
  }

  /** {@code byNode}: trials per cluster member; each of {@code nodes} runner nodes ran some, none ran in this process. */
  private static void assertSpread(JsonNode byNode, int nodes, long trials) {
    assertEquals(nodes, byNode.size(), byNode.toString());
    long sum = 0;
    for (Iterator<Map.Entry<String, JsonNode>> it = byNode.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      assertTrue(e.getKey().startsWith("pekko://Dream@127.0.0.1:"), byNode.toString());
      assertFalse(e.getValue().asLong() == 0, byNode.toString());
      sum += e.getValue().asLong();
    }
    assertEquals(trials, sum, byNode.toString());
  }
}
