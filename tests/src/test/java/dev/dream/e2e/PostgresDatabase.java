package dev.dream.e2e;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * A PostgreSQL database of its own for one test, created on the server of {@link PostgresEndToEndTest}
 * (127.0.0.1:5432 as postgres unless DREAM_E2E_PG_* say otherwise) and dropped on {@link #close}; also the
 * journal queries the cluster tests measure with.
 */
final class PostgresDatabase implements AutoCloseable {
  final String name;

  private PostgresDatabase(String name) {
    this.name = name;
  }

  /** Why no database can be made here, or null when the server answers. */
  static String unavailable() {
    try (Connection c = PostgresEndToEndTest.admin()) {
      c.isValid(5);
      return null;
    } catch (SQLException e) {
      return "no PostgreSQL reachable at " + PostgresEndToEndTest.HOST + ":" + PostgresEndToEndTest.PORT + " as "
          + PostgresEndToEndTest.USER + " (" + e.getMessage() + "); skipping the multi-node tests, which need the shared journal";
    }
  }

  static PostgresDatabase create(String prefix) throws SQLException {
    StringBuilder name = new StringBuilder(prefix);
    SecureRandom random = new SecureRandom();
    for (int i = 0; i < 10; i++) name.append((char) ('a' + random.nextInt(26)));
    try (Connection c = PostgresEndToEndTest.admin(); Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE " + name);
    }
    return new PostgresDatabase(name.toString());
  }

  String url() {
    return PostgresEndToEndTest.url(name);
  }

  /** The environment that puts a dream process's journal here. */
  Map<String, String> env() {
    return Map.of("DREAM_DB_URL", url());
  }

  static String coordinatorId(String runId, String domain) {
    return "DomainCoordinator|" + runId + "~" + domain;
  }

  /**
   * The write time (ms since the epoch, the writer's clock) of the first event of {@code persistenceId}
   * written after {@code afterMs}, or -1 when there is none yet.
   */
  long firstEventAfter(String persistenceId, long afterMs) throws SQLException {
    try (Connection c = DriverManager.getConnection(url());
        PreparedStatement st = c.prepareStatement(
            "SELECT min(write_timestamp) FROM event_journal WHERE persistence_id = ? AND write_timestamp > ?")) {
      st.setString(1, persistenceId);
      st.setLong(2, afterMs);
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        long t = rs.getLong(1);
        return rs.wasNull() ? -1 : t;
      }
    }
  }

  /** First and last write time of {@code persistenceId}'s events: for a domain coordinator, Started to Finished. */
  long[] eventSpan(String persistenceId) throws SQLException {
    try (Connection c = DriverManager.getConnection(url());
        PreparedStatement st = c.prepareStatement(
            "SELECT min(write_timestamp), max(write_timestamp) FROM event_journal WHERE persistence_id = ?")) {
      st.setString(1, persistenceId);
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        return new long[] {rs.getLong(1), rs.getLong(2)};
      }
    }
  }

  /** Write time of the first event of {@code persistenceId} whose class name ends with {@code eventClass}, or -1. */
  long firstEventOf(String persistenceId, String eventClass) throws SQLException {
    try (Connection c = DriverManager.getConnection(url());
        PreparedStatement st = c.prepareStatement(
            "SELECT min(write_timestamp) FROM event_journal WHERE persistence_id = ? AND event_ser_manifest LIKE ?")) {
      st.setString(1, persistenceId);
      st.setString(2, "%$" + eventClass);
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        long t = rs.getLong(1);
        return rs.wasNull() ? -1 : t;
      }
    }
  }

  @Override
  public void close() throws SQLException {
    try (Connection c = PostgresEndToEndTest.admin(); Statement st = c.createStatement()) {
      // FORCE: a killed dream's connections may not have been noticed as closed yet
      st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }
  }
}
