using Dream.Core.Domain;
using Dream.Trials.Sim;
using Dream.Trials.Tests.Trials;
using Dream.Trials.Workloads;

namespace Dream.Trials.Tests.Sim;

public class SimWorkloadTests
{
    private static readonly IReadOnlyDictionary<string, object> NoArgs = new Dictionary<string, object>();
    private static readonly IReadOnlyDictionary<string, string> NoEnv = new Dictionary<string, string>();
    private readonly Genome _g = Fixtures.Genome("threads", 30L, "util", 0.5, "governor", "performance", "smt", true);

    private TrialSpec Spec(double durationS) => Fixtures.Trial(
        Fixtures.SimDomain(),
        _g,
        Fixtures.Workload("sim", "function", "sphere", "optimum", Fixtures.Map("threads", 12, "util", 0.75), "noise", 0.05),
        0,
        durationS,
        2);

    [Fact]
    public void ReportsTheSimFunctionOfItsTrial()
    {
        var spec = Spec(0);
        var r = new SimWorkload().Run(new WorkloadContext(spec, NoArgs, NoEnv, null, null));
        var k = SimFunction.Kpis(SimParams.From(spec.RegimeSpec.Workload), spec.DomainSpec.Knobs, _g, 42L, "normal", 2);
        Assert.Equal(new Dictionary<string, double> { ["perf"] = k.Perf, ["p95_ms"] = k.P95Ms, ["watts"] = k.Watts }, r.Kpis);
    }

    [Fact]
    public void DeclaresItsKpisWithTheirScoreRoles()
    {
        IWorkload w = new SimWorkload();
        Assert.Equal(new HashSet<string> { "perf", "p95_ms", "watts" }, w.Kpis.ToHashSet());
        Assert.Equal("perf", w.Roles[KpiRole.Perf]);
        Assert.Equal("p95_ms", w.Roles[KpiRole.P95]);
        Assert.Equal("watts", w.Roles[KpiRole.Watts]);
        Assert.False(w.StartsProcesses);
    }

    [Fact]
    public void ABadRegimeFailsAtOnceRatherThanAfterItsDuration()
    {
        var spec = Fixtures.Trial(Fixtures.SimDomain(), _g, Fixtures.Workload("sim", "optimum", Fixtures.Map("cores", 3)), 0, 3600, 0);
        var started = DateTime.UtcNow;
        var e = Assert.Throws<ArgumentException>(() => new SimWorkload().Run(new WorkloadContext(spec, NoArgs, NoEnv, null, null)));
        Assert.Contains("cores", e.Message);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task ACancelledTrialStopsWaiting()
    {
        var ctx = new WorkloadContext(Spec(3600), NoArgs, NoEnv, null, null);
        var run = Task.Run(() => new SimWorkload().Run(ctx));
        ctx.Cancel();
        await Assert.ThrowsAsync<OperationCanceledException>(() => run.WaitAsync(TimeSpan.FromSeconds(10)));
    }
}
