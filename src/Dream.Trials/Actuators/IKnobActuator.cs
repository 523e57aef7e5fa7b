using Dream.Core.Domain;

namespace Dream.Trials.Actuators;

/// <summary>
/// Applies one kind of knob (<see cref="ActuatorSpec.Kind"/>) and puts it back. The executor reads the stock state,
/// journals it, applies, and restores in a finally block; restoring must also work in a later process, from the
/// journal alone, after a crash.
/// </summary>
public interface IKnobActuator
{
    /// <summary>Whether applying changes the machine: then it is journaled and needs allowSystemChanges.</summary>
    bool ChangesSystem { get; }

    /// <summary>
    /// Whether the knob acts on the processes the workload starts (CPU affinity, nice, scheduling policy, cgroup)
    /// rather than on the machine as a whole. Such a knob cannot apply to a workload that runs inside the Dream
    /// process; it is then held at stock, with that reason.
    /// </summary>
    bool PlacesProcesses => false;

    /// <summary>
    /// What restoring needs, read before applying: each concrete target (e.g. a file path relative to the system
    /// root) to the text to write back. Empty for actuators that change nothing that outlives the trial's processes.
    /// </summary>
    IReadOnlyDictionary<string, string> ReadStock(Knob knob) => new Dictionary<string, string>();

    /// <summary>As <see cref="ReadStock(Knob)"/>, for actuators that need to know what this trial creates (its cgroup).</summary>
    IReadOnlyDictionary<string, string> ReadStock(Knob knob, KnobEffects effects) => ReadStock(knob);

    void Apply(Knob knob, object value, KnobEffects effects);

    /// <summary>Writes <paramref name="stock"/> back; <paramref name="spec"/> is the knob's declared actuator, which bounds the targets.</summary>
    void Restore(ActuatorSpec spec, IReadOnlyDictionary<string, string> stock) { }

    /// <summary>The knob's current value on this machine, when it can be read (for the stock genome); null when not.</summary>
    object? ReadCurrent(Knob knob) => null;
}
