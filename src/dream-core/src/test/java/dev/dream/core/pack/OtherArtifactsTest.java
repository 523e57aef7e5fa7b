package dev.dream.core.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dream.core.stats.CiOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OtherArtifactsTest {
  static final String SHA = "3f786850e387550fdab836ed7e6dc881de23001b3f786850e387550fdab836ed";

  static BaselineRecord baseline(String regime) {
    Map<String, List<Double>> trials = new LinkedHashMap<>();
    trials.put("perf", List.of(500.0, 505.0, 495.0));
    trials.put("watts", List.of(60.0, 60.5, 59.5));
    return BaselineRecord.measured("sim", regime, trials, 3, PackFixtures.genome(), "x86_64-8c-16g-6.8", "sha256:0123456789abcdef",
        Instant.parse("2025-10-08T15:46:00.900Z"), CiOptions.DEFAULT, 1);
  }

  @Test
  void baselineIdsFollowTheContract() {
    assertEquals("cpu_idle_2025-10-08T15-46-00Z", BaselineRecord.baselineId("cpu", "idle", Instant.parse("2025-10-08T15:46:00.731Z")));
  }

  @Test
  void baselinesExportValidatesAndReadsBack(@TempDir Path dir) throws Exception {
    BaselinesFile file = BaselinesFile.empty().with(baseline("stress")).with(baseline("idle"));
    JsonNode json = file.toJson();
    assertEquals(List.of(), SchemaValidator.validate(SchemaValidator.BASELINES, json));
    assertEquals("baselines.v2", json.get("schema").asText());
    JsonNode idle = json.get("sim").get("idle");
    List<String> keys = new java.util.ArrayList<>();
    idle.fieldNames().forEachRemaining(keys::add);
    assertEquals(List.of("kpis", "ci95", "trials", "genome", "node_class", "code_hash", "timestamp", "baseline_id"), keys);
    assertEquals(500.0, idle.get("kpis").get("perf").asDouble(), 1e-9);
    assertEquals("2025-10-08T15:46:00Z", idle.get("timestamp").asText());
    assertEquals("sim_idle_2025-10-08T15-46-00Z", idle.get("baseline_id").asText());

    Path path = dir.resolve("baselines.json");
    file.write(path);
    BaselinesFile back = BaselinesFile.read(path);
    assertEquals(file.domains(), back.domains());
    assertEquals(500.0, back.get("sim", "idle").orElseThrow().toBaseline().means().get("perf"), 1e-9);

    ObjectNode broken = json.deepCopy();
    ((ObjectNode) broken.get("sim").get("idle")).remove("code_hash");
    assertFalse(SchemaValidator.validate(SchemaValidator.BASELINES, broken).isEmpty());
    assertThrows(IllegalArgumentException.class, () -> BaselinesFile.fromJson(Json.parse("{\"sim\": {}}")));
  }

  @Test
  void manifestValidates() {
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("population", 20);
    settings.put("generations", 10);
    settings.put("ci", Map.of("method", "bca", "resamples", 2000));
    Manifest m = new Manifest(PackFixtures.RUN_ID, "2025-10-08T15:46:00Z", "0.1.0", "sha256:0123456789abcdef",
        Map.of("regimes.yaml", SHA, "domains/cpu.yaml", SHA), 42L, List.of("cpu"),
        List.of(new Manifest.Node("127.0.0.1:25520", "x86_64-8c-16g-6.8")), settings);
    JsonNode json = Json.tree(m);
    assertEquals(List.of(), SchemaValidator.validate(SchemaValidator.MANIFEST, json));
    assertEquals("x86_64-8c-16g-6.8", json.get("nodes").get(0).get("node_class").asText());
    assertEquals(m.runId(), Json.read(Json.compact(m), Manifest.class).runId());
    ObjectNode bad = json.deepCopy();
    ((ObjectNode) bad.get("config_hashes")).put("caps.yaml", "not-a-hash");
    assertFalse(SchemaValidator.validate(SchemaValidator.MANIFEST, bad).isEmpty());
    bad.remove("seed");
    assertTrue(SchemaValidator.validate(SchemaValidator.MANIFEST, bad).stream().anyMatch(e -> e.contains("seed")));
  }

  @Test
  void evolutionLinesValidateAndAppend(@TempDir Path dir) throws Exception {
    CandidatePack best = PackFixtures.pack(false, true);
    EvolutionRecord found = new EvolutionRecord(PackFixtures.RUN_ID, "sim", 3, best.candId(), best.aggregate().scoreV2(),
        best.aggregate().scoreCi95(), 7, 8, 1, best.relativePath(), "2025-10-08T15:52:17Z");
    EvolutionRecord none = new EvolutionRecord(PackFixtures.RUN_ID, "sim", 4, null, null, null, 0, 8, 8, null, "2025-10-08T15:58:00Z");
    assertEquals(List.of(), SchemaValidator.validate(SchemaValidator.EVOLUTION, Json.tree(found)));
    assertEquals(List.of(), SchemaValidator.validate(SchemaValidator.EVOLUTION, Json.tree(none)));
    EvolutionRecord absolute = new EvolutionRecord(PackFixtures.RUN_ID, "sim", 3, best.candId(), 0.1, null, 7, 8, 1,
        "/data/runs/x/candidates/sim/gen3_c4.json", "2025-10-08T15:52:17Z");
    assertFalse(SchemaValidator.validate(SchemaValidator.EVOLUTION, Json.tree(absolute)).isEmpty());

    Path file = dir.resolve("evolution.jsonl");
    Json.appendLine(file, found);
    Json.appendLine(file, none);
    List<String> lines = Files.readAllLines(file);
    assertEquals(2, lines.size());
    assertEquals(found, Json.read(lines.get(0), EvolutionRecord.class));
    assertEquals(none, Json.read(lines.get(1), EvolutionRecord.class));
  }

  @Test
  void bestFileValidates() {
    CandidatePack p = PackFixtures.pack(false, true);
    Map<String, BestFile.Entry> domains = new LinkedHashMap<>();
    domains.put("sim", BestFile.Entry.of(p));
    domains.put("cpu", null);
    BestFile best = new BestFile(domains);
    JsonNode json = Json.tree(best);
    assertEquals(List.of(), SchemaValidator.validate(SchemaValidator.BEST, json));
    assertTrue(json.get("cpu").isNull());
    assertEquals("gen3_c4", json.get("sim").get("cand_id").asText());
    assertEquals(best, Json.read(Json.compact(best), BestFile.class));
    assertThrows(IllegalArgumentException.class, () -> BestFile.Entry.of(PackFixtures.pack(true, true)));
  }
}
