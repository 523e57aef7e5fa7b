package dev.dream.trials.sim;

/** One sim trial: the objective f at the candidate and the three KPIs derived from it. */
public record SimKpis(double f, double perf, double p95Ms, double watts) {
  public static final String PERF = "perf";
  public static final String P95 = "p95_ms";
  public static final String WATTS = "watts";
}
