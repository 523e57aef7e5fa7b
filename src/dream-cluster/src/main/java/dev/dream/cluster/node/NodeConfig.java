package dev.dream.cluster.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Layers a node's configuration: explicit command-line options, then the --hocon files (later files win),
 * then what follows from --data (the H2 journal under it, or DREAM_DB_URL), then dream-defaults.conf and
 * Pekko's reference.conf.
 */
public final class NodeConfig {
  private NodeConfig() {}

  public static Config build(NodeSettings s, Map<String, String> env) throws InfrastructureException {
    Map<String, Object> options = new HashMap<>(s.overrides());
    if (s.host() != null) options.put("pekko.remote.artery.canonical.hostname", s.host());
    if (s.port() != null) options.put("pekko.remote.artery.canonical.port", s.port());
    if (!s.join().isEmpty()) {
      List<String> seeds = new ArrayList<>();
      for (String hp : s.join()) seeds.add(hp.startsWith("pekko://") ? hp : "pekko://Dream@" + hp);
      options.put("pekko.cluster.seed-nodes", seeds);
    }
    options.put("pekko.cluster.roles", new ArrayList<>(s.roles()));

    Config config = ConfigFactory.parseMap(options);
    List<Path> files = new ArrayList<>(s.hoconFiles());
    java.util.Collections.reverse(files);
    try {
      for (Path f : files) {
        if (!Files.isRegularFile(f)) throw new InfrastructureException("--hocon " + f + ": no such file");
        config = config.withFallback(ConfigFactory.parseFile(f.toFile()));
      }
      config = config.withFallback(ConfigFactory.parseMap(fromData(s.dataDir(), env)));
      return config
          .withFallback(ConfigFactory.parseResources("dream-defaults.conf"))
          .withFallback(ConfigFactory.defaultReference())
          .resolve();
    } catch (com.typesafe.config.ConfigException e) {
      // Names file and line, e.g. "hocon/tls.conf: 23: Could not resolve substitution to a value: ${DREAM_TLS_TRUSTSTORE}"
      // when an environment variable that file needs is not set.
      throw new InfrastructureException("--hocon: " + e.getMessage(), e);
    }
  }

  static Map<String, Object> fromData(Path dataDir, Map<String, String> env) {
    Map<String, Object> m = new HashMap<>();
    m.put("dream.data-dir", dataDir.toString());
    String pg = env.get("DREAM_DB_URL");
    if (pg != null && !pg.isBlank()) {
      m.put("dream.db.url", pg);
      m.put("dream.db.driver", "org.postgresql.Driver");
      m.put("dream.db.profile", "slick.jdbc.PostgresProfile$");
      java.util.regex.Matcher user = java.util.regex.Pattern.compile("[?&]user=([^&]+)").matcher(pg);
      m.put("dream.db.user", user.find() ? user.group(1) : env.getOrDefault("USER", "postgres"));
    } else {
      // WRITE_DELAY=0: H2 otherwise writes a commit up to half a second later, and a process killed in that
      // window would lose events its actors were told were persisted.
      m.put("dream.db.url", "jdbc:h2:file:" + dataDir.resolve("journal").resolve("dream")
          + ";DATABASE_TO_UPPER=false;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0");
    }
    return m;
  }
}
