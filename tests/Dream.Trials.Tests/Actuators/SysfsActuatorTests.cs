using Dream.Core.Domain;
using Dream.Trials.Actuators;
using Dream.Trials.Tests.Probes;
using static Dream.Trials.Tests.Actuators.KnobTrials;

namespace Dream.Trials.Tests.Actuators;

public sealed class SysfsActuatorTests : IDisposable
{
    private const string Gov = "/sys/devices/system/cpu/cpu*/cpufreq/scaling_governor";

    private static readonly ChoiceKnob Governor = new("governor", ["performance", "schedutil", "powersave"], null, Actuator("sysfs", Gov));
    private static readonly BoolKnob Smt = new("smt", null, Actuator("sysfs", "/sys/devices/system/cpu/smt/control", ("true", "on"), ("false", "off")));
    private static readonly ChoiceKnob Thp = new("thp", ["always", "madvise", "never"], null, Actuator("sysfs", "/sys/kernel/mm/transparent_hugepage/enabled"));
    private static readonly IntKnob Swappiness = new("swappiness", 0, 200, 1, false, null, Actuator("procfs", "/proc/sys/vm/swappiness"));

    private static readonly Genome G = Genome("governor", "performance", "smt", false, "thp", "never", "swappiness", 10L);

    private readonly TempDir _dir = new();
    private readonly FakeSysTree _tree;
    private readonly SysfsActuator _sysfs;
    private readonly ApplyJournal _journal;

    public SysfsActuatorTests()
    {
        _tree = new FakeSysTree(_dir.Resolve("root"));
        _tree.Write("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor", "schedutil\n")
            .Write("/sys/devices/system/cpu/cpu1/cpufreq/scaling_governor", "schedutil\n")
            .Write("/sys/devices/system/cpu/cpufreq/boost", "1\n")
            .Write("/sys/devices/system/cpu/smt/control", "on\n")
            .Write("/sys/kernel/mm/transparent_hugepage/enabled", "always [madvise] never\n")
            .Write("/proc/sys/vm/swappiness", "60\n");
        _sysfs = new SysfsActuator(_tree.SysRoot(), "sysfs");
        _journal = new ApplyJournal(_dir.Resolve("journal"));
    }

    public void Dispose() => _dir.Dispose();

    private KnobApplier Applier() => new(Dream.Trials.Actuators.Actuators.Standard(_tree.SysRoot()), _journal);

    private static TrialSpec CpuTrial(Genome g, bool allow) => Trial(Domain("cpu", [Governor, Smt, Thp, Swappiness]), g, allow);

    [Fact]
    public void ApplyWritesEveryMatchedFileAndRestoreWritesTheStockBack()
    {
        var applied = Applier().Apply(CpuTrial(G, true));
        Assert.Equal("performance", _tree.Read("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor"));
        Assert.Equal("performance", _tree.Read("/sys/devices/system/cpu/cpu1/cpufreq/scaling_governor"));
        Assert.Equal("off", _tree.Read("/sys/devices/system/cpu/smt/control"));
        Assert.Equal("never", _tree.Read("/sys/kernel/mm/transparent_hugepage/enabled"));
        Assert.Equal("10", _tree.Read("/proc/sys/vm/swappiness"));
        Assert.Equal(4, _journal.Pending().Count);
        var gov = _journal.Pending()[0];
        Assert.Equal(new Dictionary<string, string>
        {
            ["/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor"] = "schedutil",
            ["/sys/devices/system/cpu/cpu1/cpufreq/scaling_governor"] = "schedutil",
        }, gov.Stock);
        Assert.Equal("madvise", _journal.Pending()[2].Stock.Values.First());

        Assert.Empty(applied.Restore());
        Assert.Equal("schedutil", _tree.Read("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor"));
        Assert.Equal("schedutil", _tree.Read("/sys/devices/system/cpu/cpu1/cpufreq/scaling_governor"));
        Assert.Equal("on", _tree.Read("/sys/devices/system/cpu/smt/control"));
        Assert.Equal("madvise", _tree.Read("/sys/kernel/mm/transparent_hugepage/enabled"));
        Assert.Equal("60", _tree.Read("/proc/sys/vm/swappiness"));
        Assert.Empty(_journal.Pending());
        Assert.Empty(applied.Restore()); // restore is idempotent
    }

