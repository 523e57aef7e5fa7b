using Dream.Core.Domain;
using Dream.Trials.Actuators;
using Dream.Trials.Gpu;
using Dream.Trials.Tests.Probes;
using Dream.Trials.Tests.Trials;
using Dream.Trials.Workloads;

namespace Dream.Trials.Tests.Gpu;

/// <summary>A power-limit knob through the executor, against the nvidia-smi test double (made-up values).</summary>
public sealed class NvidiaSmiTrialTests : IDisposable
{
    private readonly TempDir _tmp = new();

    public void Dispose() => _tmp.Dispose();

    [Fact]
    public void APowerLimitHoldsWhileTheTrialRunsAndIsRestoredAfterIt()
    {
        var fake = new FakeNvidiaSmi(_tmp.Resolve("bin"));
        var a = new NvidiaSmiActuator(new NvidiaSmi(fake.Tools()));
        var knob = new IntKnob("power_limit_pct", 50, 100, 10, false, null,
            new ActuatorSpec("nvidia-smi", null, null, [new("setting", "power-limit-pct"), new("gpu", 0L)]));
        var domain = Fixtures.Domain("gpu", [knob], new Dictionary<string, Kpi> { ["limit"] = new("limit", "W", Better.Lower, null) });
        var o = new LocalTrialExecutor.Options("n", _tmp.Resolve("journal"), _tmp.Resolve("s"),
            TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5));
        using var ex = new LocalTrialExecutor(o, WorkloadRegistry.Standard(), [], new Dictionary<string, IKnobActuator> { ["nvidia-smi"] = a });
        // The command reads the limit in force while the trial runs.
        var w = Fixtures.Workload("command", "argv", new List<object>
            { "sh", "-c", "printf '{\"limit\": %s}' $(cat " + Path.Combine(fake.Dir, "power.limit") + ")" });
        var caps = new Dictionary<string, Cap>();

        var r = ex.Run(Fixtures.Trial(domain, Fixtures.Genome("power_limit_pct", 70L), w, 0, 0, 0, caps, true));
        Assert.True(r.Outcome == TrialOutcome.Ok, r.Error);
        Assert.Equal(210.0, r.Kpis["limit"]); // 70% of 300 W while the trial ran
        Assert.Equal("280.00", fake.PowerLimit()); // restored after the trial
        Assert.Empty(ex.Journal.Pending());

        var held = ex.Run(Fixtures.Trial(domain, Fixtures.Genome("power_limit_pct", 70L), w, 0, 0, 1, caps, false));
        Assert.Equal(280.0, held.Kpis["limit"]); // without --allow-system-changes the limit stays
        Assert.Contains("--allow-system-changes", held.Unavailable["knob:power_limit_pct"]);

        fake.Set("deny", true);
        var denied = ex.Run(Fixtures.Trial(domain, Fixtures.Genome("power_limit_pct", 70L), w, 0, 0, 2, caps, true));
        Assert.Equal(TrialOutcome.Failed, denied.Outcome);
        Assert.Contains("not supported in current scheduler", denied.Error);
        Assert.Equal("280.00", fake.PowerLimit());
    }
}
