package dev.dream.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sim end-to-end runs with the journal on PostgreSQL ({@code DREAM_DB_URL}), each in a database of its
 * own, created here and dropped afterwards. Skipped, saying so, when no PostgreSQL answers on
 * 127.0.0.1:5432 as user postgres (override with DREAM_E2E_PG_HOST, DREAM_E2E_PG_PORT, DREAM_E2E_PG_USER).
 */
class PostgresEndToEndTest {
  static final String HOST = System.getenv().getOrDefault("DREAM_E2E_PG_HOST", "127.0.0.1");
  static final String PORT = System.getenv().getOrDefault("DREAM_E2E_PG_PORT", "5432");
  static final String USER = System.getenv().getOrDefault("DREAM_E2E_PG_USER", "postgres");

  @TempDir Path work;
  String database;

  static String url(String db) {
    return "jdbc:postgresql://" + HOST + ":" + PORT + "/" + db + "?user=" + USER;
  }

  static Connection admin() throws SQLException {
    DriverManager.setLoginTimeout(5);
    return DriverManager.getConnection(url("postgres") + "&connectTimeout=5");
  }

  /** Why the tests are skipped, or null when PostgreSQL answers; asked once. */
  static String unavailable;

  @BeforeAll
  static void askPostgres() {
    try (Connection c = admin()) {
      c.isValid(5);
    } catch (SQLException e) {
      unavailable = "no PostgreSQL reachable at " + HOST + ":" + PORT + " as " + USER + " (" + e.getMessage()
          + "); skipping the PostgreSQL end-to-end tests";
    }
  }

  @BeforeEach
  void createDatabase() throws SQLException {
    Assumptions.assumeTrue(unavailable == null, unavailable);
    StringBuilder name = new StringBuilder("dream_e2e_");
    SecureRandom random = new SecureRandom();
    for (int i = 0; i < 10; i++) name.append((char) ('a' + random.nextInt(26)));
    database = name.toString();
    try (Connection c = admin(); Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE " + database);
    }
  }

  @AfterEach
  void dropDatabase() throws SQLException {
    if (database == null) return;
    try (Connection c = admin(); Statement st = c.createStatement()) {
      // FORCE: a killed dream's connections may not have been noticed as closed yet
      st.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }
  }

  Map<String, String> onPostgres() {
    return Map.of("DREAM_DB_URL", url(database));
  }

  @Test
  void findsTheKnownOptimumAndWritesValidFiles() throws Exception {
    SimRunEndToEndTest.findsTheKnownOptimumAndWritesValidFiles(work, onPostgres());
    assertJournalIsOnPostgres(work.resolve("data"));
  }

  @Test
  void aRunKilledMidGenerationResumesToTheSameResultsAsOnH2() throws Exception {
    SimRunEndToEndTest.aRunKilledMidGenerationResumesToTheSameResults(work, onPostgres());
    assertJournalIsOnPostgres(work.resolve("crashed"));
  }

  /** The events are in this test's database, and no H2 file was made under --data. */
  void assertJournalIsOnPostgres(Path data) throws Exception {
    try (Connection c = DriverManager.getConnection(url(database)); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*) FROM event_journal WHERE persistence_id LIKE 'DomainCoordinator|%'")) {
      rs.next();
      assertTrue(rs.getLong(1) > 0, "no DomainCoordinator event in " + database);
    }
    if (Files.isDirectory(data.resolve("journal"))) {
      try (Stream<Path> files = Files.list(data.resolve("journal"))) {
        assertEquals(List.of(), files.toList(), "an H2 journal was made under --data");
      }
    }
  }
}
