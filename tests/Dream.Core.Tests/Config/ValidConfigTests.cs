using Dream.Core.Config;
using Dream.Core.Domain;

namespace Dream.Core.Tests.Config;

/// <summary>What a valid directory turns into: canonical types, defaults, file order, hashes.</summary>
public class ValidConfigTests : TempDirTest
{
    [Fact]
    public void MinimalDirectoryLoadsIntoCanonicalTypes()
    {
        var c = ConfigFixture.Valid(Tmp).Load();
        var toy = c.Domains["toy"];
        Assert.Equal(new IntKnob("threads", 1, 8, 1, false, 2L, ActuatorSpec.WorkloadArg()), toy.Knob("threads"));
        Assert.Equal(["fast", "slow"], ((ChoiceKnob)toy.Knob("mode")).Choices);
        Assert.Equal(new Kpi("p95_ms", "ms", Better.Lower, KpiRole.P95), toy.Kpis["p95_ms"]);
        // No weights declared: score_v2's defaults on the KPIs that have roles.
        ConfigFixture.AssertDictionary(new Dictionary<string, double> { ["perf"] = 1.0, ["p95_ms"] = 0.2, ["watts"] = 0.1 }, toy.Weights);

        var normal = c.Regimes["toy"]["normal"];
        Assert.Equal(1.0, normal.DurationS);
        Assert.Equal(1.0, normal.Weight);
        Assert.Equal("builtin-cpu", normal.Workload.Kind);
        ConfigFixture.AssertCanonical(new Dictionary<string, object> { ["load"] = 0.5, ["threads"] = "{threads}" }, normal.Workload.Params);
        Assert.Equal(3, c.Execution.Trials);
        Assert.Equal(1.5, c.Execution.TimeoutMultiplier);
        Assert.Equal(["toy"], c.Caps.Domains.Keys);
        ConfigFixture.AssertDictionary(new Dictionary<string, Cap> { ["watts"] = new("watts", null, 100.0) }, c.Caps.Domains["toy"]);
        Assert.Equal(new GlobalCaps(3, 300, 2), c.Caps.Global);
    }

    [Fact]
    public void FileHashesAreTheSha256OfEachFileKeyedByItsPathInTheDirectory()
    {
        var f = ConfigFixture.Valid(Tmp);
        var c = f.Load();
        Assert.Equal(["caps.yaml", "domains/toy.yaml", "regimes.yaml"], c.FileHashes.Keys);
        Assert.Equal(YamlSource.Sha256Hex(File.ReadAllBytes(Path.Combine(f.Dir, "regimes.yaml"))), c.FileHashes["regimes.yaml"]);
        // Known vector: sha256 of "abc".
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", YamlSource.Sha256Hex("abc"u8.ToArray()));
        var before = c.FileHashes["caps.yaml"];
        f.Write("caps.yaml", ConfigFixture.Caps + "# a comment changes the file\n");
        Assert.NotEqual(before, f.Load().FileHashes["caps.yaml"]);
    }

    [Fact]
    public void EveryKnobTypeAndActuatorKindIsReadWithItsValues()
    {
        var f = ConfigFixture.Valid(Tmp).ToyKnobs(ConfigFixture.Text("""
              threads: {type: int, min: 1, max: 8, default: 2, actuator: {kind: workload-arg}}
              mode: {type: choice, choices: [on, off, 2], default: on, actuator: {kind: workload-arg}}
              share: {type: float, min: 0.25, max: 1, step: 0.25, actuator: {kind: affinity}}
              batch: {type: int, min: 1, max: 256, scale: log, default: 16, actuator: {kind: env, name: BATCH}}
              ratio: {type: float, min: 0.001, max: 10, scale: log, default: 1, actuator: {kind: workload-arg}}
              smt:
                type: bool
                actuator: {kind: sysfs, path: /sys/devices/system/cpu/smt/control, values: {true: "on", false: "off"}}
              swappiness: {type: int, min: 0, max: 100, step: 10, actuator: {kind: procfs, path: /proc/sys/vm/swappiness}}
              weight: {type: int, min: 1, max: 10000, scale: log, actuator: {kind: cgroup, path: cpu.weight}}
              nice: {type: int, min: -20, max: 19, actuator: {kind: nice}}
              policy: {type: choice, choices: [other, batch], actuator: {kind: sched-policy}}
              power: {type: int, min: 50, max: 100, step: 10, actuator: {kind: nvidia-smi, setting: power-limit-pct}}
            """));
        var toy = f.Load().Domains["toy"];
        // YAML 1.1 would read on/off as booleans and 2 as an int; choices stay the words written.
        Assert.Equal(new ChoiceKnob("mode", ["on", "off", "2"], "on", ActuatorSpec.WorkloadArg()), toy.Knob("mode"));
        Assert.Equal(new FloatKnob("share", 0.25, 1.0, 0.25, false, null, new ActuatorSpec("affinity", null, null, null)), toy.Knob("share"));
        Assert.Equal(new IntKnob("batch", 1, 256, 1, true, 16L, new ActuatorSpec("env", "BATCH", null, null)), toy.Knob("batch"));
        Assert.Equal(1.0, ((FloatKnob)toy.Knob("ratio")).Stock);
        Assert.Null(((FloatKnob)toy.Knob("ratio")).Step);
        ConfigFixture.AssertDictionary(new Dictionary<string, string> { ["true"] = "on", ["false"] = "off" }, toy.Knob("smt").Actuator.Values);
        Assert.Equal("/sys/devices/system/cpu/smt/control", toy.Knob("smt").Actuator.Path);
        Assert.Equal(new ActuatorSpec("cgroup", "cpu.weight", null, null), toy.Knob("weight").Actuator);
        ConfigFixture.AssertCanonical(new Dictionary<string, object> { ["setting"] = "power-limit-pct", ["gpu"] = 0L }, toy.Knob("power").Actuator.Params);
        Assert.Equal(["threads", "mode", "share", "batch", "ratio", "smt", "swappiness", "weight", "nice", "policy", "power"],
            toy.Knobs.Select(k => k.Name).ToList());
    }

