package dev.dream.cluster.report;

import dev.dream.cluster.run.RunRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.stream.Stream;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.persistence.jdbc.query.javadsl.JdbcReadJournal;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/**
 * Runs whose files are in the data directory's {@code runs/} but that the journal does not know. A run's
 * {@code manifest.json} is written from its journal once its first domain has started, after the run itself
 * was recorded; so a journal without the record of such a run has lost it. H2 does that without an error
 * when its file is truncated (it rolls back to the last intact state), replaced, or restored from an older
 * backup; or DREAM_DB_URL names another database than the one that recorded the run.
 */
public final class LostRuns {
  private static final int LOOKUPS_AT_ONCE = 4;

  private LostRuns() {}

  /** Whether run {@code runId} has files under {@code dataDir}: its directory with a manifest. */
  public static boolean hasManifest(Path dataDir, String runId) {
    return Files.isRegularFile(dataDir.resolve("runs").resolve(runId).resolve("manifest.json"));
  }

  /** The runs under {@code dataDir}/runs that have a manifest, in name (start time) order. */
  public static List<String> onDisk(Path dataDir) throws IOException {
    Path runs = dataDir.resolve("runs");
    if (!Files.isDirectory(runs)) return List.of();
    try (Stream<Path> dirs = Files.list(runs)) {
      return dirs.map(p -> p.getFileName().toString()).filter(id -> hasManifest(dataDir, id)).sorted().toList();
    }
  }

  /** Those of {@link #onDisk} that the journal has no record of, in the same order. */
  public static CompletionStage<List<String>> find(ActorSystem<?> system, Path dataDir) throws IOException {
    JdbcReadJournal journal = PersistenceQuery.get(system).getReadJournalFor(JdbcReadJournal.class, JdbcReadJournal.Identifier());
    // One indexed look-up per run (its first event), not a scan of every persistence id of the journal.
    return Source.from(onDisk(dataDir))
        .mapAsync(LOOKUPS_AT_ONCE, runId -> journal.currentEventsByPersistenceId(RunRegistry.persistenceId(runId).id(), 0L, Long.MAX_VALUE)
            .take(1)
            .runWith(Sink.seq(), system)
            .thenApply(events -> events.isEmpty() ? Optional.of(runId) : Optional.<String>empty()))
        .filter(Optional::isPresent)
        .map(Optional::get)
        .runWith(Sink.seq(), system);
  }
}
