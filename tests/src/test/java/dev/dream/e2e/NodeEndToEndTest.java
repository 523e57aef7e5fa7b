package dev.dream.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dream node} in its own JVM, stopped the way a supervisor (systemd, docker stop) stops it. */
class NodeEndToEndTest {
  @TempDir Path work;

  @Test
  void aNodeStoppedBySigtermLeavesTheClusterAndExits130() throws Exception {
    // A runner-only node needs no journal, so this needs no PostgreSQL.
    int port = LocalCluster.freePort();
    DreamProcess node = DreamProcess.start(work, Map.of(), "node", "--roles", "runner", "--port", String.valueOf(port),
        "--data", work.resolve("data").toString());
    try {
      String address = "pekko://Dream@127.0.0.1:" + port;
      LocalCluster.await(node, Pattern.compile("^node " + Pattern.quote(address) + "  roles runner", Pattern.MULTILINE),
          LocalCluster.START_TIMEOUT, "the node to be up");
      DreamProcess.Result stopped = node.stop(120);
      assertEquals(130, stopped.exit(), stopped.output());
      assertTrue(stopped.output().contains("dream: stopping; this node leaves the cluster once its trials in flight are finished"), stopped.output());
      assertTrue(stopped.output().contains("node " + address + " left the cluster"), stopped.output());
      BadInputEndToEndTest.assertNoStackTrace(stopped.output());
    } finally {
      node.kill();
    }
  }
}
