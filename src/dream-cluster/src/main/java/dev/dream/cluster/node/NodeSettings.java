package dev.dream.cluster.node;

import dev.dream.trials.TrialExecutor;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How to start this process's cluster node. {@code host}/{@code port} null: loopback and a free port;
 * {@code join} empty: form a single-node cluster.
 */
public record NodeSettings(
    Path dataDir, List<Path> hoconFiles, String host, Integer port, List<String> join, Set<String> roles,
    TrialExecutor executor, String nodeClass, Map<String, Object> overrides) {

  /** {@code overrides}: settings given on the command line (e.g. --management-port), above the --hocon files. */
  public NodeSettings {
    overrides = Map.copyOf(overrides);
  }

  public NodeSettings(
      Path dataDir, List<Path> hoconFiles, String host, Integer port, List<String> join, Set<String> roles,
      TrialExecutor executor, String nodeClass) {
    this(dataDir, hoconFiles, host, port, join, roles, executor, nodeClass, Map.of());
  }

  /** Part of a multi-node cluster: joining one, or started as a node that others join. */
  public boolean clustered() {
    return !join().isEmpty() || port() != null;
  }
}
