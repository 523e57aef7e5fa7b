using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Dream.Core.Domain;
using Dream.Trials.Probes;

namespace Dream.Trials.Actuators;

/// <summary>
/// <c>cgroup</c>: a cgroup v2 interface file (<c>cpu.max</c>, <c>memory.max</c>, <c>io.weight</c>...) of a cgroup that
/// Dream creates for the trial, <c>&lt;parent&gt;/trial-&lt;id&gt;</c>, into which the workload's processes are moved as
/// they start. The parent is <c>/sys/fs/cgroup/dream</c> unless configured (<c>$DREAM_CGROUP_PARENT</c>), resolved
/// under <c>$DREAM_SYS_ROOT</c>; Dream creates it when missing and enables the file's controller in its
/// <c>cgroup.subtree_control</c>, and never writes anywhere else. All cgroup knobs of a trial share its cgroup.
/// </summary>
/// <remarks>
/// Restoring (after the trial, or after a crash from the apply-journal) kills whatever is still in the trial's
/// cgroup (<c>cgroup.kill</c>, else each PID of <c>cgroup.procs</c>) and removes it; the machine's own cgroups are
/// never touched. On the machine itself the parent must be on a cgroup2 file system, else the knob fails with the
/// reason (a cgroup v1 machine); in a test tree the interface files are plain files. Workloads that run inside the
/// Dream process cannot be placed in a cgroup of their own: the knob is then held at stock, with the reason.
/// </remarks>
public sealed class CgroupActuator : IKnobActuator
{
    public const string DefaultParent = "/sys/fs/cgroup/dream";
    internal const string StockKey = "cgroup";
    private static readonly Regex FilePattern = new(@"^[a-z][a-z0-9_]*\.[a-z0-9_.]+$");
    private static readonly Regex Trial = new(@"^trial-[A-Za-z0-9_-]+$");
    private readonly SysRoot _root;

    /// <summary><paramref name="parent"/>: an absolute path under /sys/fs/cgroup (resolved under the system root).</summary>
    public CgroupActuator(SysRoot root, string parent)
    {
        SysPaths.CheckDeclared(parent, "/sys/fs/cgroup");
        _root = root;
        Parent = parent;
    }

    /// <summary>The parent from <c>$DREAM_CGROUP_PARENT</c>, else <see cref="DefaultParent"/>.</summary>
    public static CgroupActuator FromEnv(SysRoot root)
    {
        var p = Environment.GetEnvironmentVariable("DREAM_CGROUP_PARENT");
        return new CgroupActuator(root, string.IsNullOrWhiteSpace(p) ? DefaultParent : p);
    }

    public string Parent { get; }

    public bool ChangesSystem => true;

    public bool PlacesProcesses => true;

    // What restoring undoes is the trial's own cgroup: it does not exist before the trial.
    public IReadOnlyDictionary<string, string> ReadStock(Knob knob, KnobEffects effects) =>
        new Dictionary<string, string> { [StockKey] = Parent + "/" + effects.TrialKey };

    public void Apply(Knob knob, object value, KnobEffects effects)
    {
        var file = knob.Actuator.Path;
        if (file is null || !FilePattern.IsMatch(file) || file.StartsWith("cgroup.", StringComparison.Ordinal))
            throw new ArgumentException("knob " + knob.Name + ": '" + file + "' is not a controller interface file such as cpu.max");
        var dir = TrialCgroup(effects.TrialKey, file[..file.IndexOf('.')]);
        var target = Path.Combine(dir, file);
        var text = KnobValues.Text(knob, value);
        if (_root.IsSystem())
        {
            if (!File.Exists(target)) throw new IOException(target + " does not exist: this kernel has no " + file);
            WriteExisting(target, text);
        }
        else
        {
            File.WriteAllText(target, text); // a test tree: the kernel does not make the files
        }
        effects.Cgroup = dir;
    }

    /// <summary>Creates (once per trial) the trial's cgroup with <paramref name="controller"/> enabled for it.</summary>
    private string TrialCgroup(string trialKey, string controller)
    {
        var p = _root.Resolve(Parent);
        if (_root.IsSystem())
        {
            var type = FileSystemType(_root.Resolve("/sys/fs/cgroup"));
            if (type != "cgroup2")
                throw new IOException("/sys/fs/cgroup is a " + type + " file system, not cgroup v2: cgroup knobs need the unified hierarchy "
                    + "(boot with systemd.unified_cgroup_hierarchy=1)");
        }
        Directory.CreateDirectory(p);
        Enable(p, controller);
        var dir = Path.Combine(p, trialKey);
        if (!Directory.Exists(dir))
        {
            Directory.CreateDirectory(dir);
            if (!_root.IsSystem()) File.WriteAllText(Path.Combine(dir, "cgroup.procs"), ""); // the kernel makes it in a real cgroup
        }
        return dir;
    }

