using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dream.Core.Domain;
using Dream.Trials.Processes;

namespace Dream.Trials.Actuators;

/// <summary>
/// The node-local record of what trials changed and have not undone yet, so that a node that died in the middle of
/// a trial puts the machine back first thing after it restarts: knobs applied and not yet restored
/// (<see cref="RestorePending"/>), and workload processes started and not yet ended (<see cref="OrphanedWorkloads"/>).
/// </summary>
/// <remarks>
/// One JSON file per applied knob (<c>.json</c>), written before the knob is applied and removed after it is
/// restored, and one per workload process (<c>.workload</c>), written just after it starts and removed once its
/// process tree has ended. Each file is written to a temporary name, fsync'd, renamed into place and the directory
/// fsync'd, so an entry is either wholly there or not at all; a leftover temporary file of a knob means the crash
/// came before the knob was touched, and it is simply deleted, while that of a workload, whose process was already
/// running, is read if it is whole.
/// </remarks>
public sealed partial class ApplyJournal
{
    internal const string KnobSuffix = ".json";
    internal const string WorkloadSuffix = ".workload";
    internal const string TmpSuffix = ".tmp";
    private const int DescribedArgv = 160;

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
    private static long _seq;

    /// <summary>One applied knob: its trial, name, declared actuator, and what restoring writes back.</summary>
    public sealed record Entry(string TrialId, string Knob, string Kind, string? Path, IReadOnlyDictionary<string, string> Stock, string AppliedAtUtc)
    {
        public ActuatorSpec Actuator() => new(Kind, Path, null, null);
    }

    /// <summary>
    /// One workload process a trial started: its PID with its start time and boot (see <see cref="ProcessIdentity"/>),
    /// so that a later process given the same PID is never taken for it, and its argv, to say what it was.
    /// </summary>
    public sealed record Workload(string TrialId, long Pid, long StartTicks, string? BootId, IReadOnlyList<string> Argv, string StartedAtUtc)
    {
        public ProcessIdentity Identity() => new(Pid, StartTicks, BootId);

        /// <summary>"pid N (argv...) of trial T", on one line and cut short: a command's argv may hold a whole script.</summary>
        public string Describe()
        {
            var command = Whitespace().Replace(string.Join(" ", Argv), " ").Trim();
            if (command.Length > DescribedArgv) command = command[..DescribedArgv].Trim() + " ...";
            return "pid " + Pid.ToString(CultureInfo.InvariantCulture) + " (" + command + ") of trial " + TrialId;
        }
    }

    /// <summary>What <see cref="RestorePending"/> did with one entry; <see cref="Error"/> is null when it was restored.</summary>
    public sealed record Restored(Entry? Entry, string? Error) : Recovered
    {
        public override bool Ok => Error is null;

        public override string Message => !Ok
            ? Error!
            : "restored knob " + Entry!.Knob + " of trial " + Entry.TrialId + " (" + Entry.Kind + (Entry.Path is null ? "" : " " + Entry.Path) + ")";
    }

    /// <exception cref="IOException">the directory cannot be created</exception>
    public ApplyJournal(string dir)
    {
        Directory.CreateDirectory(dir);
        Dir = dir;
    }

    public string Dir { get; }

    /// <summary>Durably records <paramref name="entry"/>; returns the handle that <see cref="Remove"/> takes after the restore.</summary>
    public string Record(Entry entry) => Write(JsonSerializer.SerializeToUtf8Bytes(entry, Json), KnobSuffix);

    /// <summary>
    /// Durably records the workload process just started as <paramref name="pid"/>; the returned action removes the
    /// record once the process tree has ended (a record it fails to remove is found ended by the next start).
    /// Records nothing for a process that has already ended, or where /proc cannot tell it from a later one.
    /// </summary>
    public Action RecordWorkload(string trialId, long pid, IReadOnlyList<string> argv)
    {
        if (ProcessIdentity.Of(pid) is not { } id) return () => { };
        var handle = Record(new Workload(trialId, pid, id.StartTicks, id.BootId, argv.ToList(), Now()));
        return () =>
        {
            try
            {
                Remove(handle);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Stays until the next start, which finds the process ended and removes it then.
            }
        };
    }

    /// <summary>Durably records a workload process; returns the handle that <see cref="Remove"/> takes.</summary>
    public string Record(Workload workload) => Write(JsonSerializer.SerializeToUtf8Bytes(workload, Json), WorkloadSuffix);

