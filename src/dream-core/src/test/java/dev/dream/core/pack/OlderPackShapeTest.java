package dev.dream.core.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Packs are kept inside journal events, so a resumed run or {@code dream report} reads packs written by
 * older builds: before unavailable_reasons existed, or with it only at the top level, and with held knobs
 * (knob:&lt;name&gt;) in kpis_unavailable. What is read back must be written out as a valid pack.
 */
class OlderPackShapeTest {
  static final String NO_RAPL = "no RAPL powercap zone under /sys/class/powercap";

  /** This build's pack of a node without RAPL that held the governor at stock in every regime. */
  static ObjectNode current() {
    return (ObjectNode) Json.tree(CandidatePackTest.assessed(CandidatePackTest.withoutWatts(
        regime -> Map.of("watts", NO_RAPL, "knob:governor", "held at stock"))));
  }

  /** As an older build wrote it: held knobs listed among the KPIs it could not measure. */
  static ObjectNode knobListedAsKpi(ObjectNode pack) {
    ((ArrayNode) pack.get("kpis_unavailable")).add("knob:governor");
    return pack;
  }

  static ObjectNode withoutRegimeReasons(ObjectNode pack) {
    for (JsonNode r : pack.get("regimes")) ((ObjectNode) r).remove("unavailable_reasons");
    return pack;
  }

  @Test
  void aPackFromBeforeUnavailableReasonsReadsBackWithEmptyReasonsAndValidates() {
    ObjectNode old = withoutRegimeReasons(knobListedAsKpi(current()));
    old.remove("unavailable_reasons");
    CandidatePack p = Json.read(Json.compact(old), CandidatePack.class);
    assertEquals(List.of("watts"), p.kpisUnavailable());
    assertEquals(Map.of("knob:governor", CandidatePack.HELD_WITHOUT_REASON), p.unavailableReasons());
    for (PackRegime r : p.regimes()) assertEquals(Map.of(), r.unavailableReasons(), r.regime());
    assertEquals(List.of(), CandidatePackTest.validate(Json.tree(p)));
  }

  @Test
  void aPackWithTopLevelReasonsOnlyKeepsThemAndValidates() {
    ObjectNode old = withoutRegimeReasons(knobListedAsKpi(current()));
    CandidatePack p = Json.read(Json.compact(old), CandidatePack.class);
    assertEquals(List.of("watts"), p.kpisUnavailable());
    assertEquals(Map.of("watts", "idle: " + NO_RAPL, "knob:governor", "idle: held at stock"), p.unavailableReasons());
    for (PackRegime r : p.regimes()) assertEquals(Map.of(), r.unavailableReasons(), r.regime());
    assertEquals(List.of(), CandidatePackTest.validate(Json.tree(p)));
  }

  @Test
  void aCurrentPackReadsBackUnchanged() {
    ObjectNode now = current();
    assertEquals(now, Json.tree(Json.read(Json.compact(now), CandidatePack.class)));
  }
}
