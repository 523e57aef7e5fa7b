package dev.dream.cli;

import dev.dream.cluster.node.JournalSchema;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * The PostgreSQL database a throughput measurement journals into: the one named by {@code --pg-url}, or a
 * fresh database on the local server that this class creates and drops again, so that every measurement
 * starts from an empty journal and leaves nothing behind.
 */
final class BenchDatabase implements AutoCloseable {
  static final String LOCAL_SERVER = "jdbc:postgresql://127.0.0.1:5432/";
  static final String LOCAL_USER = "postgres";

  private final String url;
  private final String user;
  private final String dropName; // null: the user's database, kept

  private BenchDatabase(String url, String user, String dropName) {
    this.url = url;
    this.user = user;
    this.dropName = dropName;
  }

  String url() {
    return url;
  }

  String user() {
    return user;
  }

  /** The user's database as given (its journal tables are created if missing, nothing is dropped). */
  static BenchDatabase given(String url) throws SQLException {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("[?&]user=([^&]+)").matcher(url);
    String user = m.find() ? m.group(1) : LOCAL_USER;
    try (Connection c = connect(url, user)) {
      c.isValid(5);
    }
    return new BenchDatabase(url, user, null);
  }

  /** A fresh database {@code dream_bench_<random>} on the local server. */
  static BenchDatabase fresh() throws SQLException {
    StringBuilder name = new StringBuilder("dream_bench_");
    SecureRandom random = new SecureRandom();
    for (int i = 0; i < 8; i++) name.append((char) ('a' + random.nextInt(26)));
    try (Connection c = connect(LOCAL_SERVER + "postgres", LOCAL_USER); Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE " + name);
    }
    return new BenchDatabase(LOCAL_SERVER + name + "?user=" + LOCAL_USER, LOCAL_USER, name.toString());
  }

  private static Connection connect(String url, String user) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", user);
    p.setProperty("connectTimeout", "5");
    p.setProperty("loginTimeout", "5");
    String password = System.getenv("DREAM_DB_PASSWORD");
    if (password != null && !password.isEmpty()) p.setProperty("password", password);
    return DriverManager.getConnection(url, p);
  }

  /** Where {@link #open} connects, for messages (no password). */
  static String where(String givenUrl) {
    return givenUrl != null ? JournalSchema.redact(givenUrl) : LOCAL_SERVER + " (user " + LOCAL_USER + ")";
  }

  /** The user's database when {@code givenUrl} is not null, else a fresh one on the local server. */
  static BenchDatabase open(String givenUrl) throws SQLException {
    return givenUrl != null ? given(givenUrl) : fresh();
  }

  /** The HOCON settings that put a node's journal in this database. */
  String hocon() {
    return "dream.db.url = " + BenchSupport.quote(url) + "\n"
        + "dream.db.user = " + BenchSupport.quote(user) + "\n"
        + "dream.db.driver = \"org.postgresql.Driver\"\n"
        + "dream.db.profile = \"slick.jdbc.PostgresProfile$\"\n";
  }

  /** Drops the database this class created; the node using it must be stopped first. */
  @Override
  public void close() throws SQLException {
    if (dropName == null) return;
    try (Connection c = connect(LOCAL_SERVER + "postgres", LOCAL_USER); Statement st = c.createStatement()) {
      st.execute("DROP DATABASE IF EXISTS " + dropName + " WITH (FORCE)");
    }
  }
}
