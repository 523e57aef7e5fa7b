package dev.dream.cluster.node;

import dev.dream.trials.TrialExecutor;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * How to start this process's cluster node. {@code host}/{@code port} null: loopback and a free port;
 * {@code join} empty: form a single-node cluster.
 */
public record NodeSettings(
    Path dataDir, List<Path> hoconFiles, String host, Integer port, List<String> join, Set<String> roles,
    TrialExecutor executor, String nodeClass) {

  /** Part of a multi-node cluster: joining one, or started as a node that others join. */
  public boolean clustered() {
    return !join().isEmpty() || port() != null;
  }
}
