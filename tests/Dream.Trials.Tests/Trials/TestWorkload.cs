using Dream.Trials.Workloads;

namespace Dream.Trials.Tests.Trials;

/// <summary>A workload made of a function, for executor tests (Java's anonymous Workload classes).</summary>
public sealed class TestWorkload(IEnumerable<string> kpis, Func<WorkloadContext, WorkloadResult> run) : IWorkload
{
    public IReadOnlySet<string> Kpis { get; } = kpis.ToHashSet();

    public WorkloadResult Run(WorkloadContext ctx) => run(ctx);

    public static WorkloadResult Result(params (string Kpi, double Value)[] kpis) =>
        WorkloadResult.Of(kpis.ToDictionary(p => p.Kpi, p => p.Value));
}
