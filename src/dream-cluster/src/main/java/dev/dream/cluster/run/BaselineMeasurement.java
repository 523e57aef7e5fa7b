package dev.dream.cluster.run;

import dev.dream.core.domain.Genome;
import dev.dream.core.domain.RegimeSpec;
import dev.dream.core.pack.BaselineRecord;
import dev.dream.core.score.Baseline;
import dev.dream.core.score.RegimeEvidence;
import dev.dream.core.stats.CiOptions;
import dev.dream.trials.TrialResult;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** A regime's baseline from the stock configuration's trials: means, intervals and the trial values. */
final class BaselineMeasurement {
  private BaselineMeasurement() {}

  record Result(Baseline baseline, BaselineRecord record, String error) {}

  static Result of(RunSpec run, String domain, RegimeSpec regime, Genome stock, Map<String, TrialResult> results, Instant at) {
    RunSpec.DomainPlan plan = run.plan(domain);
    RegimeEvidence ev = Evidence.of(new RunSpec.DomainPlan(plan.domain(), List.of(regime), plan.execution(), plan.caps(),
        plan.global(), plan.tolerance(), plan.evolution()), results.values(), null).get(0);
    if (!ev.capBreaches().isEmpty()) {
      return new Result(null, null, "the stock configuration broke a cap in regime " + regime.name() + ": " + ev.capBreaches());
    }
    if (ev.trials() < Math.min(plan.global().minSuccessfulTrials(), plan.execution().trials())) {
      String errors = results.values().stream().filter(r -> !r.succeeded() && Evidence.regimeOf(r.trialId()).equals(regime.name()))
          .map(TrialResult::error).distinct().collect(Collectors.joining("; "));
      return new Result(null, null, "baseline of regime " + regime.name() + ": only " + ev.trials() + " of "
          + plan.execution().trials() + " trials succeeded (min_successful_trials " + plan.global().minSuccessfulTrials() + "): " + errors);
    }
    BaselineRecord record = BaselineRecord.measured(domain, regime.name(), ev.kpis(), ev.trials(), stock, run.nodeClass(),
        run.codeHash(), at, CiOptions.DEFAULT, run.seed());
    return new Result(Baseline.ofTrials(record.baselineId(), ev.kpis()), record, null);
  }
}
