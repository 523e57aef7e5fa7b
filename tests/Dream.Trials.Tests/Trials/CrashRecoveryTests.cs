using System.Diagnostics;
using System.Text.RegularExpressions;
using Dream.Trials.Actuators;
using Dream.Trials.Workloads;

namespace Dream.Trials.Tests.Trials;

/// <summary>
/// A node killed with SIGKILL while its knobs are applied: a process of its own (<see cref="CrashChild"/>) applies a
/// governor and a trial cgroup on a fake tree and runs a workload; the test kills it with SIGKILL, sees the machine
/// left changed and the workload still running, and then a new executor on the same apply-journal kills the
/// workload and puts everything back before it takes a trial.
/// </summary>
[Collection(ProcessTests.Name)]
public sealed class CrashRecoveryTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dream-crash-").FullName;
    private readonly List<Process> _children = new();

    public void Dispose()
    {
        foreach (var c in _children)
        {
            try
            {
                c.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
            }
            c.Dispose();
        }
        try
        {
            Directory.Delete(_dir, true);
        }
        catch (IOException)
        {
        }
    }

    private string Log => Path.Combine(_dir, "child.log");

    [Fact]
    public void ANodeKilledWithSigkillWhileKnobsAreAppliedRestoresThemOnRestart()
    {
        if (!OperatingSystem.IsLinux()) return;
        var tree = new FakeTree(Path.Combine(_dir, "root"))
            .Write("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor", "schedutil\n")
            .Write("/sys/devices/system/cpu/cpu1/cpufreq/scaling_governor", "schedutil\n")
            .Write("/sys/fs/cgroup/cgroup.subtree_control", "cpu\n");
        var journal = Path.Combine(_dir, "journal");
        var cgroups = Path.Combine(tree.Root, "sys/fs/cgroup/dream");
        var child = StartChild(tree, journal);
        var sleeper = AwaitWorkloadInCgroup(cgroups, child);
        Assert.Equal("performance", tree.Read("/sys/devices/system/cpu/cpu1/cpufreq/scaling_governor").Trim());
        child.Kill(); // SIGKILL: no finally block, no exit handler runs
        Assert.True(child.WaitForExit(30_000));
        Assert.Equal(137, child.ExitCode); // killed by SIGKILL
        // What the dead node left behind: the knobs applied, the journal entries, its workload running on.
        Assert.Equal("performance", tree.Read("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor").Trim());
        Assert.Equal(2, new ApplyJournal(journal).Pending().Count);
        Assert.Equal([sleeper], new ApplyJournal(journal).Workloads().Select(w => w.Pid));
        Assert.True(ProcessWatch.Running(sleeper), "the workload outlived its node");

        var o = new LocalTrialExecutor.Options("restarted", journal, Path.Combine(_dir, "scratch2"),
            TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5));
        using var restarted = new LocalTrialExecutor(o, WorkloadRegistry.Standard(), [], Dream.Trials.Actuators.Actuators.Standard(tree.SysRoot()));
        var report = restarted.Recovery.Select(r => r.Message).ToList();
        Assert.True(report.Count == 3, string.Join("\n", report));
        Assert.All(restarted.Recovery, r => Assert.True(r.Ok, r.Message));
        Assert.StartsWith("killed orphaned workload pid " + sleeper + " (", report[0]);
        Assert.StartsWith("restored knob ", report[1]);
        Assert.True(restarted.Journal.IsEmpty());
        Assert.Empty(restarted.Journal.Pending());
        Assert.Equal("schedutil", tree.Read("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor").Trim());
        Assert.Equal("schedutil", tree.Read("/sys/devices/system/cpu/cpu1/cpufreq/scaling_governor").Trim());
        Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(cgroups), p => Path.GetFileName(p).StartsWith("trial-")); // the trial's cgroup is gone
        Assert.True(ProcessWatch.Gone(sleeper, 5000), "the orphaned workload was killed");
        // And the restarted node measures again.
        var again = restarted.Run(Fixtures.Trial(CrashChild.Domain(), Fixtures.Genome("governor", "performance"),
            Fixtures.Workload("builtin-cpu", "threads", 1), 0, 0.1, 1, new Dictionary<string, Dream.Core.Domain.Cap>(), true));
        Assert.True(again.Outcome == TrialOutcome.Ok, again.Error);
        Assert.Equal("schedutil", tree.Read("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor").Trim());
    }

    [Fact]
    public void ANodeStoppedWithSigtermKillsItsWorkloadAndRestoresItsKnobsBeforeItExits()
    {
        if (!OperatingSystem.IsLinux()) return;
        var tree = new FakeTree(Path.Combine(_dir, "root"))
            .Write("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor", "schedutil\n")
            .Write("/sys/fs/cgroup/cgroup.subtree_control", "cpu\n");
        var journal = Path.Combine(_dir, "journal");
        var cgroups = Path.Combine(tree.Root, "sys/fs/cgroup/dream");
        var child = StartChild(tree, journal);
        var sleeper = AwaitWorkloadInCgroup(cgroups, child);
        Assert.Equal("performance", tree.Read("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor").Trim());
        Signal(child.Id, "TERM"); // the runtime raises ProcessExit
        Assert.True(child.WaitForExit(30_000));
        Assert.Equal("schedutil", tree.Read("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor").Trim()); // restored before it exited
        Assert.True(new ApplyJournal(journal).IsEmpty(), "nothing left for the next start:\n" + File.ReadAllText(Log));
        Assert.True(ProcessWatch.Gone(sleeper, 5000), "the workload was killed with its trial");
        Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(cgroups), p => Path.GetFileName(p).StartsWith("trial-"));
    }

    /// <summary>A workload outside any cgroup: only the apply-journal knows its PID, so the restarted node kills it from there, and says so.</summary>
    [Fact]
    public void AWorkloadOutsideACgroupOrphanedBySigkillIsKilledByTheRestartedNode()
    {
        if (!OperatingSystem.IsLinux()) return;
        var tree = new FakeTree(Path.Combine(_dir, "root"))
            .Write("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor", "schedutil\n");
        var journal = Path.Combine(_dir, "journal");
        var child = StartChild(tree, journal, "no-cgroup");
        var sleeper = AwaitJournaledSleep(child, journal);
        try
        {
            child.Kill(); // SIGKILL
            Assert.True(child.WaitForExit(30_000));
            Assert.True(ProcessWatch.Running(sleeper), "the workload outlived its node");

            var o = new LocalTrialExecutor.Options("restarted", journal, Path.Combine(_dir, "scratch2"),
                TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5));
            using var restarted = new LocalTrialExecutor(o, WorkloadRegistry.Standard(), [], Dream.Trials.Actuators.Actuators.Standard(tree.SysRoot()));
            Assert.True(ProcessWatch.Gone(sleeper, 5000), "the orphaned workload was killed");
            var report = restarted.Recovery.Select(r => r.Message).ToList();
            Assert.True(report.Count == 2, string.Join("\n", report));
            Assert.Matches("^killed orphaned workload pid " + sleeper + @" \(/\S*sleep 600\) of trial " + Regex.Escape(CrashChild.TrialId) + "$", report[0]);
            Assert.StartsWith("restored knob governor of trial " + CrashChild.TrialId, report[1]);
            Assert.True(restarted.Journal.IsEmpty());
            Assert.Equal("schedutil", tree.Read("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor").Trim());
        }
        finally
        {
            if (ProcessWatch.Running(sleeper)) Signal((int)sleeper, "KILL");
        }
    }

    private Process StartChild(FakeTree tree, string journal, params string[] extra)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var psi = new ProcessStartInfo(dotnet)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in new[] { "exec", typeof(CrashChild).Assembly.Location, journal, Path.Combine(_dir, "scratch") }.Concat(extra))
            psi.ArgumentList.Add(a);
        psi.Environment[CrashChild.EnvSwitch] = "1";
        psi.Environment["DREAM_SYS_ROOT"] = tree.Root;
        psi.Environment.Remove("DREAM_CGROUP_PARENT");
        var p = Process.Start(psi)!;
        _children.Add(p);
        var log = new StreamWriter(Log) { AutoFlush = true };
        p.OutputDataReceived += (_, e) => { lock (log) if (e.Data is not null) log.WriteLine(e.Data); };
        p.ErrorDataReceived += (_, e) => { lock (log) if (e.Data is not null) log.WriteLine(e.Data); };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return p;
    }

    private static void Signal(int pid, string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-" + signal, pid.ToString() }, UseShellExecute = false })!;
        kill.WaitForExit();
    }

    private string ChildLog() => File.Exists(Log) ? File.ReadAllText(Log) : "";

    /// <summary>Waits until the child's sleep workload runs and is journaled; returns the sleep's PID.</summary>
    private long AwaitJournaledSleep(Process child, string journal)
    {
        var end = Stopwatch.GetTimestamp() + 60 * Stopwatch.Frequency;
        while (Stopwatch.GetTimestamp() < end)
        {
            if (child.HasExited) Assert.Fail("the child ended early:\n" + ChildLog());
            var sleep = ProcessWatch.Descendants(child.Id).FirstOrDefault(p => Comm(p) == "sleep");
            if (sleep != 0 && Directory.Exists(journal) && new ApplyJournal(journal).Workloads().Any(w => w.Pid == sleep)) return sleep;
            Thread.Sleep(50);
        }
        Assert.Fail("the child never started its workload:\n" + ChildLog());
        return -1;
    }

    /// <summary>Waits until the child's workload runs inside its trial cgroup; returns the workload's PID.</summary>
    private long AwaitWorkloadInCgroup(string cgroups, Process child)
    {
        var end = Stopwatch.GetTimestamp() + 60 * Stopwatch.Frequency;
        while (Stopwatch.GetTimestamp() < end)
        {
            if (child.HasExited) Assert.Fail("the child ended early:\n" + ChildLog());
            if (Directory.Exists(cgroups))
            {
                foreach (var trial in Directory.EnumerateDirectories(cgroups).Where(p => Path.GetFileName(p).StartsWith("trial-")))
                {
                    var procs = Path.Combine(trial, "cgroup.procs");
                    var text = File.Exists(procs) ? File.ReadAllText(procs).Trim() : "";
                    if (text.Length > 0) return long.Parse(text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)[0]);
                }
            }
            Thread.Sleep(50);
        }
        Assert.Fail("the child never started its workload:\n" + ChildLog());
        return -1;
    }

    private static string Comm(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/comm").Trim();
        }
        catch (IOException)
        {
            return "";
        }
    }
}