    private void Enable(string cgroup, string controller)
    {
        var available = Path.Combine(cgroup, "cgroup.controllers");
        var subtree = Path.Combine(cgroup, "cgroup.subtree_control");
        if (_root.IsSystem())
        {
            var have = Words(SysRoot.Read(available));
            if (!have.Contains(controller))
                throw new IOException("controller " + controller + " is not available to " + Parent + " (its cgroup.controllers: "
                    + string.Join(" ", have) + "); enable it in the parent's cgroup.subtree_control");
            if (!Words(SysRoot.Read(subtree)).Contains(controller)) WriteExisting(subtree, "+" + controller);
        }
        else if (!File.Exists(subtree) || !Words(SysRoot.Read(subtree)).Contains(controller))
        {
            var now = File.Exists(subtree) ? SysRoot.Read(subtree) : "";
            File.WriteAllText(subtree, (now + " " + controller).Trim() + "\n", Encoding.ASCII);
        }
    }

    public void Restore(ActuatorSpec spec, IReadOnlyDictionary<string, string> stock)
    {
        stock.TryGetValue(StockKey, out var cg);
        if (cg is null || !cg.StartsWith(Parent + "/", StringComparison.Ordinal) || !Trial.IsMatch(cg[(Parent.Length + 1)..]))
            throw new ArgumentException("cgroup " + cg + " is not a trial cgroup under " + Parent + "; refused");
        var dir = _root.Resolve(cg);
        if (!Directory.Exists(dir)) return;
        KillMembers(dir);
        try
        {
            Directory.Delete(dir, recursive: false);
        }
        catch (IOException) when (!_root.IsSystem())
        {
            foreach (var f in Directory.EnumerateFiles(dir)) File.Delete(f); // a test tree: its interface files are plain files
            Directory.Delete(dir, recursive: false);
        }
    }

    /// <summary>Kills what is left in the cgroup: a crashed trial's workload must not go on disturbing the machine.</summary>
    private void KillMembers(string dir)
    {
        var kill = Path.Combine(dir, "cgroup.kill");
        var procs = Path.Combine(dir, "cgroup.procs");
        if (_root.IsSystem() && File.Exists(kill))
        {
            WriteExisting(kill, "1");
        }
        else if (File.Exists(procs))
        {
            foreach (var line in File.ReadAllLines(procs, Encoding.ASCII))
                if (!string.IsNullOrWhiteSpace(line)) KillPid(int.Parse(line.Trim(), System.Globalization.CultureInfo.InvariantCulture));
        }
        if (!_root.IsSystem()) return;
        var end = Stopwatch.GetTimestamp() + 2 * Stopwatch.Frequency;
        while (Stopwatch.GetTimestamp() < end && File.Exists(procs) && SysRoot.Read(procs).Length > 0) Thread.Sleep(20);
    }

    private static void KillPid(int pid)
    {
        try
        {
            using var p = Process.GetProcessById(pid);
            p.Kill();
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // already gone
        }
    }

    private static string[] Words(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

    private static void WriteExisting(string file, string text)
    {
        using var h = File.OpenHandle(file, FileMode.Open, FileAccess.Write);
        RandomAccess.Write(h, Encoding.ASCII.GetBytes(text), 0);
    }

    /// <summary>The type of the file system mounted at or above <paramref name="path"/>, from /proc/self/mounts ("cgroup2", "tmpfs"…).</summary>
    private static string FileSystemType(string path)
    {
        var full = Path.GetFullPath(path).TrimEnd('/');
        string best = "", type = "unknown";
        try
        {
            foreach (var line in File.ReadLines("/proc/self/mounts"))
            {
                var f = line.Split(' ');
                if (f.Length < 3) continue;
                var mount = f[1].Replace("\\040", " ").TrimEnd('/');
                if ((full == mount || full.StartsWith(mount + "/", StringComparison.Ordinal) || mount.Length == 0) && mount.Length >= best.Length)
                {
                    best = mount;
                    type = f[2];
                }
            }
        }
        catch (IOException)
        {
            return new DriveInfo(full).DriveFormat;
        }
        return type;
    }
}
