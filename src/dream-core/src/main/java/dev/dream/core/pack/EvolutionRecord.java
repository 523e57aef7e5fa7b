package dev.dream.core.pack;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * One line of runs/&lt;run_id&gt;/evolution.jsonl: a finished generation of a domain.
 *
 * @param bestCandId the best safe candidate of the generation by score_v2; null (with its score, interval
 *     and pack path) when no candidate was safe and scored
 * @param safeCount candidates that were safe
 * @param evaluated candidates evaluated
 * @param unsafe candidates that broke a cap or were judged unsafe
 * @param packPath the best candidate's pack, relative to the run directory (e.g.
 *     {@code candidates/cpu/gen3_c4.json}), so that a run directory can be moved or copied whole
 * @param timestamp UTC {@code YYYY-MM-DDTHH:MM:SSZ}
 */
@JsonPropertyOrder({"run_id", "domain", "generation", "best_cand_id", "best_score_v2", "best_score_ci95", "safe_count",
    "evaluated", "unsafe", "pack_path", "timestamp"})
public record EvolutionRecord(
    @JsonProperty("run_id") String runId,
    String domain,
    int generation,
    @JsonProperty("best_cand_id") String bestCandId,
    @JsonProperty("best_score_v2") Double bestScoreV2,
    @JsonProperty("best_score_ci95") List<Double> bestScoreCi95,
    @JsonProperty("safe_count") int safeCount,
    int evaluated,
    int unsafe,
    @JsonProperty("pack_path") String packPath,
    String timestamp) {}
