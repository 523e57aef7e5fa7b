package dev.dream.core.domain;

/** One workload condition of a domain; {@code weight} weighs its score in the overall mean (default 1). */
public record RegimeSpec(String name, WorkloadSpec workload, double durationS, double weight) {}
