using Dream.Core.Domain;
using Dream.Trials.Actuators;
using Dream.Trials.Probes;
using Dream.Trials.Processes;
using Dream.Trials.Tests.Probes;
using Dream.Trials.Tests.Trials;
using Dream.Trials.Workloads;

namespace Dream.Trials.Tests.Actuators;

/// <summary>
/// The placement knobs on real processes: affinity, nice and policy through the real taskset, nice and chrt, and
/// the trial's cgroup on a fake /sys/fs/cgroup, each run by the executor around a command workload that reports
/// what it got.
/// </summary>
public sealed class PlacedWorkloadTests : IDisposable
{
    private readonly TempDir _dir = new();
    private LocalTrialExecutor? _executor;

    public void Dispose()
    {
        _executor?.Dispose();
        _dir.Dispose();
    }

    private static DomainSpec Domain(IReadOnlyList<Knob> knobs, params string[] kpis) =>
        Fixtures.Domain("placed", knobs, kpis.ToDictionary(k => k, k => new Kpi(k, "u", Better.Higher, null)));

    private TrialResult Run(IReadOnlyDictionary<string, IKnobActuator> actuators, DomainSpec d, Genome genome, WorkloadSpec w, bool allow)
    {
        var o = new LocalTrialExecutor.Options("n", _dir.Resolve("journal"), _dir.Resolve("scratch"),
            TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10));
        _executor?.Dispose();
        _executor = new LocalTrialExecutor(o, WorkloadRegistry.Standard(), [], actuators);
        return _executor.Run(Fixtures.Trial(d, genome, w, 0, 0, 0, new Dictionary<string, Cap>(), allow));
    }

    /// <summary>A command that reports its own CPUs, niceness and scheduling policy (field 41 of /proc/self/stat).</summary>
    private static WorkloadSpec SelfReport() => Fixtures.Workload("command", "argv", new List<object>
    {
        "sh", "-c",
        "printf '{\"cpus\": %s, \"nice\": %s, \"policy\": %s}' \"$(nproc)\" \"$(nice)\" \"$(awk '{print $41}' /proc/self/stat)\"",
    });

    [Fact]
    public void AffinityNiceAndPolicyReachTheWorkloadsProcessesThroughTasksetNiceAndChrt()
    {
        foreach (var t in new[] { "taskset", "nice", "chrt", "nproc", "awk" })
            if (Tools.System().Find(t) is null) return; // a tool missing on this machine: nothing to show here
        var real = new SysRoot("/");
        var actuators = new Dictionary<string, IKnobActuator>
        {
            ["affinity"] = new PlacementActuator("affinity", real),
            ["nice"] = new PlacementActuator("nice", real),
            ["sched-policy"] = new PlacementActuator("sched-policy", real),
        };
        var d = Domain([
            new IntKnob("cpus", 1, 1, 1, false, null, new ActuatorSpec("affinity", null, null, null)),
            new IntKnob("niceness", 0, 19, 1, false, null, new ActuatorSpec("nice", null, null, null)),
            new ChoiceKnob("policy", ["other", "batch", "idle"], null, new ActuatorSpec("sched-policy", null, null, null)),
        ], "cpus", "nice", "policy");
        var genome = Fixtures.Genome("cpus", 1L, "niceness", 7L, "policy", "batch");
        var r = Run(actuators, d, genome, SelfReport(), true);
        Assert.True(r.Outcome == TrialOutcome.Ok, r.Error);
        Assert.Equal(1.0, r.Kpis["cpus"]);
        Assert.Equal(7.0, r.Kpis["nice"]);
        Assert.Equal(3.0, r.Kpis["policy"]); // SCHED_BATCH is 3

        var held = Run(actuators, d, genome, SelfReport(), false);
        Assert.Equal(0.0, held.Kpis["nice"]); // held at stock without --allow-system-changes
        Assert.Equal(KnobApplier.HeldReason, held.Unavailable["knob:niceness"]);
    }

    [Fact]
    public void ACgroupKnobRunsTheWorkloadInTheTrialsOwnCgroupAndRemovesItAfterwards()
    {
        var tree = new FakeSysTree(_dir.Resolve("root")).Write("/sys/fs/cgroup/cgroup.subtree_control", "cpu memory\n");
        var cg = new CgroupActuator(tree.SysRoot(), "/sys/fs/cgroup/dream");
        var d = Domain([new ChoiceKnob("bandwidth", ["full", "half"], null,
            new ActuatorSpec("cgroup", "cpu.max", [new("full", "max 100000"), new("half", "50000 100000")], null))], "quota", "placed");
        var @base = Path.Combine(tree.Root, "sys/fs/cgroup/dream");
        // The command waits a moment (its PID is written right after it starts), then reads its cgroup's files.
        var w = Fixtures.Workload("command", "argv", new List<object>
        {
            "sh", "-c",
            "sleep 0.3; q=$(cut -d' ' -f1 " + @base + "/trial-*/cpu.max); if grep -qx $$ " + @base + "/trial-*/cgroup.procs; then p=1; else p=0; fi; "
            + "printf '{\"quota\": %s, \"placed\": %s}' \"$q\" \"$p\"",
        });
        var r = Run(new Dictionary<string, IKnobActuator> { ["cgroup"] = cg }, d, Fixtures.Genome("bandwidth", "half"), w, true);
        Assert.True(r.Outcome == TrialOutcome.Ok, r.Error);
        Assert.Equal(50000.0, r.Kpis["quota"]); // cpu.max of the trial's cgroup
        Assert.Equal(1.0, r.Kpis["placed"]); // the command's PID is in the trial's cgroup.procs
        Assert.Equal("cpu", tree.Read("/sys/fs/cgroup/dream/cgroup.subtree_control").Trim());
        Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(@base), p => Path.GetFileName(p).StartsWith("trial-", StringComparison.Ordinal));
        Assert.Empty(_executor!.Journal.Pending());

        var builtin = Run(new Dictionary<string, IKnobActuator> { ["cgroup"] = cg }, d, Fixtures.Genome("bandwidth", "half"),
            Fixtures.Workload("builtin-cpu", "threads", 1L), true);
        Assert.Contains("runs inside the Dream JVM", builtin.Unavailable["knob:bandwidth"]);
    }
}
