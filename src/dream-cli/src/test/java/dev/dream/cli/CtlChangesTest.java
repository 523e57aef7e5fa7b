package dev.dream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dream.cluster.node.DreamNode;
import dev.dream.cluster.node.NodeSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dream ctl leave|down} against a node whose management routes allow changes. */
class CtlChangesTest {
  @Test
  void leaveMakesTheMemberLeaveAndAnUnknownMemberIsBadUsage(@TempDir Path data) throws Exception {
    try (DreamNode node = DreamNode.start(new NodeSettings(data, List.of(), null, null, List.of(), Set.of(DreamNode.COORDINATOR), null,
        "class-ctl", Map.of("pekko.management.http.port", 0, "pekko.management.http.route-providers-read-only", false)))) {
      String endpoint = node.managementUri().orElseThrow().toString();

      Cli unknown = Cli.run("ctl", "down", "127.0.0.1:1", "--endpoint", endpoint);
      assertEquals(ExitCodes.USAGE, unknown.exitCode());
      assertTrue(unknown.err().contains("no member pekko://Dream@127.0.0.1:1 in the cluster"), unknown.err());

      String hostPort = node.address().substring(node.address().indexOf('@') + 1);
      Cli leave = Cli.run("ctl", "leave", hostPort, "--endpoint", endpoint);
      assertEquals(ExitCodes.OK, leave.exitCode(), leave.err());
      assertEquals("Leaving " + node.address(), leave.out().strip());
      // A single node that leaves goes to Removed and its actor system shuts down.
      node.system().getWhenTerminated().toCompletableFuture().get(60, TimeUnit.SECONDS);
      assertEquals(MemberStatus.removed(), Cluster.get(node.system()).selfMember().status());
    }
  }
}
