using System.Diagnostics;
using Dream.Trials.Processes;
using Dream.Trials.Tests.Trials;
using Dream.Trials.Workloads;

namespace Dream.Trials.Tests.Processes;

/// <summary>Programs run as argv in the trial's scratch directory, journaled while they run, their trees killed at the end.</summary>
[Collection(ProcessTests.Name)]
public sealed class ExternalProcessTests : IDisposable
{
    private static readonly IReadOnlyDictionary<string, object> NoArgs = new Dictionary<string, object>();
    private readonly string _dir = Directory.CreateTempSubdirectory("dream-ep-").FullName;
    private readonly List<string> _journal = new();

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, true);
        }
        catch (IOException)
        {
        }
    }

    private WorkloadContext Context(Placement? placement = null, IReadOnlyDictionary<string, string>? env = null)
    {
        var spec = Fixtures.Trial(Fixtures.SimDomain(), Fixtures.Genome("threads", 2L), Fixtures.Workload("command"), 0, 0, 0);
        var recorder = IProcessRecorder.Of((pid, argv) =>
        {
            lock (_journal) _journal.Add($"start {pid} {string.Join(' ', argv)}");
            return () =>
            {
                lock (_journal) _journal.Add($"forget {pid}");
            };
        });
        return new WorkloadContext(spec, NoArgs, env ?? new Dictionary<string, string>(), placement, Path.Combine(_dir, "scratch"), null, recorder);
    }

    [Fact]
    public void AProgramRunsAsArgvInTheScratchDirectoryWithTheEnvKnobs()
    {
        if (!OperatingSystem.IsLinux()) return;
        var ctx = Context(env: new Dictionary<string, string> { ["DREAM_TEST_KNOB"] = "on" });
        // The argument holds a space and a shell character: passed as one argument, never through a shell.
        var p = ExternalProcess.RunToEnd(ctx, Tools.System(),
            ["sh", "-c", "printf '%s|%s|%s' \"$1\" \"$DREAM_TEST_KNOB\" \"$(pwd)\"", "sh", "a b;c"], "probe", "sh");
        Assert.Equal($"a b;c|on|{Path.Combine(_dir, "scratch")}", p.StdoutText());
        Assert.False(p.Alive());
        Assert.Equal([$"start {p.Pid} {Tools.System().Require("sh")} -c", $"forget {p.Pid}"],
            _journal.Select(l => l.StartsWith("start") ? string.Join(' ', l.Split(' ').Take(4)) : l));
    }

    [Fact]
    public void ANonZeroExitFailsWithTheEndOfStderr()
    {
        if (!OperatingSystem.IsLinux()) return;
        var e = Assert.Throws<IOException>(() => ExternalProcess.RunToEnd(Context(), Tools.System(),
            ["sh", "-c", "echo disk on fire >&2; exit 3"], "boom", "the benchmark"));
        Assert.Equal("the benchmark exited with status 3: disk on fire", e.Message);
    }

    [Fact]
    public void AMissingProgramOrLauncherIsNamedBeforeAnythingStarts()
    {
        var none = Tools.OnPath(_dir);
        var e = Assert.Throws<ToolMissingException>(() => ExternalProcess.Start(Context(), none, ["stress-ng", "--cpu", "1"], "x"));
        Assert.Equal("stress-ng", e.Tool);
        Assert.Equal("stress-ng is not installed on this node (not found on PATH)", e.Message);
        if (!OperatingSystem.IsLinux()) return;
        var placement = new Placement([new Placement.Launcher("cpus", "no-such-taskset", ["-c", "0"])], null);
        var l = Assert.Throws<ToolMissingException>(() => ExternalProcess.Start(Context(placement), Tools.System(), ["true"], "x"));
        Assert.Contains("knob cpus needs it", l.Message);
        Assert.Empty(_journal);
    }

    [Fact]
    public void CancellingTheTrialKillsTheWholeTree()
    {
        if (!OperatingSystem.IsLinux()) return;
        var ctx = Context();
        // sh starts a sleep of its own and waits: killing only sh would leave the sleep running.
        var p = ExternalProcess.Start(ctx, Tools.System(), ["sh", "-c", "sleep 600 & wait"], "tree");
        var end = Stopwatch.GetTimestamp() + 10 * Stopwatch.Frequency;
        IReadOnlyList<int> children;
        while ((children = ProcessWatch.Descendants((int)p.Pid)).Count == 0 && Stopwatch.GetTimestamp() < end) Thread.Sleep(20);
        Assert.NotEmpty(children);
        var waiting = Task.Run(() => p.WaitFor());
        ctx.Cancel();
        var thrown = Assert.ThrowsAny<Exception>(() => waiting.Wait(TimeSpan.FromSeconds(10)));
        Assert.IsType<OperationCanceledException>(thrown is AggregateException a ? a.InnerException : thrown);
        Assert.True(ProcessWatch.Gone(p.Pid, 5000));
        foreach (var c in children) Assert.True(ProcessWatch.Gone(c, 5000), "child " + c + " outlived its trial");
        Assert.Contains($"forget {p.Pid}", _journal);
    }

    [Fact]
    public void ACancelledTrialStartsNothing()
    {
        var ctx = Context();
        ctx.Cancel();
        Assert.Throws<OperationCanceledException>(() => ExternalProcess.Start(ctx, Tools.System(), ["true"], "x"));
        Assert.Empty(_journal);
    }

    [Fact]
    public void AProcessThatCannotBeJournaledIsStopped()
    {
        if (!OperatingSystem.IsLinux()) return;
        var spec = Fixtures.Trial(Fixtures.SimDomain(), Fixtures.Genome("threads", 2L), Fixtures.Workload("command"), 0, 0, 0);
        long started = 0;
        var ctx = new WorkloadContext(spec, NoArgs, new Dictionary<string, string>(), null, Path.Combine(_dir, "s"), null,
            IProcessRecorder.Of((pid, _) =>
            {
                started = pid;
                throw new IOException("disk full");
            }));
        var e = Assert.Throws<IOException>(() => ExternalProcess.Start(ctx, Tools.System(), ["sleep", "600"], "x"));
        Assert.Contains("cannot journal sleep", e.Message);
        Assert.True(ProcessWatch.Gone(started, 5000));
    }

    [Fact]
    public void APlacedProcessIsMovedIntoItsCgroup()
    {
        if (!OperatingSystem.IsLinux()) return;
        var cgroup = Directory.CreateDirectory(Path.Combine(_dir, "cg")).FullName;
        File.WriteAllText(Path.Combine(cgroup, "cgroup.procs"), "");
        var p = ExternalProcess.Start(Context(new Placement([], cgroup)), Tools.System(), ["sleep", "600"], "placed");
        try
        {
            Assert.Equal(p.Pid.ToString(), File.ReadAllText(Path.Combine(cgroup, "cgroup.procs")).Trim());
        }
        finally
        {
            p.Dispose();
        }
        Assert.True(ProcessWatch.Gone(p.Pid, 5000));
    }
}
