package dev.dream.cluster.http;

import com.typesafe.config.Config;
import dev.dream.cluster.metrics.Metrics;
import dev.dream.cluster.node.InfrastructureException;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.management.javadsl.PekkoManagement;

/**
 * Starts the management endpoint of a node: pekko-management's routes (cluster members, shards, domain
 * events, health) plus Dream's, on {@code pekko.management.http.hostname:port} (127.0.0.1:7626 by default).
 *
 * <p>It binds the routes itself rather than through {@code PekkoManagement.start()} so that, when the port
 * is taken and {@code dream.management.port-in-use = fallback}, it can bind a free port instead: two local
 * nodes then never collide, and each says where it listens.
 */
public final class Management {
  private Management() {}

  /** The bound endpoint, e.g. http://127.0.0.1:7626; empty when {@code dream.management.enabled} is off. */
  public static Optional<URI> startIfEnabled(ActorSystem<?> system, NodeServices services) throws InfrastructureException {
    Config config = system.settings().config();
    if (!config.getBoolean("dream.management.enabled")) return Optional.empty();
    NodeServices.set(system, services);
    Metrics.get(system).observeCluster(system);
    PekkoManagement management = PekkoManagement.get(system.classicSystem());
    var http = management.settings().Http();
    String host = http.EffectiveBindHostname();
    String advertised = http.Hostname(); // what others use; the bind address may be 0.0.0.0 in a container
    int port = http.EffectiveBindPort();
    String inUse = config.getString("dream.management.port-in-use");
    if (!inUse.equals("fallback") && !inUse.equals("fail")) {
      throw new InfrastructureException("dream.management.port-in-use must be fallback or fail, not '" + inUse + "'");
    }
    try {
      // A bind that fails is logged by Pekko's TCP layer as an error with a stack trace; looking first keeps
      // the common case quiet (a port taken in the instant between shows that log, and is still handled).
      boolean fallback = false;
      if (port != 0 && taken(host, port)) {
        if (inUse.equals("fail")) throw new InfrastructureException(inUseMessage(host, port));
        fallback = true;
      }
      ServerBinding binding;
      try {
        binding = bind(system, management, host, fallback ? 0 : port);
      } catch (ExecutionException e) {
        if (port == 0 || fallback || inUse.equals("fail")) throw e;
        fallback = true;
        binding = bind(system, management, host, 0);
      }
      if (fallback) {
        system.log().warn("management port {}:{} is in use; this node's management endpoint is on port {} instead",
            host, port, binding.localAddress().getPort());
      }
      binding.addToCoordinatedShutdown(Duration.ofSeconds(5), system);
      return Optional.of(URI.create("http://" + hostForUri(advertised) + ":" + binding.localAddress().getPort()));
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new InfrastructureException("cannot start the management endpoint on " + host + ":" + port + ": " + cause.getMessage()
          + " (choose another port with --management-port or pekko.management.http.port, or turn it off with dream.management.enabled = off)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InfrastructureException("interrupted while starting the management endpoint");
    }
  }

  private static String inUseMessage(String host, int port) {
    return "the management port " + host + ":" + port + " is in use (another dream node?); choose another with --management-port "
        + "or pekko.management.http.port, 0 for a free one, or turn the endpoint off with dream.management.enabled = off";
  }

  private static ServerBinding bind(ActorSystem<?> system, PekkoManagement management, String host, int port)
      throws ExecutionException, InterruptedException, TimeoutException {
    return Http.get(system).newServerAt(host, port).bind(management.getRoutes()).toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private static boolean taken(String host, int port) {
    try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
      probe.bind(new java.net.InetSocketAddress(host, port));
      return false;
    } catch (java.net.BindException e) {
      return e.getMessage() != null && e.getMessage().contains("in use");
    } catch (java.io.IOException e) {
      return false; // not ours to judge: the real bind reports it
    }
  }

  private static String hostForUri(String host) {
    return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
  }
}
