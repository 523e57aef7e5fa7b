using System.Diagnostics;
using Dream.Trials.Processes;
using Dream.Trials.Workloads;

namespace Dream.Trials.Actuators;

/// <summary>
/// Stops the workload processes a node killed with SIGKILL left running: a stress-ng, fio, iperf3 or command workload
/// outside a trial cgroup survives its node and would go on loading the machine under every later measurement. Run
/// when an executor starts, before any trial, from the records in the apply-journal. A recorded process is killed,
/// with its descendants, only while its PID still belongs to it (same start time, same boot); a PID that the kernel
/// has since given to another process is left alone.
/// </summary>
public static class OrphanedWorkloads
{
    private const long GoneWithinMs = 2000;

    /// <summary>What the sweep did with one record; <see cref="Error"/> is null when it is dealt with (and removed), else why the process still runs.</summary>
    public sealed record Swept : Recovered
    {
        private readonly string? _message;

        public Swept(ApplyJournal.Workload? workload, string? message, string? error)
        {
            Workload = workload;
            _message = message;
            Error = error;
        }

        public ApplyJournal.Workload? Workload { get; }

        public string? Error { get; }

        public override bool Ok => Error is null;

        public override string Message => Ok ? _message! : Error!;
    }

    /// <summary>Deals with every workload record, oldest first; a process that cannot be killed keeps its record.</summary>
    public static IReadOnlyList<Swept> Sweep(ApplyJournal journal)
    {
        var report = new List<Swept>();
        foreach (var p in Records(journal))
        {
            ApplyJournal.Workload w;
            try
            {
                w = journal.ReadWorkload(p);
            }
            catch (IOException e)
            {
                if (IsTemporary(p))
                {
                    File.Delete(p); // torn while being written: no PID to go by
                    continue;
                }
                report.Add(new Swept(null, null, "unreadable workload record " + p + ": " + e.Message));
                continue;
            }
            var s = Stop(w);
            if (s.Ok) journal.Remove(p);
            report.Add(s);
        }
        return report;
    }

    private static Swept Stop(ApplyJournal.Workload w)
    {
        var now = ProcessIdentity.Of(w.Pid);
        if (now is null) return new Swept(w, "orphaned workload " + w.Describe() + " had already ended", null);
        if (now != w.Identity())
            return new Swept(w, "orphaned workload " + w.Describe() + " had already ended; pid " + w.Pid
                + " is now another process, left alone", null);
        ProcessTrees.Kill((int)w.Pid);
        if (GoneWithin(w.Identity(), GoneWithinMs)) return new Swept(w, "killed orphaned workload " + w.Describe(), null);
        return new Swept(w, null, "could not kill orphaned workload " + w.Describe() + ": it still runs (another user's?)");
    }

    /// <summary>SIGKILL is delivered at once but a process takes a moment to go: wait for it, briefly.</summary>
    private static bool GoneWithin(ProcessIdentity p, long ms)
    {
        var end = Stopwatch.GetTimestamp() + ms * Stopwatch.Frequency / 1000;
        while (p.Running())
        {
            if (Stopwatch.GetTimestamp() > end) return false;
            Thread.Sleep(10);
        }
        return true;
    }

    /// <summary>The records, and the temporary files of records the crash interrupted: their process was running.</summary>
    private static List<string> Records(ApplyJournal journal)
    {
        var output = new List<string>(journal.Files(ApplyJournal.WorkloadSuffix + ApplyJournal.TmpSuffix));
        output.AddRange(journal.Files(ApplyJournal.WorkloadSuffix));
        return output;
    }

    private static bool IsTemporary(string p) => p.EndsWith(ApplyJournal.TmpSuffix, StringComparison.Ordinal);
}
