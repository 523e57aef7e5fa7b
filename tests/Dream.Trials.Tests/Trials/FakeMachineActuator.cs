using System.Collections.Concurrent;
using Dream.Core.Domain;
using Dream.Trials.Actuators;

namespace Dream.Trials.Tests.Trials;

/// <summary>A system-changing actuator over an in-memory "machine": target (the actuator path) → text.</summary>
public sealed class FakeMachineActuator : IKnobActuator
{
    public ConcurrentDictionary<string, string> Machine { get; } = new();
    private readonly List<string> _log = new();

    public volatile string? FailApplyOf;
    public volatile bool FailRestore;

    public IReadOnlyList<string> Log
    {
        get
        {
            lock (_log) return _log.ToList();
        }
    }

    public bool ChangesSystem => true;

    public IReadOnlyDictionary<string, string> ReadStock(Knob knob) =>
        new Dictionary<string, string> { [knob.Actuator.Path!] = Machine[knob.Actuator.Path!] };

    public void Apply(Knob knob, object value, KnobEffects effects)
    {
        if (knob.Name == FailApplyOf) throw new IOException("permission denied");
        Machine[knob.Actuator.Path!] = KnobValues.Text(knob, value);
        lock (_log) _log.Add("apply " + knob.Name);
    }

    public void Restore(ActuatorSpec spec, IReadOnlyDictionary<string, string> stock)
    {
        if (FailRestore) throw new IOException("device busy");
        foreach (var (k, v) in stock) Machine[k] = v;
        lock (_log) _log.Add("restore " + spec.Path);
    }

    /// <summary>The machine's state, in key order, for comparisons.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> State() => Machine.OrderBy(p => p.Key, StringComparer.Ordinal).ToList();
}
