package dev.dream.core.pack;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/**
 * @param means KPI → {regime → mean, "overall" → regime-weighted mean}
 * @param scoreV2 null when unsafe or not scorable
 * @param scoreCi95 [lo, hi], null when there is no score or too few trials
 */
@JsonPropertyOrder({"means", "score_v2", "score_ci95", "improves_over_baseline"})
public record PackAggregate(
    Map<String, Map<String, Double>> means,
    @JsonProperty("score_v2") Double scoreV2,
    @JsonProperty("score_ci95") List<Double> scoreCi95,
    @JsonProperty("improves_over_baseline") boolean improvesOverBaseline) {}
