using System.Globalization;
using Dream.Core.Domain;
using Dream.Trials.Probes;
using Dream.Trials.Processes;

namespace Dream.Trials.Actuators;

/// <summary>
/// <c>affinity</c>, <c>nice</c> and <c>sched-policy</c>: how the workload's processes are scheduled. The workload's
/// command is started through <c>taskset -c CPUS</c>, <c>nice -n N</c> and <c>chrt --POLICY PRIO</c> (argv, each
/// exec'ing the next), so the setting holds from the first instruction and every child inherits it; nothing on the
/// machine changes, and nothing outlives the processes, which the trial kills at its end. Workloads that run inside
/// the Dream process (builtin-*) cannot be placed: such a knob is held at stock for them, with the reason.
/// </summary>
/// <remarks>
/// affinity: an int knob is a number of CPUs, a float knob a fraction of the online CPUs (at least one), a choice
/// knob a CPU list as taskset reads it ("0-3,8"); the CPUs are the lowest-numbered online ones
/// (<c>/sys/devices/system/cpu/online</c> under the system root). A candidate asking for more CPUs than the node has
/// fails its trial rather than be measured on fewer. Lowering nice below 0, and the fifo and rr policies, need
/// CAP_SYS_NICE: without it the knob fails up front instead of being silently ignored (nice only warns).
/// </remarks>
public sealed class PlacementActuator : IKnobActuator
{
    private const int CapSysNice = 23;
    private static readonly IReadOnlyList<string> PlacementKinds = ["affinity", "nice", "sched-policy"];
    private static readonly IReadOnlyList<string> Policies = ["other", "batch", "idle", "fifo", "rr"];
    private readonly string _kind;
    private readonly SysRoot _root;

    public PlacementActuator(string kind, SysRoot root)
    {
        if (!PlacementKinds.Contains(kind)) throw new ArgumentException("not a placement kind: " + kind);
        _kind = kind;
        _root = root;
    }

    public bool ChangesSystem => true;

    public bool PlacesProcesses => true;

    public void Apply(Knob knob, object value, KnobEffects effects) => effects.Launcher(_kind, Launcher(knob, value));

    internal Placement.Launcher Launcher(Knob knob, object value)
    {
        switch (_kind)
        {
            case "affinity":
                return new Placement.Launcher(knob.Name, "taskset", ["-c", CpuList(knob, value)]);
            case "nice":
                var n = Convert.ToInt64(value, CultureInfo.InvariantCulture);
                if (n < 0) RequireCapSysNice(knob, "nice " + n);
                return new Placement.Launcher(knob.Name, "nice", ["-n", n.ToString(CultureInfo.InvariantCulture)]);
            default:
                var policy = KnobValues.Plain(value);
                var realtime = policy is "fifo" or "rr";
                if (realtime) RequireCapSysNice(knob, "policy " + policy);
                if (!Policies.Contains(policy)) throw new ArgumentException("knob " + knob.Name + ": unknown scheduling policy " + policy);
                return new Placement.Launcher(knob.Name, "chrt", ["--" + policy, realtime ? "1" : "0"]);
        }
    }

    internal string CpuList(Knob knob, object value)
    {
        if (knob is ChoiceKnob) return KnobValues.Plain(value);
        var online = OnlineCpus();
        var n = knob is FloatKnob
            ? (long)Math.Max(1, Math.Floor(Convert.ToDouble(value, CultureInfo.InvariantCulture) * online.Count + 0.5)) // Java's Math.round
            : Convert.ToInt64(value, CultureInfo.InvariantCulture);
        if (n < 1 || n > online.Count)
            throw new ArgumentException("knob " + knob.Name + " = " + KnobValues.Plain(value) + " asks for " + n + " CPUs; this node has "
                + online.Count + " online");
        return string.Join(",", online.Take((int)n).Select(i => i.ToString(CultureInfo.InvariantCulture)));
    }

    /// <summary>The online CPUs from the kernel's list ("0-3,6,8-9"), or 0..n-1 for this process's processors.</summary>
    internal IReadOnlyList<int> OnlineCpus()
    {
        var f = _root.Resolve("/sys/devices/system/cpu/online");
        if (!File.Exists(f)) return Enumerable.Range(0, Environment.ProcessorCount).ToList();
        var output = new List<int>();
        foreach (var part in SysRoot.Read(f).Split(','))
        {
            if (string.IsNullOrWhiteSpace(part)) continue;
            var r = part.Trim().Split('-');
            var from = int.Parse(r[0], CultureInfo.InvariantCulture);
            var to = r.Length > 1 ? int.Parse(r[1], CultureInfo.InvariantCulture) : from;
            for (var i = from; i <= to; i++) output.Add(i);
        }
        return output;
    }

    private static void RequireCapSysNice(Knob knob, string what)
    {
        if (!HasCapSysNice())
            throw new IOException("knob " + knob.Name + ": " + what + " needs CAP_SYS_NICE (run Dream as root, or give it that capability)");
    }

    /// <summary>From the effective capabilities of this process (/proc/self/status, the real one: it is about us).</summary>
    internal static bool HasCapSysNice()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
                if (line.StartsWith("CapEff:", StringComparison.Ordinal))
                    return ((ulong.Parse(line[7..].Trim(), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture) >> CapSysNice) & 1) == 1;
        }
        catch (Exception e) when (e is IOException or FormatException or OverflowException or UnauthorizedAccessException)
        {
            // unknown: let the launcher try, and fail loudly if it cannot
        }
        return true;
    }
}
