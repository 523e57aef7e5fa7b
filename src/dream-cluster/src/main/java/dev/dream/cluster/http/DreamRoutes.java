package dev.dream.cluster.http;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.dream.cluster.metrics.Metrics;
import dev.dream.core.pack.Json;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.management.javadsl.ManagementRouteProvider;
import org.apache.pekko.management.javadsl.ManagementRouteProviderSettings;

/**
 * Dream's routes on the management endpoint, next to pekko-management's /cluster and health routes:
 * GET /dream/runs, /dream/runs/{runId}, /dream/baselines/{domain}[?node_class=..], /dream/trials (JSON),
 * and GET /metrics (Prometheus text). All read-only. Registered by {@code pekko.management.http.routes.dream}.
 */
public final class DreamRoutes extends AllDirectives implements ManagementRouteProvider {
  private static final ContentType PROMETHEUS_TEXT = ContentTypes.parse(Metrics.CONTENT_TYPE);

  private final ActorSystem<?> system;

  public DreamRoutes(ExtendedActorSystem system) {
    this.system = Adapter.toTyped(system);
  }

  @Override
  public Route routes(ManagementRouteProviderSettings settings) {
    Duration timeout = system.settings().config().getDuration("dream.management.ask-timeout");
    return concat(
        path("metrics", () -> get(() -> complete(HttpResponse.create().withEntity(PROMETHEUS_TEXT, Metrics.get(system).scrape().getBytes(java.nio.charset.StandardCharsets.UTF_8))))),
        pathPrefix("dream", () -> {
          RunQueries q = new RunQueries(system, NodeServices.of(system), timeout);
          return concat(
              path("runs", () -> get(() -> json(q.runs()))),
              path(segment("runs").slash(segment()), runId -> get(() -> completeWithFuture(q.run(runId).thenApply(r -> r.isPresent()
                  ? ok(r.get())
                  : response(StatusCodes.NOT_FOUND, new Views.Error("no run " + runId + " in the journal; dream ctl runs lists them")))
                  .exceptionally(DreamRoutes::failure)))),
              path(segment("baselines").slash(segment()), domain -> get(() -> parameterOptional("node_class", nc ->
                  completeWithFuture(q.baselines(domain, nc).thenApply(f -> response(StatusCodes.OK, f.toJson()))
                      .exceptionally(DreamRoutes::failure))))),
              path("trials", () -> get(() -> json(q.trials()))));
        }));
  }

  private Route json(CompletionStage<?> value) {
    return completeWithFuture(value.<HttpResponse>thenApply(DreamRoutes::ok).exceptionally(DreamRoutes::failure));
  }

  private static HttpResponse ok(Object value) {
    return response(StatusCodes.OK, value);
  }

  private static HttpResponse response(StatusCode status, Object value) {
    try {
      return HttpResponse.create().withStatus(status)
          .withEntity(ContentTypes.APPLICATION_JSON, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(value) + "\n");
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
    }
  }

  /** A part of the cluster that did not answer in time is 503 (try again); anything else is 500. */
  private static HttpResponse failure(Throwable t) {
    Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    boolean timedOut = cause instanceof TimeoutException || cause.getClass().getSimpleName().contains("Timeout");
    return response(timedOut ? StatusCodes.SERVICE_UNAVAILABLE : StatusCodes.INTERNAL_SERVER_ERROR,
        new Views.Error((timedOut ? "the cluster did not answer in time: " : "") + cause));
  }
}
