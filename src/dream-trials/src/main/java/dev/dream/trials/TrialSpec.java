package dev.dream.trials;

import dev.dream.core.domain.Caps;
import dev.dream.core.domain.DomainSpec;
import dev.dream.core.domain.ExecutionSpec;
import dev.dream.core.domain.Genome;
import dev.dream.core.domain.RegimeSpec;
import java.util.Map;

/**
 * Everything a node needs to run one trial, self-contained so that it can travel to any runner.
 *
 * <p>{@code trialId} is {@code {run}/{domain}/{cand}/{regime}/{k}} (cand is {@code baseline} for baseline
 * trials); {@code index} is k, from 0.
 */
public record TrialSpec(
    String trialId,
    String runId,
    String domain,
    String candId,
    String regime,
    int index,
    Genome genome,
    DomainSpec domainSpec,
    RegimeSpec regimeSpec,
    ExecutionSpec execution,
    Map<String, Caps.Cap> caps,
    Caps.Global global,
    long runSeed,
    boolean allowSystemChanges) {

  /**
   * The longest this trial's workload may take, in seconds: (warm-up + duration) × timeout_multiplier, or
   * warm-up + a command's own {@code timeout_s} when that is longer (a command may need more time than it
   * measures: starting an interpreter, generating its input), never more than max_trial_duration_s. The
   * runner kills the workload there, and the dispatcher's lease follows the same figure.
   */
  public double deadlineS() {
    double planned = (execution.warmupS() + regimeSpec.durationS()) * execution.timeoutMultiplier();
    if (regimeSpec.workload().params().get("timeout_s") instanceof Number t) {
      planned = Math.max(planned, execution.warmupS() + t.doubleValue());
    }
    return Math.min(planned, global.maxTrialDurationS());
  }

  public static String trialId(String runId, String domain, String candId, String regime, int index) {
    return runId + "/" + domain + "/" + candId + "/" + regime + "/" + index;
  }
}
