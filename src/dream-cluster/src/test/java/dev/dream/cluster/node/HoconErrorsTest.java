package dev.dream.cluster.node;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A --hocon file that cannot be used stops the node with its file and line, not with a stack trace. */
class HoconErrorsTest {
  @TempDir Path tmp;

  private InfrastructureException refused(String hocon) throws Exception {
    Path f = tmp.resolve("bad.conf");
    Files.writeString(f, hocon);
    NodeSettings s = new NodeSettings(tmp.resolve("data"), List.of(f), null, null, List.of(), Set.of("runner"), null, "test");
    return assertThrows(InfrastructureException.class, () -> NodeConfig.build(s, Map.of()));
  }

  @Test
  void anEnvironmentVariableThatIsNotSetIsNamedWithItsFileAndLine() throws Exception {
    String message = refused("# TLS\npekko.remote.artery.ssl.config-ssl-engine.key-store = ${DREAM_TEST_UNSET_VARIABLE_42}\n").getMessage();
    assertTrue(message.contains("bad.conf: 2") && message.contains("DREAM_TEST_UNSET_VARIABLE_42"), message);
  }

  @Test
  void aSyntaxErrorIsNamedWithItsFileAndLine() throws Exception {
    String message = refused("pekko {\n  cluster.roles = [\n").getMessage();
    assertTrue(message.contains("bad.conf: 3") || message.contains("bad.conf: 2"), message);
  }
}
