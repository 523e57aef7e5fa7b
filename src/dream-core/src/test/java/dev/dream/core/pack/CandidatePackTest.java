package dev.dream.core.pack;

import static dev.dream.core.pack.PackFixtures.pack;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CandidatePackTest {
  static List<String> keys(JsonNode n) {
    List<String> out = new ArrayList<>();
    n.fieldNames().forEachRemaining(out::add);
    return out;
  }

  static List<String> validate(JsonNode n) {
    return SchemaValidator.validate(SchemaValidator.CANDIDATE_PACK, n);
  }

  @Test
  void aScoredPackHasTheContractFieldsInOrderAndValidates() {
    CandidatePack p = pack(false, true);
    JsonNode json = Json.parse(Json.pretty(p));
    assertEquals(List.of(), validate(json));
    assertEquals(List.of("schema", "run_id", "domain", "cand_id", "generation", "genome", "node_class", "regimes",
        "aggregate", "safe", "risk_profile", "kpis_unavailable", "unavailable_reasons", "created_at_utc"), keys(json));
    JsonNode idle = json.get("regimes").get(0);
    assertEquals(List.of("regime", "trials", "trials_failed", "kpis", "baseline", "delta", "ci95", "ci_method", "safe",
        "cap_breaches", "unavailable_reasons"), keys(idle));
    assertEquals(0, idle.get("unavailable_reasons").size());
    assertEquals(List.of("means", "score_v2", "score_ci95", "improves_over_baseline"), keys(json.get("aggregate")));
    assertEquals("candidate_pack.v2", json.get("schema").asText());
    assertEquals("2025-10-08T15:52:17Z", json.get("created_at_utc").asText());
    assertEquals(1, idle.get("trials_failed").asInt());
    assertEquals("student-t", idle.get("ci_method").asText());
    assertEquals(List.of("perf", "p95_ms", "watts", "baseline_id"), keys(idle.get("baseline")));
    assertEquals("sim_idle_2025-10-08T15-46-00Z", idle.get("baseline").get("baseline_id").asText());
    assertEquals(600 - 500.0, idle.get("delta").get("perf").get(0).asDouble(), 1e-9);
    assertEquals(2, idle.get("ci95").get("perf").size());
    assertTrue(json.get("aggregate").get("score_v2").isNumber());
    assertTrue(json.get("aggregate").get("means").get("perf").has("overall"));
    assertEquals(12, json.get("genome").get("threads").asInt());
  }

  @Test
  void packsReadBackEqual() {
    CandidatePack p = pack(false, true);
    assertEquals(p, Json.read(Json.pretty(p), CandidatePack.class));
    CandidatePack unsafe = pack(true, true);
    assertEquals(unsafe, Json.read(Json.compact(unsafe), CandidatePack.class));
  }

  @Test
  void anUnsafePackHasNullScoreAndValidates() {
    JsonNode json = Json.tree(pack(true, true));
    assertEquals(List.of(), validate(json));
    assertFalse(json.get("safe").asBoolean());
    assertTrue(json.get("aggregate").get("score_v2").isNull());
    assertTrue(json.get("aggregate").get("score_ci95").isNull());
    JsonNode breach = json.get("regimes").get(1).get("cap_breaches").get(0);
    assertEquals(List.of("regime", "trial", "kpi", "value", "limit", "bound", "at_s"), keys(breach));
    assertFalse(json.get("regimes").get(1).get("safe").asBoolean());
  }

  @Test
  void aPackWithoutBaselinesValidates() {
    JsonNode json = Json.tree(pack(false, false));
    assertEquals(List.of(), validate(json));
    assertTrue(json.get("regimes").get(0).get("baseline").isNull());
    assertTrue(json.get("regimes").get(0).get("delta").isNull());
  }

  @Test
  void aMissingFieldFailsValidation() {
    ObjectNode json = (ObjectNode) Json.tree(pack(false, true));
    json.remove("created_at_utc");
    List<String> errors = validate(json);
    assertEquals(1, errors.size(), errors.toString());
    assertTrue(errors.get(0).contains("created_at_utc"), errors.toString());
    ObjectNode regime = (ObjectNode) Json.tree(pack(false, true));
    ((ObjectNode) regime.get("regimes").get(0)).remove("ci_method");
    assertTrue(validate(regime).stream().anyMatch(e -> e.contains("ci_method")), validate(regime).toString());
    ObjectNode reasons = (ObjectNode) Json.tree(pack(false, true));
    ((ObjectNode) reasons.get("regimes").get(0)).remove("unavailable_reasons");
    assertTrue(validate(reasons).stream().anyMatch(e -> e.contains("unavailable_reasons")), validate(reasons).toString());
    ObjectNode blankReason = (ObjectNode) Json.tree(pack(false, true));
    ((ObjectNode) blankReason.get("regimes").get(0).get("unavailable_reasons")).put("p95_ms", "");
    assertFalse(validate(blankReason).isEmpty());
  }

  @Test
  void aNaNFailsBothTheWriterAndTheValidator() {
    ObjectNode json = (ObjectNode) Json.tree(pack(false, true));
    ((ArrayNode) json.get("regimes").get(0).get("kpis").get("perf")).set(1, DoubleNode.valueOf(Double.NaN));
    List<String> errors = validate(json);
    assertTrue(errors.stream().anyMatch(e -> e.contains("$.regimes[0].kpis.perf[1]") && e.contains("NaN")), errors.toString());

    CandidatePack p = pack(false, true);
    CandidatePack withNaN = new CandidatePack(p.schema(), p.runId(), p.domain(), p.candId(), p.generation(), p.genome(),
        p.nodeClass(), p.regimes(), p.aggregate(), p.safe(), Map.of("perf", Double.NEGATIVE_INFINITY), p.kpisUnavailable(),
        p.unavailableReasons(), p.createdAtUtc());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.compact(withNaN));
    assertTrue(e.getMessage().contains("/risk_profile/perf"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Json.read(Json.compact(p).replace("\"generation\":3", "\"generation\":NaN"), CandidatePack.class));
  }

  @Test
  void unknownFieldsAndInconsistentVerdictsFail() {
    ObjectNode extra = (ObjectNode) Json.tree(pack(false, true));
    extra.put("fitness", 1.0);
    assertFalse(validate(extra).isEmpty());
    assertThrows(IllegalArgumentException.class, () -> Json.read(Json.compact(extra), CandidatePack.class));

    ObjectNode unsafeWithScore = (ObjectNode) Json.tree(pack(true, true));
    ((ObjectNode) unsafeWithScore.get("aggregate")).put("score_v2", 0.3);
    assertFalse(validate(unsafeWithScore).isEmpty());

    ObjectNode badRunId = (ObjectNode) Json.tree(pack(false, true));
    badRunId.put("run_id", "2025-10-08T10-55-17_r317");
    assertFalse(validate(badRunId).isEmpty());
  }

  @Test
  void theSchemaRejectsAHeldKnobWhereAKpiBelongs() {
    ObjectNode listed = (ObjectNode) Json.tree(pack(false, true));
    ((ArrayNode) listed.get("kpis_unavailable")).add("knob:governor");
    assertFalse(validate(listed).isEmpty());
    ObjectNode risk = (ObjectNode) Json.tree(pack(false, true));
    ((ObjectNode) risk.get("risk_profile")).put("knob:governor", 1.0);
    assertFalse(validate(risk).isEmpty());
    ObjectNode regimeValues = (ObjectNode) Json.tree(pack(false, true));
    ((ObjectNode) regimeValues.get("regimes").get(0).get("kpis")).putArray("knob:governor").add(1.0);
    assertFalse(validate(regimeValues).isEmpty());
    ObjectNode reason = (ObjectNode) Json.tree(pack(false, true));
    ((ObjectNode) reason.get("unavailable_reasons")).put("knob:governor", "idle: held at stock");
    ((ObjectNode) reason.get("regimes").get(0).get("unavailable_reasons")).put("knob:governor", "held at stock");
    assertEquals(List.of(), validate(reason));
  }

  @Test
  void thePackPathIsRelativeToTheRunDirectory() {
    assertEquals("candidates/sim/gen3_c4.json", pack(false, true).relativePath());
  }

  /** The fixture's evidence without watts, each regime with the unavailable map {@code unavailable} gives it. */
  static List<dev.dream.core.score.RegimeEvidence> withoutWatts(
      java.util.function.Function<String, Map<String, String>> unavailable) {
    List<dev.dream.core.score.RegimeEvidence> ev = new ArrayList<>();
    for (dev.dream.core.score.RegimeEvidence e : PackFixtures.evidence(false, true)) {
      java.util.Map<String, List<Double>> kpis = new java.util.LinkedHashMap<>(e.kpis());
      kpis.remove("watts");
      ev.add(new dev.dream.core.score.RegimeEvidence(e.regime(), e.weight(), e.trials(), e.trialsFailed(), kpis, e.baseline(),
          e.safe(), e.capBreaches(), unavailable.apply(e.regime())));
    }
    return ev;
  }

  static CandidatePack assessed(List<dev.dream.core.score.RegimeEvidence> ev) {
    var a = dev.dream.core.score.Scorer.assess(PackFixtures.domain(), dev.dream.core.domain.Caps.Tolerance.DEFAULT, ev,
        dev.dream.core.stats.CiOptions.DEFAULT, 1, "gen3_c4");
    return CandidatePack.of(PackFixtures.RUN_ID, "sim", "gen3_c4", 3, PackFixtures.genome(), "nc", ev, a, PackFixtures.AT);
  }

  @Test
  void aPackSaysWhyAKpiWasNotMeasuredAndWhichKnobsWereHeld() {
    CandidatePack p = assessed(withoutWatts(regime -> regime.equals("idle")
        ? Map.of("watts", "no RAPL powercap zone under /sys/class/powercap", "knob:governor", "held at stock")
        : Map.of()));
    assertEquals(List.of("watts"), p.kpisUnavailable());
    assertEquals("idle: no RAPL powercap zone under /sys/class/powercap", p.unavailableReasons().get("watts"));
    assertEquals("idle: held at stock", p.unavailableReasons().get("knob:governor"));
    assertTrue(validate(Json.tree(p)).isEmpty(), validate(Json.tree(p)).toString());
    assertEquals(Map.of("watts", "no RAPL powercap zone under /sys/class/powercap", "knob:governor", "held at stock"),
        p.regimes().get(0).unavailableReasons());
    assertEquals(Map.of("watts", "no value in any successful trial"), p.regimes().get(1).unavailableReasons());
  }

  /**
   * Held knobs are not KPIs: in a run without --allow-system-changes every regime holds the same knobs, and
   * they must not turn up as KPIs the node cannot measure, nor in any map keyed by KPI.
   */
  @Test
  void knobsHeldAtStockInEveryRegimeAreReasonsButNeverKpis() {
    List<dev.dream.core.score.RegimeEvidence> ev = withoutWatts(regime -> Map.of(
        "watts", "no RAPL powercap zone under /sys/class/powercap", "knob:governor", "held at stock", "knob:smt", "held at stock"));
    var a = dev.dream.core.score.Scorer.assess(PackFixtures.domain(), dev.dream.core.domain.Caps.Tolerance.DEFAULT, ev,
        dev.dream.core.stats.CiOptions.DEFAULT, 1, "gen3_c4");
    CandidatePack p = assessed(ev);
    assertEquals(List.of("watts"), p.kpisUnavailable());
    assertEquals("idle: held at stock", p.unavailableReasons().get("knob:governor"));
    assertEquals("idle: held at stock", p.unavailableReasons().get("knob:smt"));
    for (PackRegime r : p.regimes()) {
      assertEquals("held at stock", r.unavailableReasons().get("knob:smt"), r.regime());
      for (Map<String, ?> kpiKeyed : List.of(r.kpis(), r.ci95(), r.delta()))
        assertTrue(kpiKeyed.keySet().stream().noneMatch(k -> k.startsWith("knob:")), r.regime() + ": " + kpiKeyed);
    }
    assertTrue(p.riskProfile().keySet().stream().noneMatch(k -> k.startsWith("knob:")), p.riskProfile().toString());
    assertTrue(p.aggregate().means().keySet().stream().noneMatch(k -> k.startsWith("knob:")), p.aggregate().means().toString());
    assertTrue(a.notes().stream().noneMatch(n -> n.contains("knob:")), a.notes().toString());
    assertTrue(p.aggregate().scoreV2() != null, a.notes().toString());
    assertEquals(List.of(), validate(Json.tree(p)));
  }

  /** The stress regime runs a tool without request latency: its baseline has no p95 either. */
  @Test
  void aPackSaysWhichRegimeLackedAKpiThatOtherRegimesScore() {
    List<dev.dream.core.score.RegimeEvidence> ev = new ArrayList<>();
    for (dev.dream.core.score.RegimeEvidence e : PackFixtures.evidence(false, true)) {
      if (e.regime().equals("idle")) {
        ev.add(e);
        continue;
      }
      java.util.Map<String, List<Double>> kpis = new java.util.LinkedHashMap<>(e.kpis());
      java.util.Map<String, List<Double>> base = new java.util.LinkedHashMap<>(e.baseline().trials());
      kpis.remove("p95_ms");
      base.remove("p95_ms");
      ev.add(new dev.dream.core.score.RegimeEvidence(e.regime(), e.weight(), e.trials(), e.trialsFailed(), kpis,
          dev.dream.core.score.Baseline.ofTrials(e.baseline().baselineId(), base), e.safe(), e.capBreaches(),
          java.util.Map.of("p95_ms", "iperf3 measures throughput, not the latency of requests")));
    }
    var a = dev.dream.core.score.Scorer.assess(PackFixtures.domain(), dev.dream.core.domain.Caps.Tolerance.DEFAULT, ev,
        dev.dream.core.stats.CiOptions.DEFAULT, 1, "gen3_c4");
    CandidatePack p = CandidatePack.of(PackFixtures.RUN_ID, "sim", "gen3_c4", 3, PackFixtures.genome(), "nc", ev, a, PackFixtures.AT);
    JsonNode json = Json.tree(p);
    assertEquals(List.of(), validate(json));
    assertEquals(0, json.get("kpis_unavailable").size());
    assertEquals(0, json.get("regimes").get(0).get("unavailable_reasons").size());
    assertEquals("iperf3 measures throughput, not the latency of requests",
        json.get("regimes").get(1).get("unavailable_reasons").get("p95_ms").asText());
    assertEquals("stress: iperf3 measures throughput, not the latency of requests", p.unavailableReasons().get("p95_ms"));
    assertTrue(json.get("aggregate").get("score_v2").isNumber());
    assertEquals(p, Json.read(Json.pretty(p), CandidatePack.class));
  }
}
