package dev.dream.cluster.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dream.cluster.Fixtures;
import dev.dream.cluster.node.DreamNode;
import dev.dream.cluster.node.NodeSettings;
import dev.dream.cluster.run.RunRegistry;
import dev.dream.cluster.run.RunSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real node on its H2 journal: runs with files under runs/ that the journal has no record of. */
class LostRunsTest {
  @TempDir Path data;

  @Test
  void runsWithAManifestThatTheJournalDoesNotKnowAreLost() throws Exception {
    try (DreamNode node = DreamNode.start(new NodeSettings(data, List.of(), null, null, List.of(), Set.of(DreamNode.COORDINATOR), null,
        "class-a", Map.of("dream.management.enabled", "off")))) {
      RunSpec recorded = Fixtures.run("2026-01-02T00-00-00_rknown", "class-a", 1, 2, 1);
      StatusReply<RunSpec> created = node.sharding().entityRefFor(RunRegistry.TYPE_KEY, recorded.runId())
          .<StatusReply<RunSpec>>ask(r -> new RunRegistry.Create(recorded, r), Duration.ofSeconds(30)).toCompletableFuture().get(60, TimeUnit.SECONDS);
      assertEquals(recorded, created.getValue());
      manifest("2026-01-02T00-00-00_rknown");
      manifest("2026-01-03T00-00-00_rlost02");
      manifest("2026-01-01T00-00-00_rlost01");
      // a run directory without a manifest: its run had not started a domain yet, nothing to say about it
      Files.createDirectories(data.resolve("runs").resolve("2026-01-04T00-00-00_rnomani"));

      assertEquals(List.of("2026-01-01T00-00-00_rlost01", "2026-01-03T00-00-00_rlost02"),
          LostRuns.find(node.system(), data).toCompletableFuture().get(60, TimeUnit.SECONDS));
    }
  }

  @Test
  void aDataDirectoryWithoutRunsHasNoneLost() throws Exception {
    assertEquals(List.of(), LostRuns.onDisk(data));
  }

  private void manifest(String runId) throws Exception {
    Path dir = Files.createDirectories(data.resolve("runs").resolve(runId));
    Files.writeString(dir.resolve("manifest.json"), "{\"run_id\": \"" + runId + "\"}\n");
  }
}
