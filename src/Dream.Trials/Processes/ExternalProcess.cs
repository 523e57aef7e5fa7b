using System.Diagnostics;
using System.Globalization;
using System.Text;
using Dream.Trials.Workloads;

namespace Dream.Trials.Processes;

/// <summary>
/// One program a workload runs: started from an argv list (never through a shell) in the trial's scratch
/// directory, under the trial's <see cref="Placement"/>, with the <c>env</c> knobs in its environment, stdin
/// closed and its output in files. Cancelling the trial kills its whole process tree, and so does the end of
/// <see cref="WaitFor()"/>: nothing it started may outlive the trial and disturb the next one. Its PID is
/// journaled (<see cref="IProcessRecorder"/>) from just after its start until its tree has been killed, so that a
/// node killed with SIGKILL stops it when it starts again.
/// </summary>
public sealed class ExternalProcess : IDisposable
{
    /// <summary>How long the output files may take to catch up once the tree is dead (a surviving grandchild may hold the pipe).</summary>
    private static readonly TimeSpan DrainLimit = TimeSpan.FromSeconds(2);

    private readonly Process _process;
    private readonly string _stdout;
    private readonly string _stderr;
    private readonly WorkloadContext _ctx;
    private readonly Task _pumps;
    private Action _forget = () => { };
    private int _closed;

    public long Pid { get; }
    public string Program { get; }
    public Process Process => _process;

    private ExternalProcess(Process process, string program, string stdout, string stderr, WorkloadContext ctx, Task pumps)
    {
        _process = process;
        Program = program;
        Pid = process.Id;
        _stdout = stdout;
        _stderr = stderr;
        _ctx = ctx;
        _pumps = pumps;
    }

    /// <summary>
    /// Starts <paramref name="command"/> (its program is looked up on the node's search path, so that a missing one
    /// is a clear error). <paramref name="label"/> names the output files in the scratch directory.
    /// </summary>
    public static ExternalProcess Start(WorkloadContext ctx, Tools tools, IReadOnlyList<string> command, string label)
    {
        if (command.Count == 0) throw new ArgumentException("no program to run");
        if (ctx.Cancelled()) throw new OperationCanceledException("trial cancelled");
        var program = command[0];
        var located = command.ToList();
        located[0] = tools.Require(program);
        var argv = ctx.Placement.Wrap(located, tools);
        var dir = ctx.ScratchDir();
        var outPath = Path.Combine(dir, label + ".stdout");
        var errPath = Path.Combine(dir, label + ".stderr");

        var psi = new ProcessStartInfo(argv[0])
        {
            UseShellExecute = false,
            WorkingDirectory = dir,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in argv.Skip(1)) psi.ArgumentList.Add(a);
        foreach (var (k, v) in ctx.Env) psi.Environment[k] = v;

        var outFile = new FileStream(outPath, FileMode.Create, FileAccess.Write, FileShare.ReadWrite);
        var errFile = new FileStream(errPath, FileMode.Create, FileAccess.Write, FileShare.ReadWrite);
        Process p;
        try
        {
            p = Process.Start(psi) ?? throw new IOException("cannot start " + program);
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            outFile.Dispose();
            errFile.Dispose();
            throw new IOException("cannot start " + program + ": " + e.Message, e);
        }
        var pumps = Task.WhenAll(Pump(p.StandardOutput.BaseStream, outFile), Pump(p.StandardError.BaseStream, errFile));
        var ep = new ExternalProcess(p, program, outPath, errPath, ctx, pumps);
        try
        {
            // First of all: from here on, a node killed with SIGKILL leaves this process running with nobody to stop it.
            ep._forget = ctx.Processes.Started(p.Id, argv);
        }
        catch (Exception e)
        {
            ep.KillTree();
            throw new IOException($"cannot journal {program} (pid {p.Id}), so it was stopped: {e.Message}", e);
        }
        try
        {
            p.StandardInput.Close();
        }
        catch (IOException)
        {
            // It ended already; its output says why.
        }
        ctx.OnCancel(ep.Dispose);
        if (ctx.Placement.Cgroup is { } cgroup)
        {
            try
            {
                PlaceInCgroup(p.Id, cgroup);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                ep.Dispose();
                throw new IOException($"cannot move {program} into cgroup {cgroup}: {e.Message}", e);
            }
        }
        return ep;
    }

