using Dream.Core.Domain;
using Dream.Trials.Actuators;
using Dream.Trials.Probes;
using Dream.Trials.Workloads;

namespace Dream.Trials.Tests.Trials;

/// <summary>The real probes and actuators against a fake /sys and /proc, through the executor.</summary>
public sealed class CapBreachOnFakeTreeTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dream-fake-tree-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    /// <summary>Records what the machine held while the trial ran, around the real sysfs actuator.</summary>
    private sealed class Recording(IKnobActuator real, FakeTree tree, List<string> applied) : IKnobActuator
    {
        public bool ChangesSystem => true;
        public IReadOnlyDictionary<string, string> ReadStock(Knob k) => real.ReadStock(k);

        public void Apply(Knob k, object v, KnobEffects e)
        {
            real.Apply(k, v, e);
            applied.Add(tree.Read("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor"));
        }

        public void Restore(ActuatorSpec s, IReadOnlyDictionary<string, string> stock) => real.Restore(s, stock);
    }

    [Fact]
    public void ACapBelowTheIdleTemperatureAbortsTheFirstTrialAndRestoresTheKnob()
    {
        var tree = new FakeTree(Path.Combine(_dir, "root"))
            .Write("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor", "schedutil\n")
            .Write("/sys/class/hwmon/hwmon0/name", "coretemp\n")
            .Write("/sys/class/hwmon/hwmon0/temp1_input", "45000\n");
        var actuators = new Dictionary<string, IKnobActuator>(Dream.Trials.Actuators.Actuators.Standard(tree.SysRoot()));
        var appliedValues = new List<string>();
        actuators["sysfs"] = new Recording(actuators["sysfs"], tree, appliedValues);
        var kpis = new Dictionary<string, Kpi>
        {
            ["throughput_ops"] = new("throughput_ops", "ops/s", Better.Higher, KpiRole.Perf),
            ["cpu_temp_c"] = new("cpu_temp_c", "C", Better.Lower, null),
        };
        var cpu = Fixtures.Domain("cpu", [new ChoiceKnob("governor", ["performance", "schedutil"], null,
            new ActuatorSpec("sysfs", "/sys/devices/system/cpu/cpu*/cpufreq/scaling_governor", null, null))], kpis);
        var o = new LocalTrialExecutor.Options("n", Path.Combine(_dir, "journal"), Path.Combine(_dir, "scratch"),
            TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(2));
        using var ex = new LocalTrialExecutor(o, WorkloadRegistry.Standard(), ProbeSet.Standard(tree.SysRoot()), actuators);
        var first = Fixtures.Trial(cpu, Fixtures.Genome("governor", "performance"), Fixtures.Workload("builtin-cpu", "threads", 1),
            1, 3600, 0, Fixtures.Caps(new Cap("cpu_temp_c", null, 30.0)), true);
        var r = ex.Run(first);
        Assert.True(r.Outcome == TrialOutcome.CapBreach, r.Error);
        Assert.Equal(["performance"], appliedValues);
        Assert.DoesNotContain("abandoned", r.Error);
        var b = Assert.Single(r.CapBreaches);
        Assert.Equal("cpu_temp_c", b.Kpi);
        Assert.Equal(45.0, b.Value);
        Assert.Equal(30.0, b.Limit);
        Assert.Equal(0, b.Trial);
        Assert.True(b.AtS < 1.0, "caught on the first sample, during warm-up");
        Assert.Equal("schedutil", tree.Read("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor"));
        Assert.Empty(ex.Journal.Pending());

        // Under the cap the same trial measures, and the probe's reading is a KPI.
        var cool = Fixtures.Trial(cpu, Fixtures.Genome("governor", "performance"), Fixtures.Workload("builtin-cpu", "threads", 1),
            0, 0.3, 1, Fixtures.Caps(new Cap("cpu_temp_c", null, 90.0)), true);
        var ok = ex.Run(cool);
        Assert.True(ok.Outcome == TrialOutcome.Ok, ok.Error);
        Assert.Equal(45.0, ok.Kpis["cpu_temp_c"]);
        Assert.True(ok.Kpis["throughput_ops"] > 0);
        Assert.Equal("schedutil", tree.Read("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor"));
    }

    [Fact]
    public void AThrottleEventDuringTheTrialBreaksAMaxZeroCapWhileOldEventsDoNot()
    {
        var tree = new FakeTree(Path.Combine(_dir, "root"))
            .Write("/sys/devices/system/cpu/cpu0/thermal_throttle/core_throttle_count", "41\n") // since boot: not this trial's
            .Write("/sys/devices/system/cpu/cpu1/thermal_throttle/core_throttle_count", "7\n");
        var kpis = new Dictionary<string, Kpi>
        {
            ["throughput_ops"] = new("throughput_ops", "ops/s", Better.Higher, KpiRole.Perf),
            ["thermal_throttle_events"] = new("thermal_throttle_events", "count", Better.Lower, null),
        };
        var cpu = Fixtures.Domain("cpu", [Fixtures.IntKnob("threads", 1, 4, 1)], kpis);
        var o = new LocalTrialExecutor.Options("n", Path.Combine(_dir, "journal"), Path.Combine(_dir, "scratch"),
            TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(2));
        var caps = Fixtures.Caps(new Cap("thermal_throttle_events", null, 0.0));
        using var ex = new LocalTrialExecutor(o, WorkloadRegistry.Standard(), ProbeSet.Standard(tree.SysRoot()),
            Dream.Trials.Actuators.Actuators.Standard(tree.SysRoot()));
        var calm = ex.Run(Fixtures.Trial(cpu, Fixtures.Genome("threads", 1L), Fixtures.Workload("builtin-cpu", "threads", 1), 0, 0.3, 0, caps, false));
        Assert.True(calm.Outcome == TrialOutcome.Ok, calm.Error);
        Assert.Equal(0.0, calm.Kpis["thermal_throttle_events"]); // 48 events since boot, none in this trial

        // One more throttle event every 300 ms until the trial ends: however late the trial takes its first reading on
        // a loaded machine, events come after it. A trial the cap does not stop runs into its 60-s deadline and fails.
        using var done = new CancellationTokenSource();
        var heat = Task.Run(async () =>
        {
            for (int count = 8; !done.IsCancellationRequested; count++)
            {
                await Task.Delay(300);
                tree.Write("/sys/devices/system/cpu/cpu1/thermal_throttle/core_throttle_count", count + "\n");
            }
        });
        var hot = ex.Run(Fixtures.Trial(cpu, Fixtures.Genome("threads", 1L), Fixtures.Workload("builtin-cpu", "threads", 1), 0, 40, 1, caps, false));
        done.Cancel();
        heat.Wait();
        Assert.True(hot.Outcome == TrialOutcome.CapBreach, hot.Error);
        Assert.Equal("thermal_throttle_events", hot.CapBreaches[0].Kpi);
        Assert.True(hot.CapBreaches[0].Value >= 1.0, "events counted since the trial's first reading: " + hot.CapBreaches[0].Value);
        Assert.True(hot.CapBreaches[0].AtS < 30, "caught while the trial ran, not at its end: " + hot.CapBreaches[0].AtS);
        Assert.Contains("trial aborted and knobs restored", hot.Error);
    }
}
