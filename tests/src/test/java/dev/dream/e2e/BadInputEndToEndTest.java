package dev.dream.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a user gets for bad input, from a real {@code dream} JVM: the exit status of DESIGN.md section 5, a
 * message that says what is wrong (never a stack trace), and nothing written where nothing may be.
 */
class BadInputEndToEndTest {
  static final Path CONFIG = SimRunEndToEndTest.CONFIG;

  /** A small finished run on H2, copied by the tests that need an existing data directory. */
  @TempDir static Path shared;
  static Path finished;
  static String finishedRunId;

  @TempDir Path work;

  @BeforeAll
  static void aFinishedRun() throws Exception {
    finished = shared.resolve("data");
    DreamProcess.Result r = DreamProcess.run(shared, Map.of(), 120, "run", "--domain", "sim", "--config-dir", CONFIG.toString(),
        "--data", finished.toString(), "--seed", "3", "--population", "4", "--generations", "1", "--trials", "2", "--regimes", "normal");
    assertEquals(0, r.exit(), r.output());
    finishedRunId = RunFilesAssert.onlyRun(finished).getFileName().toString();
  }

  static String[] run(Path data, String... extra) {
    List<String> args = new java.util.ArrayList<>(List.of("run", "--domain", "sim", "--config-dir", CONFIG.toString(),
        "--data", data.toString(), "--population", "4", "--generations", "1", "--trials", "2"));
    args.addAll(List.of(extra));
    return args.toArray(String[]::new);
  }

  @Test
  void anUnknownDomainIsBadUsageNamesTheKnownOnesAndWritesNothing() throws Exception {
    Path data = work.resolve("data");
    DreamProcess.Result r = DreamProcess.run(work, Map.of(), 60, "run", "--domain", "nope", "--config-dir", CONFIG.toString(),
        "--data", data.toString());
    assertEquals(2, r.exit(), r.output());
    assertTrue(r.output().contains("unknown domain 'nope'"), r.output());
    assertTrue(r.output().contains("defines: sim"), r.output());
    assertNoStackTrace(r.output());
    assertFalse(Files.exists(data), "--data was created for a run that never started");
    assertFalse(Files.exists(work.resolve("dream-data")));
  }

  @Test
  void anUnreachableDatabaseIsAnInfrastructureFailureWithAClearMessageAndLeavesNothingBehind() throws Exception {
    Path data = work.resolve("new").resolve("data");
    DreamProcess.Result r = DreamProcess.run(work, Map.of("DREAM_DB_URL", "jdbc:postgresql://127.0.0.1:1/nope"), 60, run(data));
    assertEquals(3, r.exit(), r.output());
    assertTrue(r.output().contains("journal database unavailable at jdbc:postgresql://127.0.0.1:1/nope"), r.output());
    assertNoStackTrace(r.output());
    assertFalse(Files.exists(work.resolve("new")), "the data directory (and its parent) made for a run that never started was left behind");

    Path empty = Files.createDirectories(work.resolve("empty"));
    DreamProcess.Result again = DreamProcess.run(work, Map.of("DREAM_DB_URL", "jdbc:postgresql://127.0.0.1:1/nope"), 60, run(empty));
    assertEquals(3, again.exit(), again.output());
    assertEquals(Map.of("/", "dir"), tree(empty), "an empty --data directory is left empty");
  }

  @Test
  void refusedCommandsLeaveNoDataDirectoryBehind() throws Exception {
    Path data = work.resolve("data");
    DreamProcess.Result resume = DreamProcess.run(work, Map.of(), 60, "run", "--resume", "2020-01-01T00-00-00_rzzzzzz", "--data", data.toString());
    assertEquals(2, resume.exit(), resume.output());
    assertTrue(resume.output().contains("unknown run '2020-01-01T00-00-00_rzzzzzz'"), resume.output());
    assertFalse(Files.exists(data), "--data was created for a run that is not there");

    DreamProcess.Result report = DreamProcess.run(work, Map.of(), 60, "report", "2020-01-01T00-00-00_rzzzzzz", "--data", data.toString());
    assertEquals(2, report.exit(), report.output());
    assertFalse(Files.exists(data), "--data was created to report a run that is not there");

    // a coordinator of a multi-node cluster on this node's own H2 file
    DreamProcess.Result node = DreamProcess.run(work, Map.of(), 60, "node", "--join", "127.0.0.1:1", "--data", data.toString());
    assertEquals(2, node.exit(), node.output());
    assertTrue(node.output().contains("needs the shared PostgreSQL journal"), node.output());
    assertNoStackTrace(node.output());
    assertFalse(Files.exists(data), "--data was created for a node that was refused");
  }

