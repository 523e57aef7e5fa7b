package dev.dream.cluster.run;

import dev.dream.core.domain.Genome;
import dev.dream.core.domain.RegimeSpec;
import dev.dream.core.pack.BaselineRecord;
import dev.dream.core.score.Baseline;
import dev.dream.core.score.RegimeEvidence;
import dev.dream.core.stats.CiOptions;
import dev.dream.core.stats.ConfidenceIntervals;
import dev.dream.core.stats.Interval;
import dev.dream.core.stats.Stats;
import dev.dream.trials.TrialResult;
import java.time.Instant;
import java.util.LinkedHashMap;
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
    int ok = ev.trials() - ev.trialsFailed();
    if (ok < Math.min(plan.global().minSuccessfulTrials(), plan.execution().trials())) {
      String errors = results.values().stream().filter(r -> !r.succeeded() && Evidence.regimeOf(r.trialId()).equals(regime.name()))
          .map(TrialResult::error).distinct().collect(Collectors.joining("; "));
      return new Result(null, null, "baseline of regime " + regime.name() + ": only " + ok + " of " + ev.trials()
          + " trials succeeded (min_successful_trials " + plan.global().minSuccessfulTrials() + "): " + errors);
    }
    Map<String, Double> means = new LinkedHashMap<>();
    Map<String, List<Double>> ci95 = new LinkedHashMap<>();
    ev.kpis().forEach((kpi, values) -> {
      double[] xs = values.stream().mapToDouble(Double::doubleValue).toArray();
      means.put(kpi, Stats.mean(xs));
      Interval ci = ConfidenceIntervals.mean(xs, CiOptions.DEFAULT, run.seed(), "baseline/" + regime.name() + "/" + kpi);
      if (ci != null) ci95.put(kpi, List.of(ci.lo(), ci.hi()));
    });
    String id = BaselineRecord.baselineId(domain, regime.name(), at);
    Baseline baseline = new Baseline(id, means, ev.kpis());
    BaselineRecord record = new BaselineRecord(domain, regime.name(), means, ci95, ev.trials(), stock, run.nodeClass(), run.codeHash(), at.toString(), id);
    return new Result(baseline, record, null);
  }
}
