package dev.dream.trials.sim;

import dev.dream.core.domain.Kpi;
import dev.dream.trials.TrialSpec;
import dev.dream.trials.workload.Workload;
import dev.dream.trials.workload.WorkloadContext;
import dev.dream.trials.workload.WorkloadResult;
import java.util.Map;
import java.util.Set;

/**
 * The {@code sim} workload: waits the regime's duration (after the warm-up, like any trial), then reports
 * {@link SimFunction#kpis}. It touches nothing on the machine. Its KPIs carry the score roles, so a sim
 * domain may name them as it likes.
 */
public final class SimWorkload implements Workload {
  @Override
  public Set<String> kpis() {
    return Set.of(SimKpis.PERF, SimKpis.P95, SimKpis.WATTS);
  }

  @Override
  public Map<Kpi.Role, String> roles() {
    return Map.of(Kpi.Role.PERF, SimKpis.PERF, Kpi.Role.P95, SimKpis.P95, Kpi.Role.WATTS, SimKpis.WATTS);
  }

  @Override
  public WorkloadResult run(WorkloadContext ctx) throws InterruptedException {
    TrialSpec spec = ctx.spec();
    // Parse before waiting, so that a bad regime fails at once rather than after its duration.
    SimParams params = SimParams.from(spec.regimeSpec().workload());
    SimFunction.z(spec.domainSpec().knobs(), spec.genome(), params.optimum());
    ctx.sleep(ctx.durationS());
    SimKpis k =
        SimFunction.kpis(
            params, spec.domainSpec().knobs(), spec.genome(), spec.runSeed(), spec.regime(), spec.index());
    return WorkloadResult.of(Map.of(SimKpis.PERF, k.perf(), SimKpis.P95, k.p95Ms(), SimKpis.WATTS, k.watts()));
  }
}
