using Dream.Core.Config;
using Dream.Core.Domain;
using Dream.Trials.Probes;
using Dream.Trials.Processes;
using Dream.Trials.Workloads;

namespace Dream.Trials.Tests.Trials;

/// <summary>
/// The application-domain example (examples/compressor) loads, and its benchmark runs xz with the candidate's knobs:
/// the compression ratio, which depends only on the (deterministic) input and the settings, is higher at level 9 than
/// at level 0. Passes without running where perl or xz is missing (xunit 2 has no dynamic skip).
/// </summary>
[Collection(ProcessTests.Name)]
public sealed class CompressorExampleTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("dream-compressor-").FullName;

    public void Dispose() => Directory.Delete(_data, true);

    private static string ExampleDir() => Path.Combine(RepoRoot.Dir(), "examples", "compressor");

    [Fact]
    public void TheExampleLoadsAndItsBenchmarkMeasuresXzWithTheCandidatesKnobs()
    {
        var config = ConfigLoader.Load(ExampleDir());
        if (Tools.System().Find("perl") is null || Tools.System().Find("xz") is null) return; // perl or xz not installed
        var idle = config.Regimes["compressor"]["idle"];
        // The same regime with its seconds argument (the 7th after the script) shortened: at least its 5 runs.
        var argv = ((IReadOnlyList<object>)idle.Workload.Params["argv"]).ToList();
        argv[9] = "0.1";
        var parameters = idle.Workload.Params.ToDictionary(p => p.Key, p => p.Key == "argv" ? argv : p.Value);
        var quick = new RegimeSpec("idle", new WorkloadSpec("command", parameters), 0.1, 1);
        var o = new LocalTrialExecutor.Options("n", Path.Combine(_data, "j"), Path.Combine(_data, "s"),
            TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5));
        var root = SysRoot.FromEnv();
        using var ex = new LocalTrialExecutor(o, WorkloadRegistry.Standard(), ProbeSet.Standard(root), Dream.Trials.Actuators.Actuators.Standard(root));
        var byLevel = new Dictionary<long, TrialResult>();
        foreach (var level in new long[] { 0, 9 })
        {
            var g = Fixtures.Genome("level", level, "extreme", false, "threads", 1L);
            var t = Fixtures.Trial(config.Domains["compressor"], g, quick.Workload, 0, 0.1, 0, config.Caps.ForDomain("compressor"), false)
                with { Regime = "idle", Index = 0, RegimeSpec = quick };
            var r = ex.Run(t);
            Assert.True(r.Outcome == TrialOutcome.Ok, r.Error);
            Assert.True(r.Kpis["throughput_mb_s"] > 0 && r.Kpis["p95_latency_ms"] > 0, string.Join(", ", r.Kpis));
            byLevel[level] = r;
        }
        var r0 = byLevel[0].Kpis["ratio"];
        var r9 = byLevel[9].Kpis["ratio"];
        Assert.True(r0 > 1 && r9 > r0, $"ratio at level 0 {r0}, at level 9 {r9}");
    }
}
