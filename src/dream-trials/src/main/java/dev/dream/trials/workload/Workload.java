package dev.dream.trials.workload;

import dev.dream.core.domain.Kpi;
import java.util.Map;
import java.util.Set;

/**
 * What a regime runs during a trial. One instance serves one trial (instances may keep per-trial state).
 *
 * <p>The executor calls {@link #warmUp} and then {@link #run} on a worker thread of its own, and cancels
 * through the {@link WorkloadContext} (cap breach, deadline): a workload must return soon after
 * {@link WorkloadContext#cancelled()} turns true, and must stop every thread or process it started.
 */
public interface Workload {

  /**
   * The KPIs this workload measures. Declared before the run so that the executor opens only the probes
   * that are still needed (a sim trial, for one, must not read the machine's sensors).
   */
  Set<String> kpis();

  /**
   * Which of {@link #kpis()} plays each score role, so that a domain may give that KPI its own name. Only
   * for workloads whose KPIs have no unit of their own (sim): a real measurement keeps its name, so that it
   * is never reported under the name and unit of another.
   */
  default Map<Kpi.Role, String> roles() {
    return Map.of();
  }

  /**
   * KPIs that a domain may declare but this workload by its nature never measures, with the reason (stress-ng
   * counts throughput, not the latency of single operations), so that a node can say so before any trial.
   */
  default Map<String, String> notMeasured() {
    return Map.of();
  }

  /**
   * Whether this workload runs its work in processes of its own (stress-ng, fio, iperf3, command), which
   * knobs can place: CPU affinity, nice, scheduling policy, cgroup. The builtin workloads run inside the
   * Dream JVM, whose threads cannot be placed portably.
   */
  default boolean startsProcesses() {
    return false;
  }

  /**
   * Brings the machine to the workload's steady state for {@code ctx.warmupS()} seconds; nothing is
   * measured. The default only waits, which gives changed knobs time to settle.
   */
  default void warmUp(WorkloadContext ctx) throws Exception {
    ctx.sleep(ctx.warmupS());
  }

  /** Runs the measured part, {@code ctx.durationS()} seconds of wall-clock time, and returns its KPIs. */
  WorkloadResult run(WorkloadContext ctx) throws Exception;

  /**
   * Releases what {@link #warmUp} or {@link #run} set up (sockets, files, buffers). Called once, on the
   * workload's thread, after the run or after a failure or cancellation of either part.
   */
  default void close() throws Exception {}
}
