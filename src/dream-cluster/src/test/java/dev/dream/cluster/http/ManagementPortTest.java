package dev.dream.cluster.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.dream.cluster.TestSystems;
import dev.dream.cluster.node.InfrastructureException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.Test;

/** Where the endpoint binds: loopback, the configured port, and what happens when that port is taken. */
class ManagementPortTest {
  static ActorTestKit kit(String settings) {
    return ActorTestKit.create("ManagementPortTest", ConfigFactory.parseString(settings).withFallback(TestSystems.clusterInMemory()));
  }

  @Test
  void aTakenPortFallsBackToAFreeOneByDefault() throws Exception {
    try (ServerSocket other = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      ActorTestKit kit = kit("pekko.management.http.port = " + other.getLocalPort());
      try {
        URI uri = Management.startIfEnabled(kit.system(), new NodeServices(null, "c")).orElseThrow();
        assertEquals("127.0.0.1", uri.getHost());
        assertNotEquals(other.getLocalPort(), uri.getPort());
        HttpResponse<String> alive = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri.resolve("/alive")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, alive.statusCode());
      } finally {
        kit.shutdownTestKit();
      }
    }
  }

  @Test
  void aTakenPortIsAnErrorWhenThePortWasChosen() throws Exception {
    try (ServerSocket other = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      ActorTestKit kit = kit("pekko.management.http.port = " + other.getLocalPort() + "\ndream.management.port-in-use = fail");
      try {
        InfrastructureException e = assertThrows(InfrastructureException.class,
            () -> Management.startIfEnabled(kit.system(), new NodeServices(null, "c")));
        assertTrue(e.getMessage().contains("127.0.0.1:" + other.getLocalPort() + " is in use"), e.getMessage());
        assertTrue(e.getMessage().contains("--management-port"), e.getMessage());
      } finally {
        kit.shutdownTestKit();
      }
    }
  }

  @Test
  void offMeansNoEndpoint() {
    ActorTestKit kit = kit("dream.management.enabled = off");
    try {
      assertEquals(Optional.empty(), Management.startIfEnabled(kit.system(), new NodeServices(null, "c")));
    } catch (InfrastructureException e) {
      throw new AssertionError(e);
    } finally {
      kit.shutdownTestKit();
    }
  }
}
