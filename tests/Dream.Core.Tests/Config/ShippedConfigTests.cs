using System.Runtime.CompilerServices;
using Dream.Core.Config;
using Dream.Core.Domain;

namespace Dream.Core.Tests.Config;

/// <summary>The default config/ at the repository root: valid, and as the product promises.</summary>
public class ShippedConfigTests
{
    private static readonly Lazy<DreamConfig> Shipped = new(() => ConfigLoader.Load(ShippedConfigDir()));

    private static DreamConfig config => Shipped.Value;

    /// <summary>
    /// The repository root: the directory holding Dream.sln above the test binary or, when the build writes its
    /// output elsewhere (DREAM_ARTIFACTS), above this source file.
    /// </summary>
    internal static string RepositoryRoot([CallerFilePath] string source = "")
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Path.GetDirectoryName(source) ?? "" })
        {
            for (var d = new DirectoryInfo(start); d is not null; d = d.Parent)
            {
                if (File.Exists(Path.Combine(d.FullName, "Dream.sln")) && File.Exists(Path.Combine(d.FullName, "config", "regimes.yaml"))) return d.FullName;
            }
        }
        throw new InvalidOperationException("no Dream.sln with config/ above " + AppContext.BaseDirectory + " or " + source);
    }

    internal static string ShippedConfigDir() => Path.Combine(RepositoryRoot(), "config");

    [Fact]
    public void EveryShippedFileLoadsWithoutAProblem()
    {
        var root = RepositoryRoot();
        // The default config directory, every file of it read and hashed.
        var yamlFiles = Directory.GetFiles(ShippedConfigDir(), "*.yaml", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(ShippedConfigDir(), f).Replace('\\', '/')).OrderBy(f => f, StringComparer.Ordinal).ToList();
        Assert.Equal(yamlFiles, config.FileHashes.Keys.ToList());
        // The deployed service schedule, against the default config.
        var schedule = ScheduleParser.Load(Path.Combine(root, "deploy", "schedule.yaml"), config);
        Assert.Equal(["cpu", "os_scheduler", "memory", "storage", "power_thermal", "network"], schedule.Domains.Select(d => d.Domain).ToList());
        Assert.Equal(TimeSpan.FromHours(2), schedule.ForDomain("cpu").Interval());
        Assert.Equal(12, schedule.ForDomain("cpu").Population);
        // The application-domain example.
        var example = ConfigLoader.Load(Path.Combine(root, "examples", "compressor"));
        Assert.NotEmpty(example.Domains);
    }

    [Fact]
    public void EveryDomainIsDefinedWithTheFourRegimes()
    {
        string[] domains = ["cpu", "gpu", "memory", "network", "os_scheduler", "power_thermal", "sim", "storage"];
        Assert.Equal(domains, config.Domains.Keys.ToList());
        foreach (var d in domains) Assert.Equal(["idle", "normal", "stress", "mixed"], config.Regimes[d].Keys.ToList());
    }

    [Fact]
    public void RegimesOfADomainRunDifferentWorkloads()
    {
        foreach (var (domain, regimes) in config.Regimes)
        {
            var seen = new List<WorkloadSpec>();
            foreach (var r in regimes.Values)
            {
                Assert.False(seen.Any(w => w.Equals(r.Workload)), domain + "." + r.Name + " repeats a workload");
                seen.Add(r.Workload);
            }
        }
    }

    /// <summary>
    /// A fresh machine with nothing installed can run idle, normal and mixed. Not the gpu domain: it needs a GPU
    /// anyway, and all its regimes run the GPU benchmark, so that each reports the KPIs the score is made of.
    /// </summary>
    [Fact]
    public void IdleNormalAndMixedUseBuiltinWorkloads()
    {
        foreach (var (domain, regimes) in config.Regimes)
        {
            if (domain is "sim" or "gpu") continue;
            foreach (var r in new[] { "idle", "normal", "mixed" })
            {
                Assert.True(regimes[r].Workload.Kind.StartsWith("builtin-", StringComparison.Ordinal), domain + "." + r);
            }
        }
    }

    [Fact]
    public void EveryRealDomainScoresPerfAndP95AndCapsOnlyItsOwnKpis()
    {
        foreach (var (name, d) in config.Domains)
        {
            var roles = d.Kpis.Values.Where(k => k.Role is not null).Select(k => k.Role!.Value).ToHashSet();
            Assert.True(roles.IsSupersetOf([KpiRole.Perf, KpiRole.P95]), name);
            foreach (var kpi in config.Caps.ForDomain(name).Keys) Assert.True(d.Kpis.ContainsKey(kpi), name + "." + kpi);
            Assert.True(config.Caps.ForDomain(name).Count > 0, name + " has no caps");
        }
        Assert.Equal(new HashSet<string> { "cpu_temp_c", "package_power_w", "thermal_throttle_events" }, config.Caps.ForDomain("cpu").Keys.ToHashSet());
        Assert.True(config.Caps.ForDomain("gpu").Keys.ToHashSet().IsSupersetOf(["gpu_temp_c", "gpu_power_w"]));
    }

    [Fact]
    public void SimDomainIsExactlyAsSpecified()
    {
        var sim = config.Domains["sim"];
        var arg = ActuatorSpec.WorkloadArg();
        Assert.Equal(new Knob[]
        {
            new IntKnob("threads", 1, 64, 1, false, 8L, arg),
            new FloatKnob("util", 0.25, 1.0, 0.25, false, 0.5, arg),
            new IntKnob("batch", 1, 256, 1, true, 16L, arg),
            new ChoiceKnob("mode", ["a", "b", "c"], "a", arg),
        }, sim.Knobs);
        ConfigFixture.AssertDictionary(new Dictionary<string, Kpi>
        {
            ["perf"] = new("perf", "ops/s", Better.Higher, KpiRole.Perf),
            ["p95_ms"] = new("p95_ms", "ms", Better.Lower, KpiRole.P95),
            ["watts"] = new("watts", "W", Better.Lower, KpiRole.Watts),
        }, sim.Kpis);
        var optima = new List<object>();
        foreach (var r in config.Regimes["sim"].Values)
        {
            Assert.Equal("sim", r.Workload.Kind);
            Assert.Equal(0.0, r.DurationS);
            var optimum = r.Workload.Params["optimum"];
            Assert.False(optima.Any(o => Canonical.ValueEquals(o, optimum)), "each regime has its own optimum");
            optima.Add(optimum);
        }
        ConfigFixture.AssertCanonical(new Dictionary<string, object>
        {
            ["function"] = "sphere",
            ["optimum"] = new Dictionary<string, object> { ["threads"] = 12L, ["util"] = 0.75 },
            ["noise"] = 0.05,
        }, config.Regimes["sim"]["normal"].Workload.Params);
    }

    [Fact]
    public void ExecutionDefaultsAndModestCpuDurations()
    {
        Assert.Equal(new ExecutionSpec(3, 1, 1, 1, 1.5), config.Execution);
        var cpu = config.Regimes["cpu"];
        Assert.Equal(3.0, cpu["idle"].DurationS);
        Assert.Equal(4.0, cpu["normal"].DurationS);
        Assert.Equal(4.0, cpu["stress"].DurationS);
        Assert.Equal(4.0, cpu["mixed"].DurationS);
        Assert.Equal("stress-ng", cpu["stress"].Workload.Kind);
    }

    [Fact]
    public void KnobsThatCannotBeReadFromTheMachineDeclareTheirDefault()
    {
        foreach (var d in config.Domains.Values)
        {
            foreach (var k in d.Knobs)
            {
                if (ActuatorParser.CannotReadCurrent.Contains(k.Actuator.Kind)) Assert.True(k.Stock is not null, d.Name + "." + k.Name);
            }
        }
    }

    [Fact]
    public void EveryConfigFileIsHashed()
    {
        Assert.Equal(10, config.FileHashes.Count); // eight domain files, regimes.yaml, caps.yaml
        Assert.True(config.FileHashes.Keys.ToHashSet().IsSupersetOf(["regimes.yaml", "caps.yaml", "domains/sim.yaml"]));
    }
}
