namespace Dream.Trials.Processes;

/// <summary>
/// Where and how a workload's processes run: a chain of launchers put in front of the command (taskset for CPU
/// affinity, nice, chrt for the scheduling policy; each execs the next, so the command keeps the PID and its
/// children inherit the setting), and the cgroup directory the process is moved into right after it starts.
/// <see cref="None"/> changes nothing.
/// </summary>
public sealed record Placement
{
    public static readonly Placement None = new([], null);

    public IReadOnlyList<Launcher> Launchers { get; }
    public string? Cgroup { get; }

    public Placement(IEnumerable<Launcher> launchers, string? cgroup)
    {
        Launchers = launchers.ToList().AsReadOnly();
        Cgroup = cgroup;
    }

    /// <summary>One launcher: a tool and its arguments, e.g. taskset -c 0-3. <see cref="Knob"/> is named in errors.</summary>
    public sealed record Launcher
    {
        public string Knob { get; }
        public string Tool { get; }
        public IReadOnlyList<string> Args { get; }

        public Launcher(string knob, string tool, IEnumerable<string> args)
        {
            Knob = knob;
            Tool = tool;
            Args = args.ToList().AsReadOnly();
        }

        public bool Equals(Launcher? other) =>
            other is not null && Knob == other.Knob && Tool == other.Tool && Args.SequenceEqual(other.Args);

        public override int GetHashCode() => HashCode.Combine(Knob, Tool, Args.Count);
    }

    public bool IsNone() => Launchers.Count == 0 && Cgroup is null;

    /// <summary>The argv that runs <paramref name="command"/> (program first, already located) under the launchers.</summary>
    public IReadOnlyList<string> Wrap(IReadOnlyList<string> command, Tools tools)
    {
        var argv = new List<string>();
        foreach (var l in Launchers)
        {
            var tool = tools.Find(l.Tool)
                ?? throw new ToolMissingException(l.Tool, tools.Missing(l.Tool) + "; knob " + l.Knob + " needs it");
            argv.Add(tool);
            argv.AddRange(l.Args);
        }
        argv.AddRange(command);
        return argv.AsReadOnly();
    }

    public bool Equals(Placement? other) =>
        other is not null && Cgroup == other.Cgroup && Launchers.SequenceEqual(other.Launchers);

    public override int GetHashCode() => HashCode.Combine(Cgroup, Launchers.Count);
}
