package dev.dream.core.pack;

import dev.dream.core.domain.CapBreach;
import dev.dream.core.domain.Caps;
import dev.dream.core.domain.DomainSpec;
import dev.dream.core.domain.Genome;
import dev.dream.core.domain.Kpi;
import dev.dream.core.score.Baseline;
import dev.dream.core.score.CandidateAssessment;
import dev.dream.core.score.RegimeEvidence;
import dev.dream.core.score.Scorer;
import dev.dream.core.stats.CiOptions;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

final class PackFixtures {
  static final String RUN_ID = "2025-10-08T15-46-00_rk3x9q0";
  static final Instant AT = Instant.parse("2025-10-08T15:52:17.345Z");

  private PackFixtures() {}

  static DomainSpec domain() {
    Map<String, Kpi> kpis = new LinkedHashMap<>();
    kpis.put("perf", new Kpi("perf", "ops/s", Kpi.Better.HIGHER, Kpi.Role.PERF));
    kpis.put("p95_ms", new Kpi("p95_ms", "ms", Kpi.Better.LOWER, Kpi.Role.P95));
    kpis.put("watts", new Kpi("watts", "W", Kpi.Better.LOWER, Kpi.Role.WATTS));
    return new DomainSpec("sim", "sim domain", List.of(), kpis, Map.of());
  }

  static Genome genome() {
    Map<String, Object> g = new LinkedHashMap<>();
    g.put("threads", 12);
    g.put("util", 0.75);
    g.put("governor", "performance");
    g.put("smt", true);
    return new Genome(g);
  }

  static Map<String, List<Double>> values(double perf, double p95, double watts) {
    Map<String, List<Double>> m = new LinkedHashMap<>();
    m.put("perf", List.of(perf, perf * 1.01, perf * 0.99));
    m.put("p95_ms", List.of(p95, p95 * 1.02, p95 * 0.98));
    m.put("watts", List.of(watts, watts * 1.01, watts * 0.995));
    return m;
  }

  static Baseline baseline(String regime) {
    return Baseline.ofTrials("sim_" + regime + "_2025-10-08T15-46-00Z", values(500, 10, 60));
  }

  static List<RegimeEvidence> evidence(boolean breach, boolean withBaselines) {
    RegimeEvidence idle = new RegimeEvidence("idle", 1, 3, 1, values(600, 9, 58), withBaselines ? baseline("idle") : null,
        true, List.of(), Map.of());
    List<CapBreach> breaches = breach ? List.of(new CapBreach("stress", 2, "watts", 210.5, 200, "max", 3.25)) : List.of();
    RegimeEvidence stress = new RegimeEvidence("stress", 2, 3, 0, values(620, 9.5, 59), withBaselines ? baseline("stress") : null,
        true, breaches, Map.of());
    return List.of(idle, stress);
  }

  static CandidatePack pack(boolean breach, boolean withBaselines) {
    List<RegimeEvidence> ev = evidence(breach, withBaselines);
    CandidateAssessment a = Scorer.assess(domain(), Caps.Tolerance.DEFAULT, ev, CiOptions.DEFAULT, 1, "gen3_c4");
    return CandidatePack.of(RUN_ID, "sim", "gen3_c4", 3, genome(), "x86_64-8c-16g-6.8", ev, a, AT);
  }
}
