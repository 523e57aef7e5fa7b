package dev.dream.cluster.node;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * Checks that the journal database answers and creates pekko-persistence-jdbc's tables when they are
 * missing (the scripts under resources/schema/ are the plugin's own, made re-runnable), so that neither H2
 * nor PostgreSQL needs a manual step.
 */
public final class JournalSchema {
  private JournalSchema() {}

  public static void ensure(String url, String user, String password) throws InfrastructureException {
    Properties props = new Properties();
    if (user != null && !user.isEmpty()) props.setProperty("user", user);
    if (password != null && !password.isEmpty()) props.setProperty("password", password);
    if (url.startsWith("jdbc:postgresql:")) {
      props.setProperty("connectTimeout", "5");
      props.setProperty("loginTimeout", "5");
    }
    DriverManager.setLoginTimeout(5);
    try (Connection c = DriverManager.getConnection(url, props)) {
      if (tableExists(c, "event_journal")) return;
      String script = url.startsWith("jdbc:postgresql:") ? "schema/postgres.sql" : "schema/h2.sql";
      try (Statement st = c.createStatement()) {
        for (String sql : load(script).split(";")) {
          if (!sql.isBlank()) st.execute(sql);
        }
      }
    } catch (SQLException e) {
      throw new InfrastructureException("journal database unavailable at " + redact(url) + ": " + e.getMessage(), e);
    }
  }

  private static boolean tableExists(Connection c, String table) throws SQLException {
    try (ResultSet rs = c.getMetaData().getTables(null, null, table, null)) {
      return rs.next();
    }
  }

  private static String load(String resource) {
    try (InputStream in = JournalSchema.class.getClassLoader().getResourceAsStream(resource)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code url} with any password in it replaced by ***, for messages. */
  public static String redact(String url) {
    return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
  }
}
