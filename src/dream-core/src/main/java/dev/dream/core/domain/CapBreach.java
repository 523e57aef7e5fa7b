package dev.dream.core.domain;

/**
 * A cap broken during a trial: which KPI, the value seen, the limit and its bound ("max" or "min"), and
 * when, in seconds since the trial's measurement began.
 */
public record CapBreach(String regime, int trial, String kpi, double value, double limit, String bound, double atS) {}