    [Fact]
    public void WithoutPermissionForSystemChangesNothingIsTouched()
    {
        var applied = Applier().Apply(CpuTrial(G, false));
        Assert.Equal("schedutil\n", _tree.Read("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor"));
        Assert.Equal(new Dictionary<string, string>
        {
            ["governor"] = KnobApplier.HeldReason, ["smt"] = KnobApplier.HeldReason,
            ["thp"] = KnobApplier.HeldReason, ["swappiness"] = KnobApplier.HeldReason,
        }, applied.Held);
        Assert.Empty(_journal.Pending());
    }

    [Fact]
    public void AfterACrashTheJournalPutsTheMachineBack()
    {
        Applier().Apply(CpuTrial(G, true)); // the node "dies" here: no restore
        Assert.Equal("performance", _tree.Read("/sys/devices/system/cpu/cpu1/cpufreq/scaling_governor"));
        File.WriteAllText(Path.Combine(_journal.Dir, "9999999999999-000000001-deadbeef.tmp"), "{\"trun"); // torn write
        // A new process: fresh journal object and actuators, same directory.
        var reopened = new ApplyJournal(_dir.Resolve("journal"));
        var report = reopened.RestorePending(Dream.Trials.Actuators.Actuators.Standard(_tree.SysRoot()));
        Assert.Equal(4, report.Count);
        Assert.All(report, r => Assert.True(r.Ok, r.Message));
        Assert.Equal("schedutil", _tree.Read("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor"));
        Assert.Equal("schedutil", _tree.Read("/sys/devices/system/cpu/cpu1/cpufreq/scaling_governor"));
        Assert.Equal("on", _tree.Read("/sys/devices/system/cpu/smt/control"));
        Assert.Equal("madvise", _tree.Read("/sys/kernel/mm/transparent_hugepage/enabled"));
        Assert.Equal("60", _tree.Read("/proc/sys/vm/swappiness"));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_journal.Dir));
        Assert.StartsWith("restored knob ", report[0].Message);
    }

    [Fact]
    public void AKnobSetTwiceIsRestoredToItsTrueStock()
    {
        var again = new ChoiceKnob("governor2", Governor.Choices, null, Governor.Actuator);
        var t = Trial(Domain("cpu", [Governor, again]), Genome("governor", "performance", "governor2", "powersave"), true);
        Applier().Apply(t); // crash
        new ApplyJournal(_dir.Resolve("journal")).RestorePending(Dream.Trials.Actuators.Actuators.Standard(_tree.SysRoot()));
        Assert.Equal("schedutil", _tree.Read("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor"));
    }

    [Fact]
    public void AFailingKnobUndoesTheOnesAppliedBeforeIt()
    {
        var missing = new IntKnob("missing", 0, 9, 1, false, null, Actuator("sysfs", "/sys/nothing/here"));
        var t = Trial(Domain("cpu", [Governor, missing]), Genome("governor", "performance", "missing", 1L), true);
        var e = Assert.Throws<KnobException>(() => Applier().Apply(t));
        Assert.Contains("applying knob missing = 1 failed", e.Message);
        Assert.Equal("schedutil", _tree.Read("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor"));
        Assert.Empty(_journal.Pending());
        var unknown = Trial(Domain("cpu", [Governor]), Genome("other", 1L), true);
        Assert.Contains("does not define", Assert.Throws<KnobException>(() => Applier().Apply(unknown)).Message);
    }

    [Fact]
    public void PathsOutsideTheDeclaredTreeAreRefused()
    {
        var outside = _dir.Resolve("secret");
        File.WriteAllText(outside, "keep\n");
        Directory.CreateDirectory(_tree.SysRoot().Resolve("/sys/evil"));
        File.CreateSymbolicLink(_tree.SysRoot().Resolve("/sys/evil/link"), outside);
        foreach (var path in new[] { "/etc/passwd", "/sys/../etc/passwd", "/sys//x", "/sys/evil/link", "/proc/sys/vm/swappiness", "/sys/nothing/*" })
        {
            var k = new IntKnob("k", 0, 9, 1, false, null, Actuator("sysfs", path));
            Assert.ThrowsAny<Exception>(() => _sysfs.Apply(k, 1L, new KnobEffects()));
            Assert.ThrowsAny<Exception>(() => _sysfs.ReadStock(k));
        }
        Assert.Equal("keep\n", File.ReadAllText(outside));
        // A journal entry cannot smuggle in a file the knob does not name.
        var spec = Governor.Actuator;
        Assert.Throws<ArgumentException>(() => _sysfs.Restore(spec, new Dictionary<string, string> { ["/sys/devices/system/cpu/cpufreq/boost"] = "0" }));
        Assert.Throws<ArgumentException>(() => _sysfs.Restore(spec, new Dictionary<string, string> { ["/sys/evil/link"] = "0" }));
        Assert.Equal("1\n", _tree.Read("/sys/devices/system/cpu/cpufreq/boost"));
    }

    [Fact]
    public void ASymlinkedDirectoryInsideTheTreeIsFollowed()
    {
        // Real sysfs is made of links (class/hwmon/hwmon0 → ../../devices/...): inside the tree they are fine.
        _tree.Write("/sys/devices/platform/x/knob", "3\n");
        Directory.CreateDirectory(_tree.SysRoot().Resolve("/sys/class/x"));
        Directory.CreateSymbolicLink(_tree.SysRoot().Resolve("/sys/class/x/x0"), "../../devices/platform/x");
        var k = new IntKnob("k", 0, 9, 1, false, null, Actuator("sysfs", "/sys/class/x/x*/knob"));
        Assert.Equal(new Dictionary<string, string> { ["/sys/class/x/x0/knob"] = "3" }, _sysfs.ReadStock(k));
        _sysfs.Apply(k, 5L, new KnobEffects());
        Assert.Equal("5", _tree.Read("/sys/devices/platform/x/knob"));
    }

    [Fact]
    public void TheCurrentValueIsReadBackAsAKnobValue()
    {
        Assert.Equal("schedutil", _sysfs.ReadCurrent(Governor));
        Assert.Equal(true, _sysfs.ReadCurrent(Smt));
        Assert.Equal("madvise", _sysfs.ReadCurrent(Thp));
        Assert.Equal(60L, new SysfsActuator(_tree.SysRoot(), "procfs").ReadCurrent(Swappiness));
    }

    [Fact]
    public void ValuesAreWrittenAsSysfsExpectsThem()
    {
        var f = new FloatKnob("f", 0, 1, null, false, null, Actuator("sysfs", "/sys/x"));
        Assert.Equal("0.0001", KnobValues.Text(f, 1e-4));
        Assert.Equal("1", KnobValues.Text(f, 1.0));
        Assert.Equal("2.5", KnobValues.Text(f, 2.50));
        Assert.Equal("150000000000000000000", KnobValues.Text(f, 1.5e20));
        Assert.Equal("-0.25", KnobValues.Text(f, -0.25));
        Assert.Equal("off", KnobValues.Text(Smt, false));
        var plain = new BoolKnob("b", null, Actuator("sysfs", "/sys/x"));
        Assert.Equal("1", KnobValues.Text(plain, true));
    }

    [Fact]
    public void GlobsMatchWithinOneSegmentAsJavaGlobsDo()
    {
        Assert.True(SysPaths.Matches("/sys/a/cpu*/f", "/sys/a/cpu12/f"));
        Assert.False(SysPaths.Matches("/sys/a/cpu*/f", "/sys/a/cpu1/g/f"));
        Assert.True(SysPaths.Matches("/sys/a/{sda,sdb}/f", "/sys/a/sdb/f"));
        Assert.True(SysPaths.Matches("/sys/a/sd[a-c]/f", "/sys/a/sdc/f"));
        Assert.False(SysPaths.Matches("/sys/a/sd[!a-c]/f", "/sys/a/sdc/f"));
        Assert.True(SysPaths.Matches("/sys/a/n?/f", "/sys/a/n1/f"));
    }
}