    /// <summary>
    /// Starts <paramref name="command"/> and waits for it to end (see <see cref="Start"/> and <see cref="WaitFor()"/>);
    /// an exit status other than 0 fails the trial with "<paramref name="what"/> exited with status N" and the end of
    /// its stderr.
    /// </summary>
    public static ExternalProcess RunToEnd(WorkloadContext ctx, Tools tools, IReadOnlyList<string> command, string label, string what)
    {
        var p = Start(ctx, tools, command, label);
        var code = p.WaitFor();
        if (code != 0) throw new IOException($"{what} exited with status {code}: {p.StderrTail()}");
        return p;
    }

    /// <summary>Waits for the program to end, then kills what it left behind; throws if the trial was cancelled.</summary>
    public int WaitFor()
    {
        int code;
        try
        {
            _process.WaitForExit();
            code = _process.ExitCode;
        }
        finally
        {
            Dispose();
        }
        if (_ctx.Cancelled()) throw new OperationCanceledException("trial cancelled");
        return code;
    }

    /// <summary>Waits at most <paramref name="ms"/> milliseconds; true when the program ended.</summary>
    public bool WaitFor(long ms) => _process.WaitForExit((int)Math.Clamp(ms, 0, int.MaxValue));

    public bool Alive()
    {
        try
        {
            return !_process.HasExited;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>What the program wrote to stdout (complete once it has ended).</summary>
    public string StdoutText()
    {
        if (!Alive()) Drain();
        return File.Exists(_stdout) ? ReadShared(_stdout) : "";
    }

    /// <summary>The end of what the program wrote to stderr, for error messages.</summary>
    public string StderrTail()
    {
        try
        {
            if (!Alive()) Drain();
            var s = File.Exists(_stderr) ? ReadShared(_stderr).Trim() : "";
            if (s.Length == 0) return "(nothing on stderr)";
            return s.Length > 600 ? "..." + s[^600..] : s;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "(stderr unreadable: " + e.Message + ")";
        }
    }

    /// <summary>Kills the process and everything it started, then removes its journal note. Idempotent.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 1) return;
        KillTree();
        Drain();
        try
        {
            _forget();
        }
        catch (Exception)
        {
            // The recorder's contract is never to throw; a stale note only makes the next start check a dead PID.
        }
    }

    private void Drain()
    {
        try
        {
            _pumps.Wait(DrainLimit);
        }
        catch (AggregateException)
        {
            // A pump that failed keeps what it had written.
        }
    }

    private void KillTree() => ProcessTrees.Kill(_process);

    /// <summary>
    /// Moves the process into the cgroup, then whatever it forked in the microseconds before: writing a PID to
    /// cgroup.procs moves that one process, and only children forked after it inherit the cgroup.
    /// </summary>
    private static void PlaceInCgroup(int pid, string cgroup)
    {
        var procs = Path.Combine(cgroup, "cgroup.procs");
        Write(procs, pid);
        foreach (var d in Descendants(pid)) Write(procs, d);
    }

    private static void Write(string procs, long pid)
    {
        // One PID per write(2): the kernel takes exactly one per call.
        using var f = new FileStream(procs, FileMode.Append, FileAccess.Write);
        var bytes = Encoding.ASCII.GetBytes(pid.ToString(CultureInfo.InvariantCulture) + "\n");
        f.Write(bytes, 0, bytes.Length);
    }

    /// <summary>The live descendants of <paramref name="root"/>, from the parent PIDs in /proc.</summary>
    internal static IReadOnlyList<int> Descendants(int root)
    {
        var parent = new Dictionary<int, int>();
        try
        {
            foreach (var dir in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) continue;
                try
                {
                    var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                    var close = stat.LastIndexOf(')');
                    var f = stat[(close + 2)..].Split(' ');
                    if (f.Length > 1 && int.TryParse(f[1], NumberStyles.None, CultureInfo.InvariantCulture, out var ppid)) parent[pid] = ppid;
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentOutOfRangeException)
                {
                    // It ended while we looked.
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
        var found = new List<int>();
        var frontier = new Queue<int>([root]);
        while (frontier.Count > 0)
        {
            var p = frontier.Dequeue();
            foreach (var (child, pp) in parent)
            {
                if (pp != p || found.Contains(child)) continue;
                found.Add(child);
                frontier.Enqueue(child);
            }
        }
        return found;
    }

    private static async Task Pump(Stream from, FileStream to)
    {
        try
        {
            await from.CopyToAsync(to).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // The pipe broke with the process; what arrived is kept.
        }
        finally
        {
            await to.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static string ReadShared(string path)
    {
        using var f = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var r = new StreamReader(f, Encoding.UTF8);
        return r.ReadToEnd();
    }
}
