using Dream.Trials.Processes;

namespace Dream.Trials.Actuators;

/// <summary>
/// What knobs hand to the workload rather than to the machine: workload arguments, environment, and the placement
/// of the workload's processes (launchers such as taskset, nice and chrt, and a cgroup). <see cref="TrialKey"/>
/// names what a trial creates (its cgroup), unique per trial.
/// </summary>
public sealed class KnobEffects
{
    /// <summary>Launchers run in this order, whatever the order of the knobs: affinity, then nice, then policy.</summary>
    private static readonly IReadOnlyList<string> LaunchOrder = ["affinity", "nice", "sched-policy"];

    private readonly Dictionary<string, object> _args = new();
    private readonly Dictionary<string, string> _env = new();
    private readonly Dictionary<string, Placement.Launcher> _launchers = new();

    public KnobEffects() : this("trial-" + Guid.NewGuid().ToString("N")[..16]) { }

    public KnobEffects(string trialKey) => TrialKey = trialKey;

    public string TrialKey { get; }

    /// <summary>The cgroup (a real path) the workload's processes are moved into; null when no cgroup knob applies.</summary>
    public string? Cgroup { get; set; }

    public IReadOnlyDictionary<string, object> Args => _args.AsReadOnly();

    public IReadOnlyDictionary<string, string> Env => _env.AsReadOnly();

    public void Arg(string name, object value) => _args[name] = value;

    public void SetEnv(string name, string value) => _env[name] = value;

    /// <summary>Adds the launcher of placement kind <paramref name="kind"/> (affinity, nice, sched-policy); one per kind.</summary>
    public void Launcher(string kind, Placement.Launcher launcher)
    {
        if (!LaunchOrder.Contains(kind)) throw new ArgumentException("not a placement kind: " + kind);
        if (_launchers.TryGetValue(kind, out var have))
            throw new ArgumentException("knobs " + have.Knob + " and " + launcher.Knob + " both set the " + kind + " of the workload's processes");
        _launchers[kind] = launcher;
    }

    /// <summary>Where the workload's processes run: the launchers in <see cref="LaunchOrder"/>, and the cgroup.</summary>
    public Placement Placement =>
        new(LaunchOrder.Where(_launchers.ContainsKey).Select(k => _launchers[k]), Cgroup);
}
