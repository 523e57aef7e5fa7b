package dev.dream.cluster.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dream.cluster.Fixtures;
import dev.dream.core.domain.Caps;
import dev.dream.core.domain.ExecutionSpec;
import dev.dream.core.domain.Genome;
import dev.dream.core.pack.CandidatePack;
import dev.dream.core.pack.Json;
import dev.dream.core.pack.SchemaValidator;
import dev.dream.core.score.Baseline;
import dev.dream.trials.TrialResult;
import dev.dream.trials.TrialSpec;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * From recorded trials to a pack when one regime's workload reports no request latency (iperf3 or
 * stress-ng in the stress regime): the other regime keeps its p95 term.
 */
class CandidateScoringTest {
  static final String RUN_ID = "2025-01-01T00-00-00_rabcdef";
  static final String NO_LATENCY = "iperf3 measures throughput, not the latency of requests";
  static final Genome GENOME = new Genome(Map.of("threads", 12L, "util", 0.75));
  static final double[] SPREAD = {1.0, 1.01, 0.99};

  static RunSpec run() {
    return Fixtures.run(RUN_ID, "class-a", 1, 2, new ExecutionSpec(3, 0, 0, 0, 1.5), new Caps.Global(3, 60, 2),
        List.of(Fixtures.regime("normal", 0), Fixtures.regime("stress", 0)));
  }

  /** Three trials of a regime at the given KPI values (times a small spread); stress reports no p95. */
  static void trials(Map<String, TrialResult> into, String cand, String regime, double perf, double p95, double watts) {
    for (int k = 0; k < SPREAD.length; k++) {
      Map<String, Double> kpis = new LinkedHashMap<>();
      kpis.put("perf", perf * SPREAD[k]);
      kpis.put("watts", watts * SPREAD[k]);
      Map<String, String> unavailable = Map.of();
      if (regime.equals("stress")) unavailable = Map.of("p95_ms", NO_LATENCY);
      else kpis.put("p95_ms", p95 * SPREAD[k]);
      String id = TrialSpec.trialId(RUN_ID, "sim", cand, regime, k);
      into.put(id, new TrialResult(id, TrialResult.Outcome.OK, kpis, unavailable, List.of(), null, 0, "test"));
    }
  }

  static Map<String, Baseline> baselines() {
    Map<String, Baseline> out = new LinkedHashMap<>();
    for (String regime : List.of("normal", "stress")) {
      Map<String, TrialResult> stock = new LinkedHashMap<>();
      trials(stock, "gen0_c0", regime, 1000, 5, 50);
      Map<String, List<Double>> values = new LinkedHashMap<>();
      for (TrialResult r : stock.values()) r.kpis().forEach((k, v) -> values.computeIfAbsent(k, x -> new java.util.ArrayList<>()).add(v));
      out.put(regime, Baseline.ofTrials("sim_" + regime + "_2025-01-01T00-00-00Z", values));
    }
    return out;
  }

  static CandidatePack pack(String cand, double normalP95) {
    Map<String, TrialResult> results = new LinkedHashMap<>();
    trials(results, cand, "normal", 1100, normalP95, 50);
    trials(results, cand, "stress", 1100, 0, 50);
    return CandidateScoring.assess(run(), "sim", 0, cand, GENOME, results, baselines(), Instant.parse("2025-01-01T00:05:00Z")).pack();
  }

  @Test
  void aWorseP95InTheRegimeThatMeasuresItScoresLowerThoughStressHasNone() {
    CandidatePack equal = pack("gen0_c1", 5);
    CandidatePack slower = pack("gen0_c2", 6);
    // normal: 0.1 or 0.1 − 0.2·(6/5 − 1) = 0.06; stress (no p95 term): 0.1; equal weights
    assertEquals(0.1, equal.aggregate().scoreV2(), 1e-9);
    assertEquals(0.08, slower.aggregate().scoreV2(), 1e-9);
    assertEquals(List.of(), slower.kpisUnavailable());
    assertEquals(Map.of(), slower.regimes().get(0).unavailableReasons());
    assertEquals(Map.of("p95_ms", NO_LATENCY), slower.regimes().get(1).unavailableReasons());
    List<String> errors = SchemaValidator.validate(SchemaValidator.CANDIDATE_PACK, Json.tree(slower));
    assertTrue(errors.isEmpty(), errors.toString());
  }

  /** Without --allow-system-changes every trial reports its held knobs; they are reasons, not KPIs. */
  @Test
  void knobsHeldAtStockAreListedAsReasonsButNeverAsUnavailableKpis() {
    String held = "held at stock: system changes need --allow-system-changes";
    Map<String, TrialResult> results = new LinkedHashMap<>();
    trials(results, "gen0_c3", "normal", 1100, 5, 50);
    trials(results, "gen0_c3", "stress", 1100, 0, 50);
    results.replaceAll((id, r) -> {
      Map<String, String> unavailable = new LinkedHashMap<>(r.unavailable());
      unavailable.put("knob:governor", held);
      return new TrialResult(r.trialId(), r.outcome(), r.kpis(), unavailable, r.capBreaches(), r.error(), r.durationS(), r.node());
    });
    CandidatePack p = CandidateScoring.assess(run(), "sim", 0, "gen0_c3", GENOME, results, baselines(),
        Instant.parse("2025-01-01T00:05:00Z")).pack();
    assertEquals(List.of(), p.kpisUnavailable());
    assertEquals("normal: " + held, p.unavailableReasons().get("knob:governor"));
    assertEquals(Map.of("knob:governor", held), p.regimes().get(0).unavailableReasons());
    assertEquals(Map.of("p95_ms", NO_LATENCY, "knob:governor", held), p.regimes().get(1).unavailableReasons());
    assertFalse(p.riskProfile().containsKey("knob:governor"), p.riskProfile().toString());
    assertFalse(p.aggregate().means().containsKey("knob:governor"), p.aggregate().means().toString());
    assertEquals(0.1, p.aggregate().scoreV2(), 1e-9);
    List<String> errors = SchemaValidator.validate(SchemaValidator.CANDIDATE_PACK, Json.tree(p));
    assertTrue(errors.isEmpty(), errors.toString());
  }
}
