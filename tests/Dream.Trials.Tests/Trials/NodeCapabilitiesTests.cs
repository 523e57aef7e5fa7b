using Dream.Core.Domain;
using Dream.Trials.Processes;

namespace Dream.Trials.Tests.Trials;

/// <summary>What a node can do, found on a fake tree with an empty tool path: each knob and KPI with its reason.</summary>
public sealed class NodeCapabilitiesTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dream-caps-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private static ActuatorSpec File(string kind, string? path) => new(kind, path, null, null);

    private static IReadOnlyDictionary<string, Kpi> Kpis(params string[] names) =>
        names.ToDictionary(n => n, n => new Kpi(n, "u", Better.Higher, null));

    [Fact]
    public void ADomainOnANodeThatLacksKnobsAndKpisSaysWhichAndWhyUpFront()
    {
        var tree = new FakeTree(Path.Combine(_dir, "root"))
            .Write("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor", "schedutil\n")
            .Write("/sys/devices/system/cpu/cpu0/cpufreq/scaling_available_governors", "performance schedutil\n")
            .Write("/sys/kernel/mm/transparent_hugepage/enabled", "always [madvise] never\n")
            .Write("/sys/class/hwmon/hwmon0/name", "coretemp\n").Write("/sys/class/hwmon/hwmon0/temp1_input", "45000\n")
            .Write("/proc/stat", "cpu  1 2 3 4 5 6 7 8\nctxt 10\n")
            .Write("/sys/fs/cgroup/cgroup.subtree_control", "cpu memory\n");
        var bin = Directory.CreateDirectory(Path.Combine(_dir, "bin")).FullName; // no tools at all
        var caps = NodeCapabilities.Detect(tree.SysRoot(), Tools.OnPath(bin));

        var cpu = Fixtures.Domain("cpu",
        [
            new ChoiceKnob("governor", ["performance", "schedutil", "powersave"], null,
                File("sysfs", "/sys/devices/system/cpu/cpu*/cpufreq/scaling_governor")),
            new ChoiceKnob("epp", ["performance", "power"], null,
                File("sysfs", "/sys/devices/system/cpu/cpu*/cpufreq/energy_performance_preference")),
            new ChoiceKnob("thp", ["always", "never", "sometimes"], null, File("sysfs", "/sys/kernel/mm/transparent_hugepage/enabled")),
            new FloatKnob("cpu_share", 0.25, 1, 0.25, false, 1.0, File("affinity", null)),
            new ChoiceKnob("bw", ["full"], "full", new ActuatorSpec("cgroup", "cpu.max", new Dictionary<string, string> { ["full"] = "max 100000" }, null)),
            new IntKnob("power", 50, 100, 10, false, null,
                new ActuatorSpec("nvidia-smi", null, null, new Dictionary<string, object> { ["setting"] = "power-limit-pct", ["gpu"] = 0L })),
            Fixtures.IntKnob("threads", 1, 8, 2),
        ], Kpis("throughput_ops", "p95_latency_ms", "cpu_temp_c", "package_power_w", "context_switches_per_s", "gpu_power_w", "made_up_kpi"));
        var regimes = new Dictionary<string, RegimeSpec>
        {
            ["idle"] = new("idle", Fixtures.Workload("builtin-cpu", "load", 0.05), 3, 1),
            ["stress"] = new("stress", Fixtures.Workload("stress-ng", "args", new List<object> { "--cpu", "0" }), 4, 1),
        };

        var r = caps.Check(cpu, regimes);
        Assert.True(r.Knobs["governor"].Ok);
        Assert.Contains("not offered here: powersave", r.Knobs["governor"].Detail);
        Assert.False(r.Knobs["epp"].Ok);
        Assert.Contains("no file matches", r.Knobs["epp"].Detail);
        Assert.Contains("not offered here: sometimes", r.Knobs["thp"].Detail);
        Assert.Contains("taskset is not installed on this node", r.UnsupportedKnobs()["cpu_share"]);
        Assert.True(r.Knobs["bw"].Ok, r.Knobs["bw"].Detail);
        Assert.Contains("nvidia-smi is not installed on this node", r.UnsupportedKnobs()["power"]);
        Assert.True(r.Knobs["threads"].Ok);

        Assert.True(r.Kpis["throughput_ops"]["idle"].Ok);
        Assert.Equal("stress-ng is not installed on this node (not found on PATH)", r.Kpis["throughput_ops"]["stress"].Detail);
        Assert.True(r.Kpis["cpu_temp_c"]["idle"].Ok);
        var unavailable = r.UnavailableKpis();
        Assert.Contains("no RAPL", unavailable["package_power_w"]);
        Assert.True(r.Kpis["context_switches_per_s"]["idle"].Ok);
        Assert.Contains("nvidia-smi is not installed", unavailable["gpu_power_w"]);
        Assert.Contains("nothing on this node measures made_up_kpi", unavailable["made_up_kpi"]);
        Assert.True(unavailable.ContainsKey("throughput_ops@stress"));

        var table = r.ToString();
        Assert.StartsWith("domain cpu on this node", table);
        Assert.Contains(table.Split('\n'), l => l.Contains("knob epp") && l.Contains("no "));
        var node = caps.ToString();
        Assert.Contains(node.Split('\n'), l => l.Contains("cpufreq governors") && l.Contains("performance schedutil"));
        Assert.Contains(node.Split('\n'), l => l.Contains("tool stress-ng") && l.Contains("not installed"));
        Assert.True(caps.Features["cgroup v2"].Ok, node);
    }

    [Fact]
    public void PlacementKnobsAreHeldEverywhereWhenEveryRegimeIsBuiltin()
    {
        var tree = new FakeTree(Path.Combine(_dir, "root")).Write("/proc/stat", "cpu 1 2 3 4\n");
        var caps = NodeCapabilities.Detect(tree.SysRoot(), Tools.System());
        var d = Fixtures.Domain("d", [new IntKnob("nice", 0, 19, 1, false, 0L, File("nice", null))], Kpis("throughput_ops"));
        var regimes = new Dictionary<string, RegimeSpec> { ["idle"] = new("idle", Fixtures.Workload("builtin-cpu"), 1, 1) };
        Assert.Contains("every regime runs a builtin workload", caps.Check(d, regimes).UnsupportedKnobs()["nice"]);
    }
}
