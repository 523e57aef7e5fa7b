using Dream.Core.Domain;
using Dream.Trials.Workloads;

namespace Dream.Trials.Sim;

/// <summary>
/// The <c>sim</c> workload: waits the regime's duration (after the warm-up, like any trial), then reports
/// <see cref="SimFunction.Kpis"/>. It touches nothing on the machine. Its KPIs carry the score roles, so a sim
/// domain may name them as it likes.
/// </summary>
public sealed class SimWorkload : IWorkload
{
    private static readonly IReadOnlySet<string> Names = new HashSet<string> { SimKpis.PerfName, SimKpis.P95Name, SimKpis.WattsName };

    private static readonly IReadOnlyDictionary<KpiRole, string> RoleNames = new Dictionary<KpiRole, string>
    {
        [KpiRole.Perf] = SimKpis.PerfName,
        [KpiRole.P95] = SimKpis.P95Name,
        [KpiRole.Watts] = SimKpis.WattsName,
    };

    public IReadOnlySet<string> Kpis => Names;

    public IReadOnlyDictionary<KpiRole, string> Roles => RoleNames;

    public WorkloadResult Run(WorkloadContext ctx)
    {
        var spec = ctx.Spec;
        // Parse before waiting, so that a bad regime fails at once rather than after its duration.
        var p = SimParams.From(spec.RegimeSpec.Workload);
        SimFunction.Z(spec.DomainSpec.Knobs, spec.Genome, p.Optimum);
        ctx.Sleep(ctx.DurationS());
        var k = SimFunction.Kpis(p, spec.DomainSpec.Knobs, spec.Genome, spec.RunSeed, spec.Regime, spec.Index);
        return WorkloadResult.Of(new Dictionary<string, double>
        {
            [SimKpis.PerfName] = k.Perf,
            [SimKpis.P95Name] = k.P95Ms,
            [SimKpis.WattsName] = k.Watts,
        });
    }
}
