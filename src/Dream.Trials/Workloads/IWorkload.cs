using Dream.Core.Domain;

namespace Dream.Trials.Workloads;

/// <summary>
/// What a regime runs during a trial. One instance serves one trial (instances may keep per-trial state).
/// The executor calls <see cref="WarmUp"/> and then <see cref="Run"/> on a worker thread of its own, and cancels
/// through the <see cref="WorkloadContext"/> (cap breach, deadline): a workload must return soon after
/// <see cref="WorkloadContext.Cancelled"/> turns true, and must stop every thread or process it started.
/// </summary>
public interface IWorkload
{
    /// <summary>
    /// The KPIs this workload measures. Declared before the run so that the executor opens only the probes
    /// that are still needed (a sim trial, for one, must not read the machine's sensors).
    /// </summary>
    IReadOnlySet<string> Kpis { get; }

    /// <summary>
    /// Which of <see cref="Kpis"/> plays each score role, so that a domain may give that KPI its own name. Only
    /// for workloads whose KPIs have no unit of their own (sim): a real measurement keeps its name, so that it
    /// is never reported under the name and unit of another.
    /// </summary>
    IReadOnlyDictionary<KpiRole, string> Roles => new Dictionary<KpiRole, string>();

    /// <summary>
    /// KPIs that a domain may declare but this workload by its nature never measures, with the reason (stress-ng
    /// counts throughput, not the latency of single operations), so that a node can say so before any trial.
    /// </summary>
    IReadOnlyDictionary<string, string> NotMeasured => new Dictionary<string, string>();

    /// <summary>
    /// Whether this workload runs its work in processes of its own (stress-ng, fio, iperf3, command), which
    /// knobs can place: CPU affinity, nice, scheduling policy, cgroup. The builtin workloads run inside the
    /// Dream process, whose threads cannot be placed portably.
    /// </summary>
    bool StartsProcesses => false;

    /// <summary>
    /// Brings the machine to the workload's steady state for warmup_s seconds; nothing is measured. The
    /// default only waits, which gives changed knobs time to settle.
    /// </summary>
    void WarmUp(WorkloadContext ctx) => ctx.Sleep(ctx.WarmupS());

    /// <summary>Runs the measured part, duration_s seconds of wall-clock time, and returns its KPIs.</summary>
    WorkloadResult Run(WorkloadContext ctx);

    /// <summary>
    /// Releases what <see cref="WarmUp"/> or <see cref="Run"/> set up (sockets, files, buffers). Called once, on
    /// the workload's thread, after the run or after a failure or cancellation of either part.
    /// </summary>
    void Close() { }
}
