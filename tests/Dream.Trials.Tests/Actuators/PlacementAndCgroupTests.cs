using System.Diagnostics;
using Dream.Core.Domain;
using Dream.Trials.Actuators;
using Dream.Trials.Probes;
using Dream.Trials.Processes;
using Dream.Trials.Tests.Probes;
using static Dream.Trials.Tests.Actuators.KnobTrials;

namespace Dream.Trials.Tests.Actuators;

/// <summary>
/// The knobs that place the workload's processes: affinity, nice and policy as launchers, and the trial's cgroup on a
/// fake /sys/fs/cgroup. (Running a real workload under them is LocalTrialExecutor's test.)
/// </summary>
public sealed class PlacementAndCgroupTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void AffinityNicePolicyBecomeLaunchersInTheirOwnOrderAndAreHeldForBuiltinWorkloads()
    {
        var real = new SysRoot("/");
        var actuators = new Dictionary<string, IKnobActuator>
        {
            ["affinity"] = new PlacementActuator("affinity", real),
            ["nice"] = new PlacementActuator("nice", real),
            ["sched-policy"] = new PlacementActuator("sched-policy", real),
        };
        var d = Domain("placed", [
            new ChoiceKnob("policy", ["other", "batch", "idle"], null, Actuator("sched-policy", null)),
            new IntKnob("niceness", 0, 19, 1, false, null, Actuator("nice", null)),
            new IntKnob("cpus", 1, 1, 1, false, null, Actuator("affinity", null)),
        ]);
        var journal = new ApplyJournal(_dir.Resolve("journal"));
        var applier = new KnobApplier(actuators, journal);
        var genome = Genome("cpus", 1L, "niceness", 7L, "policy", "batch");

        var applied = applier.Apply(Trial(d, genome, true, "command"), workloadStartsProcesses: true);
        Assert.Equal(["taskset", "nice", "chrt"], applied.Placement.Launchers.Select(l => l.Tool));
        Assert.Equal("-c", applied.Placement.Launchers[0].Args[0]);
        Assert.Single(applied.Placement.Launchers[0].Args[1].Split(',')); // one CPU, the lowest online
        Assert.Equal(["-n", "7"], applied.Placement.Launchers[1].Args);
        Assert.Equal(["--batch", "0"], applied.Placement.Launchers[2].Args);
        Assert.True(journal.IsEmpty()); // nothing outlives the processes: nothing to journal
        Assert.Empty(applied.Restore());

        var held = applier.Apply(Trial(d, genome, false, "command"), workloadStartsProcesses: true);
        Assert.True(held.Placement.IsNone());
        Assert.Equal(KnobApplier.HeldReason, held.Held["niceness"]);

        var builtin = applier.Apply(Trial(d, genome, true, "builtin-cpu"), workloadStartsProcesses: false);
        Assert.Contains("runs inside the Dream JVM", builtin.Held["cpus"]);
        Assert.Contains("builtin-cpu", builtin.Held["niceness"]);
    }

    [Fact]
    public void TwoKnobsOfOnePlacementKindAreRefused()
    {
        var effects = new KnobEffects();
        effects.Launcher("nice", new Placement.Launcher("a", "nice", ["-n", "1"]));
        var e = Assert.Throws<ArgumentException>(() => effects.Launcher("nice", new Placement.Launcher("b", "nice", ["-n", "2"])));
        Assert.Contains("knobs a and b both set the nice", e.Message);
    }

    [Fact]
    public void AffinityCountsTheOnlineCpusAndRefusesToRunOnFewerThanAsked()
    {
        var tree = new FakeSysTree(_dir.Resolve("root")).Write("/sys/devices/system/cpu/online", "0-3,8-9\n");
        var a = new PlacementActuator("affinity", tree.SysRoot());
        Assert.Equal([0, 1, 2, 3, 8, 9], a.OnlineCpus());
        var count = new IntKnob("cpus", 1, 64, 1, false, null, Actuator("affinity", null));
        var share = new FloatKnob("share", 0.25, 1, 0.25, false, null, Actuator("affinity", null));
        var list = new ChoiceKnob("set", ["0-1", "2,3"], null, Actuator("affinity", null));
        Assert.Equal("0,1,2,3,8", a.CpuList(count, 5L));
        Assert.Equal("0,1,2", a.CpuList(share, 0.5));
        Assert.Equal("0", a.CpuList(share, 0.1)); // at least one CPU
        Assert.Equal("2,3", a.CpuList(list, "2,3"));
        var e = Assert.Throws<ArgumentException>(() => a.CpuList(count, 7L));
        Assert.Contains("asks for 7 CPUs; this node has 6 online", e.Message);
    }

    [Fact]
    public void AMissingLauncherToolIsNamedWithTheKnobThatNeedsIt()
    {
        var none = Tools.OnPath(_dir.Resolve("nothing"));
        var p = new Placement([new Placement.Launcher("cpu_share", "taskset", ["-c", "0"])], null);
        var ex = Assert.Throws<ToolMissingException>(() => p.Wrap(["/bin/true"], none));
        Assert.Contains("taskset is not installed on this node", ex.Message);
        Assert.Contains("knob cpu_share needs it", ex.Message);
    }

    [Fact]
    public void ACgroupKnobMakesTheTrialsOwnCgroupAndRestoringRemovesIt()
    {
        var tree = new FakeSysTree(_dir.Resolve("root")).Write("/sys/fs/cgroup/cgroup.subtree_control", "cpu memory\n");
        var cg = new CgroupActuator(tree.SysRoot(), "/sys/fs/cgroup/dream");
        var d = Domain("placed", [new ChoiceKnob("bandwidth", ["full", "half"], null,
            Actuator("cgroup", "cpu.max", ("full", "max 100000"), ("half", "50000 100000")))]);
        var journal = new ApplyJournal(_dir.Resolve("journal"));
        var applier = new KnobApplier(new Dictionary<string, IKnobActuator> { ["cgroup"] = cg }, journal);

        var applied = applier.Apply(Trial(d, Genome("bandwidth", "half"), true, "command"), workloadStartsProcesses: true);
        var dir = applied.Placement.Cgroup!;
        Assert.StartsWith(Path.Combine(tree.Root, "sys/fs/cgroup/dream/trial-"), dir);
        Assert.Equal("50000 100000", File.ReadAllText(Path.Combine(dir, "cpu.max")));
        Assert.True(File.Exists(Path.Combine(dir, "cgroup.procs")));
        Assert.Equal("cpu", tree.Read("/sys/fs/cgroup/dream/cgroup.subtree_control").Trim()); // the controller is enabled for the trial cgroups
        var entry = Assert.Single(journal.Pending());
        Assert.Equal("/sys/fs/cgroup/dream/" + Path.GetFileName(dir), entry.Stock["cgroup"]);

        Assert.Empty(applied.Restore());
        Assert.False(Directory.Exists(dir)); // the trial's cgroup is removed
        Assert.Empty(journal.Pending());

        var builtin = applier.Apply(Trial(d, Genome("bandwidth", "half"), true, "builtin-cpu"), workloadStartsProcesses: false);
        Assert.Contains("runs inside the Dream JVM", builtin.Held["bandwidth"]);
        Assert.Throws<KnobException>(() => applier.Apply(Trial(Domain("x", [new ChoiceKnob("b", ["x"], null, Actuator("cgroup", "cgroup.procs"))]),
            Genome("b", "x"), true, "command"), true));
    }

    [Fact]
    public void RestoringATrialCgroupKillsWhatIsLeftInItAndNeverTouchesOtherCgroups()
    {
        var tree = new FakeSysTree(_dir.Resolve("root"));
        var cg = new CgroupActuator(tree.SysRoot(), "/sys/fs/cgroup/dream");
        using var orphan = Process.Start(new ProcessStartInfo("sleep", "300") { UseShellExecute = false })!;
        tree.Write("/sys/fs/cgroup/dream/trial-abc/cgroup.procs", orphan.Id + "\n").Write("/sys/fs/cgroup/dream/trial-abc/cpu.max", "max 100000");
        var spec = new ActuatorSpec("cgroup", "cpu.max", null, null);
        var stock = new Dictionary<string, string> { ["cgroup"] = "/sys/fs/cgroup/dream/trial-abc" };
        cg.Restore(spec, stock);
        Assert.True(orphan.WaitForExit(5000)); // the workload left in the cgroup is killed
        Assert.False(Directory.Exists(Path.Combine(tree.Root, "sys/fs/cgroup/dream/trial-abc")));
        cg.Restore(spec, stock); // idempotent
        foreach (var other in new[] { "/sys/fs/cgroup/system.slice", "/sys/fs/cgroup/dream/../x", "/sys/fs/cgroup/dream/user" })
            Assert.Throws<ArgumentException>(() => cg.Restore(spec, new Dictionary<string, string> { ["cgroup"] = other }));
    }

    [Fact]
    public void OnTheMachineItselfACgroupKnobNeedsCgroupV2()
    {
        var mounts = File.Exists("/proc/self/mounts") ? File.ReadAllLines("/proc/self/mounts") : [];
        if (mounts.Any(l => l.Split(' ') is [_, "/sys/fs/cgroup", "cgroup2", ..])) return; // cgroup v2 here: the refusal is for v1 machines
        var cg = new CgroupActuator(new SysRoot("/"), "/sys/fs/cgroup/dream-test-never-created");
        var k = new ChoiceKnob("bw", ["full"], null, Actuator("cgroup", "cpu.max", ("full", "max 100000")));
        var e = Assert.Throws<IOException>(() => cg.Apply(k, "full", new KnobEffects()));
        Assert.Contains("not cgroup v2", e.Message);
        Assert.False(Directory.Exists("/sys/fs/cgroup/dream-test-never-created"));
    }
}
