package dev.dream.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dream.core.pack.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * {@code dream ctl}'s side of a node's management endpoint. Every way of not getting an answer becomes a
 * {@link CommandFailure} with the contract's status: 3 when the endpoint or the cluster behind it does not
 * answer, 2 when the request itself is wrong (an unknown run or member, a refused change).
 */
final class CtlClient {
  /** Reads what a newer node may add without failing. */
  static final ObjectMapper LENIENT = Json.mapper().copy().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  static final String READ_ONLY = "the node at %s refuses changes: its management routes are read-only. To allow leave and down, "
      + "start that node with pekko.management.http.route-providers-read-only = false in a --hocon file (and keep "
      + "pekko.management.http.hostname on loopback or behind a firewall: the routes have no authentication)";

  private final URI endpoint;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  CtlClient(URI endpoint) {
    this.endpoint = endpoint;
  }

  URI endpoint() {
    return endpoint;
  }

  /** The body of a GET answered with 200. */
  String get(String path) {
    return expectOk(send(HttpRequest.newBuilder(uri(path)).GET()), path);
  }

  JsonNode getJson(String path) {
    return readTree(get(path));
  }

  <T> T getJson(String path, Class<T> type) {
    try {
      return LENIENT.readValue(get(path), type);
    } catch (IOException e) {
      throw new CommandFailure(ExitCodes.INFRASTRUCTURE, endpoint + path + " answered something that is not a Dream " + type.getSimpleName() + ": " + e.getMessage());
    }
  }

  /** PUT /cluster/members/{node} with {@code operation}; the node's message on success. */
  String memberOperation(String node, String operation) {
    // The routes match a member by its full address or by system@host:port.
    if (!node.contains("://")) node = "pekko://" + (node.contains("@") ? node : "Dream@" + node);
    String path = "/cluster/members/" + URLEncoder.encode(node, StandardCharsets.UTF_8);
    HttpResponse<String> r = send(HttpRequest.newBuilder(uri(path))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .PUT(HttpRequest.BodyPublishers.ofString("operation=" + operation)));
    if (r.statusCode() == 405) throw new CommandFailure(ExitCodes.USAGE, String.format(READ_ONLY, endpoint));
    if (r.statusCode() == 404) throw new CommandFailure(ExitCodes.USAGE, "no member " + node + " in the cluster; dream ctl members lists them");
    JsonNode body = readTree(expectOk(r, path));
    return body.path("message").asText(body.toString());
  }

  private URI uri(String path) {
    return URI.create(endpoint.toString().replaceAll("/+$", "") + path);
  }

  private HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      String why = e instanceof java.net.ConnectException ? "connection refused"
          : e instanceof java.net.http.HttpTimeoutException ? "no answer in time"
          : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      throw new CommandFailure(ExitCodes.INFRASTRUCTURE, "cannot reach the management endpoint " + endpoint + " (" + why
          + "); is a dream node or dream run running there? Name another with --endpoint URL", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CommandFailure(ExitCodes.INTERRUPTED, "interrupted");
    }
  }

  private String expectOk(HttpResponse<String> r, String path) {
    if (r.statusCode() == 200) return r.body();
    String error = errorOf(r.body());
    if (r.statusCode() == 404) {
      throw new CommandFailure(ExitCodes.USAGE, error != null ? error : endpoint + path + " does not exist (is this a Dream node?)");
    }
    throw new CommandFailure(ExitCodes.INFRASTRUCTURE, endpoint + path + " answered " + r.statusCode() + (error != null ? ": " + error : ""));
  }

  private static String errorOf(String body) {
    try {
      JsonNode n = LENIENT.readTree(body);
      return n != null && n.hasNonNull("error") ? n.get("error").asText() : null;
    } catch (IOException e) {
      return null;
    }
  }

  private JsonNode readTree(String body) {
    try {
      return LENIENT.readTree(body);
    } catch (IOException e) {
      throw new CommandFailure(ExitCodes.INFRASTRUCTURE, endpoint + " answered something that is not JSON: " + e.getMessage());
    }
  }

  /** Pretty JSON for --json. */
  static String pretty(String body) {
    try {
      return LENIENT.writerWithDefaultPrettyPrinter().writeValueAsString(LENIENT.readTree(body));
    } catch (IOException e) {
      return body;
    }
  }
}
