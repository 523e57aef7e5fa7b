using Dream.Core.Domain;
using Dream.Trials.Processes;

namespace Dream.Trials.Actuators;

/// <summary>
/// The knobs of one trial as applied: what the workload gets, which knobs were held at stock and why, and the undo
/// steps. <see cref="Restore"/> undoes in reverse order and is idempotent.
/// </summary>
public sealed class AppliedKnobs
{
    private sealed record Undo(string Knob, IKnobActuator Actuator, ActuatorSpec Spec, IReadOnlyDictionary<string, string> Stock, string? JournalHandle);

    private readonly Dictionary<string, string> _held = new();
    private readonly Stack<Undo> _undo = new();
    private readonly ApplyJournal _journal;
    private readonly object _gate = new();

    internal AppliedKnobs(ApplyJournal journal) => _journal = journal;

    internal KnobEffects Effects { get; } = new();

    internal void Hold(string knob, string reason) => _held[knob] = reason;

    internal void WillRestore(string knob, IKnobActuator a, ActuatorSpec spec, IReadOnlyDictionary<string, string> stock, string? handle) =>
        _undo.Push(new Undo(knob, a, spec, stock, handle));

    public IReadOnlyDictionary<string, object> Args => Effects.Args;

    public IReadOnlyDictionary<string, string> Env => Effects.Env;

    /// <summary>Where the workload's processes run (launchers and cgroup of the placement knobs).</summary>
    public Placement Placement => Effects.Placement;

    /// <summary>Knob name → why it was left at its stock value in this trial.</summary>
    public IReadOnlyDictionary<string, string> Held => _held.AsReadOnly();

    /// <summary>
    /// Puts every changed knob back, newest first. Returns the failures (empty when all went back); a failed knob
    /// keeps its journal entry, so that <see cref="ApplyJournal.RestorePending"/> tries again later.
    /// </summary>
    public IReadOnlyList<string> Restore()
    {
        lock (_gate)
        {
            var failures = new List<string>();
            while (_undo.Count > 0)
            {
                var u = _undo.Pop();
                try
                {
                    u.Actuator.Restore(u.Spec, u.Stock);
                }
                catch (Exception e)
                {
                    failures.Add("restoring knob " + u.Knob + " failed: " + e.Message + " (kept in the apply-journal)");
                    continue;
                }
                try
                {
                    if (u.JournalHandle is not null) _journal.Remove(u.JournalHandle);
                }
                catch (Exception e)
                {
                    // Restored but still journaled: a later RestorePending writes the same stock value again, harmlessly.
                    failures.Add("knob " + u.Knob + " restored, but its journal entry could not be removed: " + e.Message);
                }
            }
            return failures;
        }
    }
}