    [Fact]
    public void WorkloadParamsAreKeptInCanonicalTypes()
    {
        var f = ConfigFixture.Valid(Tmp).Write("regimes.yaml", ConfigFixture.Text("""
            version: 2
            domains:
              toy:
                idle: {workload: {kind: builtin-storage, file_size_mb: 16, block_kb: 4, pattern: read, fsync: false}, duration_s: 10}
                stress: {workload: {kind: stress-ng, args: ["--cpu", 0, "--cpu-load={threads}"]}, duration_s: 30, weight: 2}
                sim: {workload: {kind: sim, function: sphere, optimum: {threads: 3, mode: slow}, noise: 0}, duration_s: 0}
                cmd: {workload: {kind: command, argv: [bench, "--mode", "{mode}"], timeout_s: 60}, duration_s: 5}
            """));
        var regimes = f.Load().Regimes["toy"];
        Assert.Equal(["idle", "stress", "sim", "cmd"], regimes.Keys);
        ConfigFixture.AssertCanonical(new Dictionary<string, object> { ["file_size_mb"] = 16L, ["block_kb"] = 4L, ["pattern"] = "read", ["fsync"] = false },
            regimes["idle"].Workload.Params);
        ConfigFixture.AssertCanonical(new List<object> { "--cpu", "0", "--cpu-load={threads}" }, regimes["stress"].Workload.Params["args"]);
        Assert.Equal(2.0, regimes["stress"].Weight);
        ConfigFixture.AssertCanonical(new Dictionary<string, object> { ["threads"] = 3L, ["mode"] = "slow" }, regimes["sim"].Workload.Params["optimum"]);
        Assert.Equal(0.0, regimes["sim"].Workload.Params["noise"]);
        Assert.Equal(60.0, regimes["cmd"].Workload.Params["timeout_s"]);
    }

    [Fact]
    public void CapsAcceptABareNumberAsMaxAndMinOrMaxAlone()
    {
        var caps = ConfigFixture.Valid(Tmp).Write("caps.yaml", ConfigFixture.Text("""
            version: 2
            domains:
              toy: {watts: 150, perf: {min: 10}, p95_ms: {min: 0, max: 50}}
            """)).Load().Caps;
        Assert.Equal(new Cap("watts", null, 150.0), caps.ForDomain("toy")["watts"]);
        Assert.Equal(new Cap("perf", 10.0, null), caps.ForDomain("toy")["perf"]);
        Assert.Equal(new Cap("p95_ms", 0.0, 50.0), caps.ForDomain("toy")["p95_ms"]);
        // Absent global and tolerance blocks take the documented defaults.
        Assert.Equal(GlobalCaps.Default, caps.Global);
        Assert.Equal(Tolerance.Default, caps.Tolerance);
    }

    [Fact]
    public void DeclaredWeightsReplaceTheDefaults()
    {
        var f = ConfigFixture.Valid(Tmp).Write("domains/toy.yaml", ConfigFixture.Toy + "weights: {perf: 2, watts: 0.5}\n");
        ConfigFixture.AssertDictionary(new Dictionary<string, double> { ["perf"] = 2.0, ["watts"] = 0.5 }, f.Load().Domains["toy"].Weights);
    }

    [Fact]
    public void ARelativeDirectoryNamesFilesAsGiven()
    {
        var f = ConfigFixture.Valid(Tmp).Write("caps.yaml", "version: 3\n");
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, f.Dir);
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Load(relative));
        Assert.Equal(Path.Combine(relative, "caps.yaml"), e.Problems()[0].File);
    }

    [Fact]
    public void AnchorsAliasesAndMergeKeysAreResolvedAndWrittenKeysWin()
    {
        var f = ConfigFixture.Valid(Tmp).ToyKnobs(ConfigFixture.Text("""
              threads: &int_arg {type: int, min: 1, max: 8, default: 2, actuator: {kind: workload-arg}}
              batch:
                <<: *int_arg
                max: 64
                default: 16
            """));
        var toy = f.Load().Domains["toy"];
        Assert.Equal(new IntKnob("batch", 1, 64, 1, false, 16L, ActuatorSpec.WorkloadArg()), toy.Knob("batch"));
        Assert.Equal(new IntKnob("threads", 1, 8, 1, false, 2L, ActuatorSpec.WorkloadArg()), toy.Knob("threads"));
    }

    [Fact]
    public void YamlNumberSpellingsMeanWhatYamlSays()
    {
        var f = ConfigFixture.Valid(Tmp).ToyKnobs(ConfigFixture.Text("""
              size: {type: int, min: 0x10, max: 1_024, step: 0x10, default: 0x20, actuator: {kind: workload-arg}}
              rate: {type: float, min: 1e-3, max: 1e3, scale: log, default: 1, actuator: {kind: workload-arg}}
            """));
        var toy = f.Load().Domains["toy"];
        Assert.Equal(new IntKnob("size", 16, 1024, 16, false, 32L, ActuatorSpec.WorkloadArg()), toy.Knob("size"));
        Assert.Equal(new FloatKnob("rate", 0.001, 1000, null, true, 1.0, ActuatorSpec.WorkloadArg()), toy.Knob("rate"));
    }
}
