package dev.dream.trials.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.dream.core.domain.Genome;
import dev.dream.trials.Fixtures;
import dev.dream.trials.TrialSpec;
import dev.dream.trials.workload.WorkloadContext;
import dev.dream.trials.workload.WorkloadResult;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SimWorkloadTest {
  private final Genome g = Fixtures.genome("threads", 30L, "util", 0.5, "governor", "performance", "smt", true);

  private TrialSpec spec(double durationS) {
    return Fixtures.trial(
        Fixtures.simDomain(),
        g,
        Fixtures.workload("sim", "function", "sphere", "optimum", Map.of("threads", 12, "util", 0.75), "noise", 0.05),
        0,
        durationS,
        2);
  }

  @Test
  void reportsTheSimFunctionOfItsTrial() throws Exception {
    TrialSpec spec = spec(0);
    WorkloadResult r = new SimWorkload().run(new WorkloadContext(spec, Map.of(), Map.of(), null, null));
    SimKpis k =
        SimFunction.kpis(
            SimParams.from(spec.regimeSpec().workload()), spec.domainSpec().knobs(), g, 42L, "normal", 2);
    assertEquals(Map.of("perf", k.perf(), "p95_ms", k.p95Ms(), "watts", k.watts()), r.kpis());
  }

  @Test
  void aCancelledTrialStopsWaiting() throws Exception {
    WorkloadContext ctx = new WorkloadContext(spec(3600), Map.of(), Map.of(), null, null);
    CompletableFuture<WorkloadResult> run =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return new SimWorkload().run(ctx);
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    ctx.cancel();
    Exception e = assertThrows(Exception.class, () -> run.get(10, TimeUnit.SECONDS));
    assertEquals(CancellationException.class, e.getCause().getClass());
  }
}