  @Test
  void aForeignDirectoryIsRefusedAndLeftUntouched() throws Exception {
    Path home = work.resolve("home");
    Files.createDirectories(home.resolve("projects"));
    Files.writeString(home.resolve("notes.txt"), "not Dream's\n");
    Files.writeString(home.resolve("projects").resolve("plan.md"), "# mine\n");
    Map<String, String> before = tree(home);
    DreamProcess.Result r = DreamProcess.run(work, Map.of(), 60, run(home));
    assertEquals(2, r.exit(), r.output());
    assertTrue(r.output().contains("is not a Dream data directory"), r.output());
    assertNoStackTrace(r.output());
    assertEquals(before, tree(home));
  }

  @Test
  void aDamagedMarkerIsRefusedAndTheDirectoryLeftUntouched() throws Exception {
    Path data = copy(finished, work.resolve("data"));
    Files.writeString(data.resolve("dream-data.json"), "{\"format\": \"dre");
    Map<String, String> before = tree(data);
    DreamProcess.Result r = DreamProcess.run(work, Map.of(), 60, run(data));
    assertEquals(2, r.exit(), r.output());
    assertTrue(r.output().contains("dream-data.json is damaged"), r.output());
    assertNoStackTrace(r.output());
    assertEquals(before, tree(data));
  }

  @Test
  void aCorruptJournalIsAnInfrastructureFailureWithAClearMessage() throws Exception {
    Path data = copy(finished, work.resolve("data"));
    Path db = data.resolve("journal").resolve("dream.mv.db");
    byte[] bytes = Files.readAllBytes(db);
    for (int i = 0; i < bytes.length; i += 7) bytes[i] ^= (byte) 0xff;
    Files.write(db, bytes);
    DreamProcess.Result r = DreamProcess.run(work, Map.of(), 60, run(data));
    assertEquals(3, r.exit(), r.output());
    assertTrue(r.output().contains("journal database unavailable at jdbc:h2:file:" + data.resolve("journal")), r.output());
    assertTrue(r.output().contains("corrupted"), r.output());
    assertNoStackTrace(r.output());
    assertEquals(List.of(finishedRunId), runDirs(data), "a new run was started on a corrupt journal");
  }

  @Test
  void resumingAnUnknownRunIsBadUsageAndLeavesTheJournalAsItWas() throws Exception {
    Path data = copy(finished, work.resolve("data"));
    Map<String, Long> before = journal(data);
    DreamProcess.Result r = DreamProcess.run(work, Map.of(), 60, "run", "--resume", "2020-01-01T00-00-00_rzzzzzz", "--data", data.toString());
    assertEquals(2, r.exit(), r.output());
    assertTrue(r.output().contains("unknown run '2020-01-01T00-00-00_rzzzzzz'"), r.output());
    assertNoStackTrace(r.output());
    assertEquals(before, journal(data), "the journal changed");
    assertEquals(List.of(finishedRunId), runDirs(data));

    DreamProcess.Result report = DreamProcess.run(work, Map.of(), 60, "report", finishedRunId, "--data", data.toString());
    assertEquals(0, report.exit(), report.output());
    assertTrue(report.output().contains("sim: generation 1 of 1, completed"), report.output());
    assertTrue(report.output().contains("trials recorded 10, distinct trial ids 10, recorded more than once 0"), report.output());
  }

