using System.Diagnostics;
using Dream.Trials.Actuators;
using Dream.Trials.Processes;
using Dream.Trials.Tests.Probes;

namespace Dream.Trials.Tests.Actuators;

/// <summary>The start-up sweep of workload records left by a node that died: kill what is still the same process, only that.</summary>
public sealed class OrphanedWorkloadsTests : IDisposable
{
    private readonly TempDir _dir = new();
    private Process? _started;

    public void Dispose()
    {
        if (_started is not null)
        {
            try
            {
                _started.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // already gone
            }
            _started.Dispose();
        }
        _dir.Dispose();
    }

    private ProcessIdentity Start(params string[] argv)
    {
        var psi = new ProcessStartInfo(argv[0]) { UseShellExecute = false };
        foreach (var a in argv.Skip(1)) psi.ArgumentList.Add(a);
        _started = Process.Start(psi)!;
        return ProcessIdentity.Of(_started.Id) ?? throw new InvalidOperationException("no /proc entry for " + _started.Id);
    }

    private static ApplyJournal.Workload Record(ProcessIdentity id, long startTicks, string? bootId) =>
        new("run1/d/gen0_c0/normal/0", id.Pid, startTicks, bootId, ["/usr/bin/sleep", "60"], "2026-11-21T05:27:12Z");

    private static bool Gone(long pid, int ms)
    {
        var end = Stopwatch.GetTimestamp() + ms * Stopwatch.Frequency / 1000;
        while (Stopwatch.GetTimestamp() < end)
        {
            if (ProcessIdentity.Of(pid) is null) return true;
            Thread.Sleep(20);
        }
        return false;
    }

    [Fact]
    public void APidNowOfAnotherProcessIsLeftAloneAndItsRecordRemoved()
    {
        var other = Start("sleep", "60");
        var journal = new ApplyJournal(_dir.Resolve("journal"));
        journal.Record(Record(other, other.StartTicks - 1, other.BootId)); // the recorded process started earlier

        var report = OrphanedWorkloads.Sweep(journal);

        Assert.False(_started!.HasExited); // a process that merely got the recorded PID is not killed
        Assert.Single(report);
        Assert.True(report[0].Ok);
        Assert.Equal("orphaned workload pid " + other.Pid + " (/usr/bin/sleep 60) of trial run1/d/gen0_c0/normal/0 had already"
            + " ended; pid " + other.Pid + " is now another process, left alone", report[0].Message);
        Assert.True(journal.IsEmpty());
    }

    [Fact]
    public void APidOfAnEarlierBootIsLeftAlone()
    {
        var other = Start("sleep", "60");
        var journal = new ApplyJournal(_dir.Resolve("journal"));
        journal.Record(Record(other, other.StartTicks, "an-earlier-boot"));
        Assert.True(OrphanedWorkloads.Sweep(journal)[0].Ok);
        Assert.False(_started!.HasExited);
        Assert.True(journal.IsEmpty());
    }

    [Fact]
    public void TheSameProcessIsKilledWithItsDescendants()
    {
        var shell = Start("sh", "-c", "sleep 60 & wait");
        var sleep = AwaitChild(shell.Pid);
        var journal = new ApplyJournal(_dir.Resolve("journal"));
        journal.Record(Record(shell, shell.StartTicks, shell.BootId));

        var report = OrphanedWorkloads.Sweep(journal);

        Assert.True(_started!.WaitForExit(5000)); // the recorded process was killed
        Assert.True(Gone(sleep, 5000)); // and so was its child
        Assert.Equal("killed orphaned workload pid " + shell.Pid + " (/usr/bin/sleep 60) of trial run1/d/gen0_c0/normal/0", report[0].Message);
        Assert.True(journal.IsEmpty());
    }

    [Fact]
    public void AnEndedProcessIsReportedAndAWholeRecordTheCrashLeftTemporaryIsRead()
    {
        var ended = Start("sleep", "60");
        _started!.Kill();
        _started.WaitForExit();
        var journal = new ApplyJournal(_dir.Resolve("journal"));
        var handle = journal.Record(Record(ended, ended.StartTicks, ended.BootId));
        // As if the crash came between writing the record and renaming it into place.
        File.Move(handle, handle + ApplyJournal.TmpSuffix);
        File.WriteAllText(Path.Combine(_dir.Resolve("journal"), "0-torn" + ApplyJournal.WorkloadSuffix + ApplyJournal.TmpSuffix), "{\"trialId\": \"ru");

        var report = OrphanedWorkloads.Sweep(journal);

        Assert.Single(report);
        Assert.EndsWith("had already ended", report[0].Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_dir.Resolve("journal")));
    }

    [Fact]
    public void RestoringKnobsFirstLeavesAWorkloadsTemporaryRecordForTheSweep()
    {
        var ended = Start("sleep", "60");
        var journal = new ApplyJournal(_dir.Resolve("journal"));
        var handle = journal.Record(Record(ended, ended.StartTicks, ended.BootId));
        File.Move(handle, handle + ApplyJournal.TmpSuffix);
        journal.RestorePending(new Dictionary<string, IKnobActuator>());
        var report = OrphanedWorkloads.Sweep(journal);
        Assert.Single(report);
        Assert.StartsWith("killed orphaned workload", report[0].Message);
        Assert.True(_started!.WaitForExit(5000));
    }

    [Fact]
    public void AJournaledWorkloadIsRecordedWithItsIdentityAndRemovedWhenItEnds()
    {
        var id = Start("sleep", "60");
        var journal = new ApplyJournal(_dir.Resolve("journal"));
        var done = journal.RecordWorkload("t/1", id.Pid, ["sleep", "60"]);
        var w = Assert.Single(journal.Workloads());
        Assert.Equal(id, w.Identity());
        done();
        Assert.True(journal.IsEmpty());
        journal.RecordWorkload("t/1", 0x3fffffff, ["gone"])(); // no such process: nothing recorded, nothing to remove
        Assert.True(journal.IsEmpty());
    }

    [Fact]
    public void AWorkloadIsDescribedOnOneShortLine()
    {
        var script = new ApplyJournal.Workload("t", 7, 1, null,
            ["/usr/bin/perl", "-e", "use strict;\n  my $x = 1;\n" + new string('x', 300)], "2026-11-21T05:27:12Z");
        var d = script.Describe();
        Assert.StartsWith("pid 7 (/usr/bin/perl -e use strict; my $x = 1; xxx", d);
        Assert.EndsWith("xxx ...) of trial t", d);
        Assert.True(d.Length < 200, d);
    }

    private static long AwaitChild(long parent)
    {
        var end = Stopwatch.GetTimestamp() + 10 * Stopwatch.Frequency;
        while (Stopwatch.GetTimestamp() < end)
        {
            var children = $"/proc/{parent}/task/{parent}/children";
            if (File.Exists(children) && File.ReadAllText(children).Trim() is { Length: > 0 } text)
                return long.Parse(text.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
            Thread.Sleep(20);
        }
        throw new InvalidOperationException("sh started no sleep");
    }
}
