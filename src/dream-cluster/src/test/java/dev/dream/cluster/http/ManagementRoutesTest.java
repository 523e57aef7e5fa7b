package dev.dream.cluster.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dream.cluster.Fixtures;
import dev.dream.cluster.metrics.PrometheusText;
import dev.dream.cluster.node.DreamNode;
import dev.dream.cluster.node.NodeSettings;
import dev.dream.cluster.run.DomainCoordinator;
import dev.dream.cluster.run.RunRegistry;
import dev.dream.cluster.run.RunSpec;
import dev.dream.core.domain.Caps;
import dev.dream.core.domain.ExecutionSpec;
import dev.dream.core.pack.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The management endpoint of a real single-node DreamNode (H2 journal in a temporary directory, the sim
 * numbers as trials), spoken to over HTTP on the port it bound.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ManagementRoutesTest {
  static final String NODE_CLASS = "class-mgmt";

  PausableSim sim = new PausableSim();
  DreamNode node;
  URI endpoint;
  HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  void start(@TempDir Path data) throws Exception {
    node = DreamNode.start(new NodeSettings(data, List.of(), null, null, List.of(), Set.of(DreamNode.COORDINATOR, DreamNode.RUNNER),
        sim, NODE_CLASS, Map.of("pekko.management.http.port", 0)));
    endpoint = node.managementUri().orElseThrow();
  }

  @AfterAll
  void stop() {
    if (node != null) node.close();
  }

  HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(String path) throws Exception {
    return send(HttpRequest.newBuilder(endpoint.resolve(path)).GET());
  }

  JsonNode getJson(String path) throws Exception {
    HttpResponse<String> r = get(path);
    assertEquals(200, r.statusCode(), path + ": " + r.body());
    assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), path);
    return Json.mapper().readTree(r.body());
  }

  static <T> T eventually(Callable<T> check) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      try {
        return check.call();
      } catch (AssertionError e) {
        if (System.nanoTime() > deadline) throw e;
        Thread.sleep(100);
      }
    }
  }

  @Test
  void bindsLoopbackOnly() {
    assertEquals("127.0.0.1", endpoint.getHost());
  }

  @Test
  void clusterRoutesShowThisNodeUpAndItIsHealthy() throws Exception {
    JsonNode members = getJson("/cluster/members");
    assertEquals(node.address(), members.get("selfNode").asText());
    assertEquals(1, members.get("members").size());
    JsonNode self = members.get("members").get(0);
    assertEquals(node.address(), self.get("node").asText());
    assertEquals("Up", self.get("status").asText());
    List<String> roles = new ArrayList<>();
    self.get("roles").forEach(r -> roles.add(r.asText()));
    assertTrue(roles.containsAll(List.of("coordinator", "runner")), roles.toString());
    assertEquals(node.address(), members.get("leader").asText());
    assertEquals(200, get("/ready").statusCode());
    assertEquals(200, get("/alive").statusCode());
    assertTrue(getJson("/cluster/shards/DomainCoordinator").has("regions"));
  }

  @Test
  void domainEventsStreamTheMembershipAsServerSentEvents() throws Exception {
    HttpResponse<java.util.stream.Stream<String>> r = http.send(
        HttpRequest.newBuilder(endpoint.resolve("/cluster/domain-events?type=MemberUp")).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofLines());
    assertEquals(200, r.statusCode());
    assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"), r.headers().toString());
    try (java.util.stream.Stream<String> lines = r.body()) {
      // The stream starts with the current state as events: this node's MemberUp.
      List<String> event = lines.takeWhile(l -> !l.isEmpty()).toList();
      assertTrue(event.contains("event:MemberUp"), event.toString());
      assertTrue(event.stream().anyMatch(l -> l.startsWith("data:") && l.contains(node.address())), event.toString());
    }
  }

  @Test
  void mutatingRoutesAreRefusedWhileReadOnly() throws Exception {
    String member = endpoint.resolve("/cluster/members/").toString() + node.address().replace("pekko://", "pekko%3A%2F%2F");
    HttpRequest.BodyPublisher leave = HttpRequest.BodyPublishers.ofString("operation=Leave");
    assertEquals(405, send(HttpRequest.newBuilder(URI.create(member)).header("Content-Type", "application/x-www-form-urlencoded").PUT(leave)).statusCode());
    HttpRequest.BodyPublisher down = HttpRequest.BodyPublishers.ofString("operation=Down");
    assertEquals(405, send(HttpRequest.newBuilder(URI.create(member)).header("Content-Type", "application/x-www-form-urlencoded").PUT(down)).statusCode());
    assertEquals(405, send(HttpRequest.newBuilder(URI.create(member)).DELETE()).statusCode());
    assertEquals(MemberStatus.up(), Cluster.get(node.system()).selfMember().status());
  }

  RunSpec register(String runId, String regime) throws Exception {
    RunSpec run = Fixtures.run(runId, NODE_CLASS, 2, 3, new ExecutionSpec(2, 0, 0, 1, 1.5), new Caps.Global(3, 60, 2),
        List.of(Fixtures.regime(regime, 0)));
    node.sharding().entityRefFor(RunRegistry.TYPE_KEY, runId)
        .<StatusReply<RunSpec>>ask(r -> new RunRegistry.Create(run, r), Duration.ofSeconds(20)).toCompletableFuture().get(30, TimeUnit.SECONDS);
    return run;
  }

  DomainCoordinator.Progress askProgress(String runId) throws Exception {
    return node.sharding().entityRefFor(DomainCoordinator.TYPE_KEY, DomainCoordinator.entityId(runId, "sim"))
        .<DomainCoordinator.Progress>ask(DomainCoordinator.GetProgress::new, Duration.ofSeconds(20)).toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  List<PrometheusText.Sample> metrics() throws Exception {
    HttpResponse<String> r = get("/metrics");
    assertEquals(200, r.statusCode());
    assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"), r.headers().toString());
    return PrometheusText.parse(r.body());
  }

  @Test
  void aRunIsFollowedWhileInFlightAndAfterItFinishes() throws Exception {
    String runId = "2025-01-01T00-00-00_rmgmt1";
    RunSpec run = register(runId, "mgmt");
    sim.holdNext(s -> s.runId().equals(runId) && s.candId().startsWith("gen1_"));
    node.sharding().entityRefFor(DomainCoordinator.TYPE_KEY, DomainCoordinator.entityId(runId, "sim"))
        .<StatusReply<Done>>ask(r -> new DomainCoordinator.Start(run, "sim", r), Duration.ofSeconds(20)).toCompletableFuture().get(30, TimeUnit.SECONDS);
    String heldTrial = sim.held.get(60, TimeUnit.SECONDS);

    // In flight: the dispatcher's lease, the run's progress and the gauges all show the held trial.
    JsonNode trials = getJson("/dream/trials");
    assertEquals(1, trials.get("runners").asInt());
    assertEquals(1, trials.get("in_flight").size());
    JsonNode flight = trials.get("in_flight").get(0);
    assertEquals(heldTrial, flight.get("trial_id").asText());
    assertEquals(node.address(), flight.get("node").asText());
    assertEquals(0, flight.get("attempt").asInt());
    assertTrue(flight.get("age_ms").asLong() >= 0);

    JsonNode running = getJson("/dream/runs/" + runId);
    assertEquals("running", running.get("run").get("state").asText());
    assertEquals(runId, running.get("run").get("run_id").asText());
    assertEquals(7, running.get("run").get("seed").asLong());
    JsonNode domain = running.get("domains").get(0);
    assertEquals("sim", domain.get("domain").asText());
    assertEquals("running", domain.get("state").asText());
    assertEquals(node.address(), domain.get("coordinator").asText());
    assertEquals(1, domain.get("generation").asInt());
    assertEquals(2, domain.get("generations").asInt());
    assertEquals(3, domain.get("population").asInt());
    assertEquals("mgmt", domain.get("regimes").get(0).asText());
    assertEquals(2, domain.get("trials_per_candidate").asInt());
    DomainCoordinator.Progress live = askProgress(runId);
    assertEquals(live.bestCandId(), domain.get("best_cand_id").asText());
    assertEquals(live.bestScore(), domain.get("best_score").asDouble());

    List<PrometheusText.Sample> m = metrics();
    assertEquals(1.0, PrometheusText.value(m, "dream_trials_in_flight", Map.of()));
    assertEquals(1.0, PrometheusText.value(m, "dream_trial_runners", Map.of()));
    assertEquals(1.0, PrometheusText.value(m, "dream_cluster_members", Map.of("status", "up")));
    assertEquals(0.0, PrometheusText.value(m, "dream_cluster_members", Map.of("status", "unreachable")));
    assertEquals(1.0, PrometheusText.value(m, "dream_generation", Map.of("run", runId, "domain", "sim")));
    assertEquals(live.bestScore(), PrometheusText.value(m, "dream_best_score", Map.of("run", runId, "domain", "sim")));

    // Finished: the journal's view equals the coordinator's own answer, and every trial is counted.
    sim.releaseHeld();
    JsonNode finished = eventually(() -> {
      JsonNode r = getJson("/dream/runs/" + runId);
      assertEquals("finished", r.get("run").get("state").asText(), r.toString());
      return r;
    });
    JsonNode d = finished.get("domains").get(0);
    DomainCoordinator.Progress end = askProgress(runId);
    assertEquals(end.finished(), d.get("outcome").asText());
    assertEquals("completed", end.finished());
    assertEquals(end.generation(), d.get("generation").asInt());
    assertEquals(end.trialsRecorded(), d.get("trials_recorded").asLong());
    assertEquals(end.bestCandId(), d.get("best_cand_id").asText());
    assertEquals(end.bestScore(), d.get("best_score").asDouble());
    assertTrue(d.get("coordinator").isNull());

    List<PrometheusText.Sample> after = eventually(() -> {
      List<PrometheusText.Sample> s = metrics();
      assertNull(PrometheusText.value(s, "dream_generation", Map.of("run", runId, "domain", "sim")), "gone once the coordinator stops");
      return s;
    });
    Map<String, String> trialLabels = Map.of("domain", "sim", "regime", "mgmt", "outcome", "ok");
    assertEquals(sim.executed.get(), PrometheusText.value(after, "dream_trials_total", trialLabels).intValue());
    assertEquals(end.trialsRecorded(), PrometheusText.value(after, "dream_trials_total", trialLabels).longValue());
    assertEquals(sim.executed.get(), PrometheusText.value(after, "dream_trial_duration_seconds_count", Map.of("domain", "sim", "regime", "mgmt")).intValue());
    assertTrue(PrometheusText.value(after, "dream_journal_write_seconds_count", Map.of()) >= 1);
    assertEquals(0.0, PrometheusText.value(after, "dream_trials_in_flight", Map.of()));

    JsonNode runs = getJson("/dream/runs");
    JsonNode listed = null;
    for (JsonNode r : runs.get("runs")) if (r.get("run_id").asText().equals(runId)) listed = r;
    assertNotNull(listed, runs.toString());
    assertEquals("finished", listed.get("state").asText());
    assertEquals("sim", listed.get("domains").get(0).asText());
    assertEquals(NODE_CLASS, listed.get("node_class").asText());

    JsonNode baselines = getJson("/dream/baselines/sim");
    assertEquals("baselines.v2", baselines.get("schema").asText());
    JsonNode normal = baselines.get("sim").get("mgmt");
    assertEquals(NODE_CLASS, normal.get("node_class").asText());
    assertTrue(normal.get("kpis").has("perf"));
    assertEquals("baselines.v2", getJson("/dream/baselines/sim?node_class=another").get("schema").asText());
    assertEquals(1, getJson("/dream/baselines/sim?node_class=another").size(), "no baselines for another node class");
  }

  @Test
  void lookingAtARunStartsNothing() throws Exception {
    String runId = "2025-01-01T00-00-00_rlook1";
    register(runId, "look");
    JsonNode r = getJson("/dream/runs/" + runId);
    assertEquals("not started", r.get("run").get("state").asText());
    assertEquals("not started", r.get("domains").get(0).get("state").asText());
    ShardedEntities.Alive alive = ShardedEntities.alive(node.system(), DomainCoordinator.TYPE_KEY.name(), DreamNode.COORDINATOR,
        Duration.ofSeconds(10)).toCompletableFuture().get(20, TimeUnit.SECONDS);
    assertTrue(alive.complete());
    assertTrue(!alive.where().containsKey(DomainCoordinator.entityId(runId, "sim")), "no coordinator was woken: " + alive);
  }

  @Test
  void anUnknownRunIsNotFound() throws Exception {
    HttpResponse<String> r = get("/dream/runs/no-such-run");
    assertEquals(404, r.statusCode());
    assertTrue(Json.mapper().readTree(r.body()).get("error").asText().contains("no-such-run"), r.body());
  }
}
