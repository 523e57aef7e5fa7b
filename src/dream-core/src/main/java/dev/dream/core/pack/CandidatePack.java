package dev.dream.core.pack;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.dream.core.domain.Genome;
import dev.dream.core.score.CandidateAssessment;
import dev.dream.core.score.RegimeEvidence;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A candidate pack, {@code "schema": "candidate_pack.v2"} (DESIGN.md section 4): everything measured and
 * concluded about one candidate. Written to runs/&lt;run_id&gt;/candidates/&lt;domain&gt;/&lt;cand_id&gt;.json.
 */
@JsonPropertyOrder({"schema", "run_id", "domain", "cand_id", "generation", "genome", "node_class", "regimes",
    "aggregate", "safe", "risk_profile", "kpis_unavailable", "unavailable_reasons", "created_at_utc"})
public record CandidatePack(
    String schema,
    @JsonProperty("run_id") String runId,
    String domain,
    @JsonProperty("cand_id") String candId,
    int generation,
    Genome genome,
    @JsonProperty("node_class") String nodeClass,
    List<PackRegime> regimes,
    PackAggregate aggregate,
    boolean safe,
    @JsonProperty("risk_profile") Map<String, Double> riskProfile,
    @JsonProperty("kpis_unavailable") List<String> kpisUnavailable,
    @JsonProperty("unavailable_reasons") Map<String, String> unavailableReasons,
    @JsonProperty("created_at_utc") String createdAtUtc) {

  public static final String SCHEMA = "candidate_pack.v2";

  /** The reason of a held knob that a pack of an older build listed among its KPIs without saying why. */
  public static final String HELD_WITHOUT_REASON = "held at stock (the build that wrote this pack recorded no reason)";

  /**
   * Packs are kept in journal events, so packs of older builds are read back on resume and by dream report:
   * those lack unavailable_reasons (read as empty) and list held knobs in kpis_unavailable, where this build
   * lists KPIs only (a held knob moves to unavailable_reasons).
   */
  public CandidatePack {
    if (!SCHEMA.equals(schema)) throw new IllegalArgumentException("not a " + SCHEMA + " pack: schema " + schema);
    Map<String, String> reasons = new TreeMap<>(unavailableReasons == null ? Map.of() : unavailableReasons);
    List<String> kpis = new ArrayList<>();
    for (String name : kpisUnavailable == null ? List.<String>of() : kpisUnavailable) {
      if (RegimeEvidence.isHeldKnob(name)) reasons.putIfAbsent(name, HELD_WITHOUT_REASON);
      else kpis.add(name);
    }
    kpisUnavailable = List.copyOf(kpis);
    unavailableReasons = Collections.unmodifiableMap(reasons);
  }

  /** The pack of an assessed candidate; regimes are paired with their evidence by position and name. */
  public static CandidatePack of(String runId, String domain, String candId, int generation, Genome genome,
      String nodeClass, List<RegimeEvidence> evidence, CandidateAssessment assessment, Instant createdAtUtc) {
    if (evidence.size() != assessment.regimes().size())
      throw new IllegalArgumentException(evidence.size() + " regimes of evidence but " + assessment.regimes().size() + " assessed");
    List<PackRegime> regimes = new ArrayList<>();
    for (int i = 0; i < evidence.size(); i++) regimes.add(PackRegime.of(evidence.get(i), assessment.regimes().get(i)));
    PackAggregate aggregate = new PackAggregate(assessment.means(), assessment.scoreV2(),
        assessment.scoreCi95() == null ? null : assessment.scoreCi95().bounds(), assessment.improvesOverBaseline());
    return new CandidatePack(SCHEMA, runId, domain, candId, generation, genome, nodeClass, List.copyOf(regimes), aggregate,
        assessment.safe(), assessment.riskProfile(), assessment.kpisUnavailable(),
        UnavailableReasons.of(evidence, assessment.kpisUnavailable()), Timestamps.utc(createdAtUtc));
  }

  /**
   * The same evidence under another candidate id: an elite carried into a later generation keeps what was
   * measured for it instead of being measured again.
   */
  public CandidatePack reissued(String newCandId, int newGeneration) {
    return new CandidatePack(schema, runId, domain, newCandId, newGeneration, genome, nodeClass, regimes, aggregate, safe,
        riskProfile, kpisUnavailable, unavailableReasons, createdAtUtc);
  }

  /** runs/&lt;run_id&gt;/candidates/&lt;domain&gt;/&lt;cand_id&gt;.json, relative to the run directory. */
  public String relativePath() {
    return "candidates/" + domain + "/" + candId + ".json";
  }
}