    private string Write(byte[] bytes, string suffix)
    {
        // Names sort in the order of application, so that restoring goes newest first (see RestorePending).
        var name = string.Format(CultureInfo.InvariantCulture, "{0:D13}-{1:D9}-{2}",
            DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), Interlocked.Increment(ref _seq), Guid.NewGuid().ToString("N")[..8]);
        var tmp = System.IO.Path.Combine(Dir, name + suffix + TmpSuffix);
        var done = System.IO.Path.Combine(Dir, name + suffix);
        using (var fs = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write))
        {
            fs.Write(bytes);
            fs.Flush(flushToDisk: true);
        }
        File.Move(tmp, done); // rename(2): atomic within the directory
        SyncDir();
        return done;
    }

    public static Entry NewEntry(string trialId, string knob, ActuatorSpec spec, IReadOnlyDictionary<string, string> stock) =>
        new(trialId, knob, spec.Kind, spec.Path, new Dictionary<string, string>(stock), Now());

    public void Remove(string handle)
    {
        File.Delete(handle); // no error when it is already gone
        SyncDir();
    }

    /// <summary>Entries left by trials that did not restore, oldest first.</summary>
    public IReadOnlyList<Entry> Pending() => Files(KnobSuffix).Select(ReadEntry).ToList();

    /// <summary>Workload processes recorded and not yet known to have ended, oldest first.</summary>
    public IReadOnlyList<Workload> Workloads() => Files(WorkloadSuffix).Select(ReadWorkload).ToList();

    /// <summary>Whether nothing is left to restore or stop: no knob entry and no workload record.</summary>
    public bool IsEmpty() => Files(KnobSuffix).Count == 0 && Files(WorkloadSuffix).Count == 0;

    internal Workload ReadWorkload(string file) => Read<Workload>(file);

    private static Entry ReadEntry(string file) => Read<Entry>(file);

    private static T Read<T>(string file)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(File.ReadAllBytes(file), Json) ?? throw new IOException(file + " holds null");
        }
        catch (JsonException e)
        {
            throw new IOException(e.Message, e);
        }
    }

    /// <summary>
    /// Restores every pending entry, newest first, so that a target touched by two knobs ends at its true stock
    /// value. A restored entry is removed; one that fails stays for the next attempt and is reported.
    /// </summary>
    public IReadOnlyList<Restored> RestorePending(IReadOnlyDictionary<string, IKnobActuator> actuators)
    {
        // A knob's temporary file means the crash came before the knob was touched. A workload's is left for
        // OrphanedWorkloads, whose process was already running (the Java tree deleted it here too, so a sweep run
        // after this restore lost the orphan).
        foreach (var p in Directory.EnumerateFiles(Dir).Where(p => p.EndsWith(TmpSuffix, StringComparison.Ordinal)
                     && !p.EndsWith(WorkloadSuffix + TmpSuffix, StringComparison.Ordinal)).ToList())
            File.Delete(p);
        var files = Files(KnobSuffix).Reverse().ToList();
        var report = new List<Restored>();
        foreach (var p in files)
        {
            Entry e;
            try
            {
                e = ReadEntry(p);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                report.Add(new Restored(null, "unreadable journal entry " + p + ": " + ex.Message));
                continue;
            }
            if (!actuators.TryGetValue(e.Kind, out var a))
            {
                report.Add(new Restored(e, "no actuator for kind " + e.Kind + " on this node"));
                continue;
            }
            try
            {
                a.Restore(e.Actuator(), e.Stock);
                Remove(p);
                report.Add(new Restored(e, null));
            }
            catch (Exception ex)
            {
                report.Add(new Restored(e, "restoring knob " + e.Knob + " failed: " + ex.Message));
            }
        }
        return report;
    }

    /// <summary>The entry files of one kind (<see cref="KnobSuffix"/> or <see cref="WorkloadSuffix"/>), oldest first.</summary>
    internal IReadOnlyList<string> Files(string suffix) =>
        Directory.EnumerateFiles(Dir).Where(p => p.EndsWith(suffix, StringComparison.Ordinal)).OrderBy(p => p, StringComparer.Ordinal).ToList();

    private static string Now() => DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private void SyncDir()
    {
        // A rename or unlink is durable only once the directory itself is flushed (Linux, ext4/xfs).
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return;
        try
        {
            var fd = Open(Dir, 0 /* O_RDONLY */);
            if (fd < 0) return; // some file systems refuse to open a directory for syncing; the entry itself is durable
            Fsync(fd);
            Close(fd);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // no libc to ask: the entry file itself is already durable
        }
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [DllImport("libc", EntryPoint = "open")]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "fsync")]
    private static extern int Fsync(int fd);

    [DllImport("libc", EntryPoint = "close")]
    private static extern int Close(int fd);
}