  /**
   * The journal restored from a backup taken before the latest run: H2 opens it without a word, and that run's
   * files are still in runs/. Reporting or resuming it is exit 3 with what happened and what to do, not "unknown
   * run"; any other command warns of it.
   */
  @Test
  void aRunTheJournalHasLostIsNamedWithTheCauseAndWhatToDo() throws Exception {
    Path data = copy(finished, work.resolve("data"));
    Path backup = copy(data.resolve("journal"), work.resolve("journal-backup"));
    DreamProcess.Result second = DreamProcess.run(work, Map.of(), 120, run(data, "--seed", "4", "--regimes", "normal"));
    assertEquals(0, second.exit(), second.output());
    String lost = runDirs(data).stream().filter(id -> !id.equals(finishedRunId)).findFirst().orElseThrow();
    try (Stream<Path> files = Files.list(data.resolve("journal"))) {
      for (Path f : files.toList()) Files.delete(f);
    }
    copy(backup, data.resolve("journal"));
    String journalFile = data.resolve("journal").resolve("dream") + ".mv.db";

    DreamProcess.Result report = DreamProcess.run(work, Map.of(), 60, "report", lost, "--data", data.toString());
    assertEquals(3, report.exit(), report.output());
    assertTrue(report.output().contains("run " + lost + " is not in the journal"), report.output());
    assertTrue(report.output().contains("though its files are in " + data.resolve("runs").resolve(lost)), report.output());
    assertTrue(report.output().contains("truncated, replaced or restored from an older backup"), report.output());
    assertTrue(report.output().contains("restore " + journalFile + " from a backup"), report.output());
    assertFalse(report.output().contains("unknown run"), report.output());
    assertNoStackTrace(report.output());

    DreamProcess.Result resume = DreamProcess.run(work, Map.of(), 60, "run", "--resume", lost, "--data", data.toString());
    assertEquals(3, resume.exit(), resume.output());
    assertTrue(resume.output().contains("run " + lost + " is not in the journal"), resume.output());
    assertNoStackTrace(resume.output());

    DreamProcess.Result other = DreamProcess.run(work, Map.of(), 60, "report", finishedRunId, "--data", data.toString());
    assertEquals(0, other.exit(), other.output());
    String warning = other.output().lines().filter(l -> l.startsWith("dream: warning:")).findFirst().orElseThrow(() -> new AssertionError(other.output()));
    assertEquals("dream: warning: the journal does not know 1 run whose files are in " + data.resolve("runs") + ": " + lost, warning);
    assertTrue(other.output().contains("move its directory out of " + data.resolve("runs")), other.output());
  }

  @Test
  void aDryRunPrintsThePlanAndWritesNothing() throws Exception {
    Path data = work.resolve("data");
    DreamProcess.Result r = DreamProcess.run(work, Map.of(), 60, "run", "--domain", "sim", "--config-dir", CONFIG.toString(),
        "--data", data.toString(), "--dry-run", "--population", "2", "--generations", "3", "--trials", "2");
    assertEquals(0, r.exit(), r.output());
    assertTrue(r.output().contains("dry run: nothing is measured and nothing is written"), r.output());
    assertTrue(r.output().contains("population 2, 2 trials per candidate and regime"), r.output());
    assertTrue(r.output().contains("generations 3"), r.output());
    // (3 generations + the baseline) x 2 candidates x 2 trials, per regime
    assertTrue(r.output().matches("(?s).*regime normal .* 16 trials.*"), r.output());
    assertTrue(r.output().matches("(?s).*regime stress .* 16 trials.*"), r.output());
    assertNoStackTrace(r.output());
    assertFalse(Files.exists(data), "a dry run wrote " + data);
    assertFalse(Files.exists(work.resolve("dream-data")));
  }

  static void assertNoStackTrace(String output) {
    assertFalse(output.contains("internal error"), output);
    assertFalse(output.contains("\tat "), output);
  }

  /** persistence id → highest sequence number, read without writing (H2 read-only). */
  static Map<String, Long> journal(Path data) throws Exception {
    String url = "jdbc:h2:file:" + data.resolve("journal").resolve("dream") + ";DATABASE_TO_UPPER=false;ACCESS_MODE_DATA=r";
    Map<String, Long> rows = new TreeMap<>();
    try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT \"persistence_id\", max(\"sequence_number\") FROM \"event_journal\" GROUP BY \"persistence_id\"")) {
      // Pekko's own bookkeeping is left out: a node that starts re-allocates the shards it remembers and the
      // coordinator's store records that again (one event per start), whatever the command then does.
      while (rs.next()) if (!rs.getString(1).startsWith("/sharding/")) rows.put(rs.getString(1), rs.getLong(2));
    }
    assertTrue(rows.keySet().stream().anyMatch(id -> id.startsWith("Run|")), "no run in the journal: " + rows);
    return rows;
  }

  static List<String> runDirs(Path data) throws IOException {
    try (Stream<Path> runs = Files.list(data.resolve("runs"))) {
      return runs.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /** Every file and directory under {@code root} with its content's hash. */
  static Map<String, String> tree(Path root) throws Exception {
    Map<String, String> entries = new TreeMap<>();
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.toList()) {
        String key = root.relativize(p).toString();
        if (Files.isDirectory(p)) {
          entries.put(key + "/", "dir");
        } else {
          byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p));
          entries.put(key, HexFormat.of().formatHex(digest) + " " + Files.getLastModifiedTime(p).toMillis());
        }
      }
    }
    return entries;
  }

  static Path copy(Path from, Path to) throws IOException {
    try (Stream<Path> all = Files.walk(from)) {
      for (Path p : all.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) Files.createDirectories(target);
        else Files.copy(p, target);
      }
    }
    return to;
  }
}
