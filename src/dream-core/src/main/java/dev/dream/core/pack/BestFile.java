package dev.dream.core.pack;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.dream.core.domain.Genome;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * runs/&lt;run_id&gt;/best.json: {domain → the best candidate so far, or null when no candidate of that domain
 * has been safe and scored}. Domains are sorted by name.
 */
public record BestFile(Map<String, Entry> domains) {
  public BestFile {
    domains = Collections.unmodifiableMap(new TreeMap<>(domains));
  }

  @JsonPropertyOrder({"cand_id", "generation", "genome", "score_v2", "score_ci95", "improves_over_baseline"})
  public record Entry(
      @JsonProperty("cand_id") String candId,
      int generation,
      Genome genome,
      @JsonProperty("score_v2") double scoreV2,
      @JsonProperty("score_ci95") List<Double> scoreCi95,
      @JsonProperty("improves_over_baseline") boolean improvesOverBaseline) {

    public static Entry of(CandidatePack p) {
      if (p.aggregate().scoreV2() == null) throw new IllegalArgumentException(p.candId() + " has no score and cannot be the best");
      return new Entry(p.candId(), p.generation(), p.genome(), p.aggregate().scoreV2(), p.aggregate().scoreCi95(),
          p.aggregate().improvesOverBaseline());
    }
  }

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  static BestFile fromJson(Map<String, Entry> domains) {
    return new BestFile(domains);
  }

  @JsonValue
  Map<String, Entry> json() {
    return domains;
  }
}
