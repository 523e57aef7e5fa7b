package dev.dream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThroughputBenchTest {
  @TempDir Path tmp;

  @Test
  void aTinyBenchRecordsEveryPlannedTrialOnceAndWritesItsResults() throws Exception {
    Path out = tmp.resolve("bench.json");
    Cli r = Cli.run("bench", "throughput", "--db", "h2", "--population", "3", "--generations", "1", "--trials", "2",
        "--warmup-generations", "0", "--data", tmp.resolve("data").toString(), "--out", out.toString());
    assertEquals(ExitCodes.OK, r.exitCode(), r.out() + r.err());
    JsonNode doc = new ObjectMapper().readTree(Files.readString(out));
    assertEquals("bench_throughput.v1", doc.get("schema").asText());
    assertEquals(1, doc.get("results").size(), doc.toString());
    JsonNode h2 = doc.get("results").get(0);
    assertEquals("h2", h2.get("db").asText());
    // one generation of 3 candidates and the baseline, 2 regimes x 2 trials each, nothing reused
    assertEquals((3 + 1) * 2 * 2, h2.get("trials_planned").asLong(), h2.toString());
    assertEquals(h2.get("trials_planned").asLong(), h2.get("trials").asLong(), h2.toString());
    assertEquals(0, h2.get("duplicate_trial_ids").asLong());
    assertEquals(0, h2.get("failed_trials").asLong());
    assertEquals("completed", h2.get("outcome").asText());
    assertTrue(h2.get("trials_per_s").asDouble() > 0, h2.toString());
    assertTrue(h2.get("overhead_ms_per_trial").asDouble() > 0, h2.toString());
    assertEquals(1, h2.get("slots").asInt());
    assertFalse(doc.get("code_hash").asText().isEmpty());
    assertTrue(r.out().contains("trials/s"), r.out());
    // the measurement's own journal and files are gone; only the results stay
    try (var left = Files.list(tmp.resolve("data").resolve("bench"))) {
      assertEquals(0, left.count());
    }
  }

  @Test
  void anUnreachablePostgresIsSkippedWithAMessage() throws Exception {
    Path out = tmp.resolve("pg.json");
    Cli r = Cli.run("bench", "throughput", "--db", "postgres", "--pg-url", "jdbc:postgresql://127.0.0.1:1/nothing?user=nobody",
        "--warmup-generations", "0", "--data", tmp.resolve("data").toString(), "--out", out.toString());
    assertEquals(ExitCodes.INFRASTRUCTURE, r.exitCode(), r.out() + r.err());
    assertTrue(r.err().contains("PostgreSQL unreachable at jdbc:postgresql://127.0.0.1:1/nothing"), r.err());
    JsonNode doc = new ObjectMapper().readTree(Files.readString(out));
    assertEquals(0, doc.get("results").size());
    assertEquals("postgres", doc.get("skipped").get(0).get("db").asText());
  }

  @Test
  void theScalingBenchWithoutPostgresEndsWithExit3AndSaysWhy() throws Exception {
    Cli r = Cli.run("bench", "scaling", "--pg-url", "jdbc:postgresql://127.0.0.1:1/nothing?user=nobody", "--runners", "1",
        "--data", tmp.resolve("data").toString(), "--out", tmp.resolve("s.json").toString());
    assertEquals(ExitCodes.INFRASTRUCTURE, r.exitCode(), r.out() + r.err());
    assertTrue(r.err().contains("PostgreSQL unreachable at jdbc:postgresql://127.0.0.1:1/nothing"), r.err());
    assertFalse(Files.exists(tmp.resolve("s.json")));
  }

  @Test
  void badScalingOptionsAreUsageErrors() throws Exception {
    for (String[] bad : new String[][] {{"--runners", "0"}, {"--trial-seconds", "0"}, {"--trials", "1"}, {"--warmup-generations", "-1"}}) {
      java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("bench", "scaling", "--data", tmp.resolve("data").toString()));
      args.addAll(java.util.List.of(bad));
      Cli r = Cli.run(args.toArray(String[]::new));
      assertEquals(ExitCodes.USAGE, r.exitCode(), String.join(" ", bad) + ": " + r.err());
    }
  }
}
