package dev.dream.trials;

import dev.dream.core.domain.CapBreach;
import java.util.List;
import java.util.Map;

/**
 * What one trial measured. {@code kpis} holds only real measurements; a KPI the node could not measure is
 * in {@code unavailable} with the reason, never given a made-up value. A failed trial carries no KPIs.
 */
public record TrialResult(
    String trialId,
    Outcome outcome,
    Map<String, Double> kpis,
    Map<String, String> unavailable,
    List<CapBreach> capBreaches,
    String error,
    double durationS,
    String node) {

  public enum Outcome {
    /** Measured, no cap broken. */
    OK,
    /** The workload or a probe failed; no measurement. */
    FAILED,
    /** A cap was broken: the trial was aborted and the knobs restored. */
    CAP_BREACH,
    /** The trial outran its deadline; its process tree was killed. */
    TIMEOUT
  }

  /** The error of a trial cut short because its node shut down: not a measurement, nor a failure of the candidate. */
  public static final String INTERRUPTED = "interrupted: this node is shutting down";

  public boolean succeeded() {
    return outcome == Outcome.OK;
  }

  /** Cut short by its node's shutdown: to be run again, never recorded. */
  public boolean interrupted() {
    return outcome == Outcome.FAILED && INTERRUPTED.equals(error);
  }

  /** The same result, attributed to {@code node} (the cluster member that ran it, where the executor knows only its host). */
  public TrialResult withNode(String node) {
    return new TrialResult(trialId, outcome, kpis, unavailable, capBreaches, error, durationS, node);
  }
}
