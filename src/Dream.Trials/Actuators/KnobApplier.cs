using Dream.Core.Domain;

namespace Dream.Trials.Actuators;

/// <summary>
/// Applies a candidate's knobs for one trial, in the domain's knob order: read the stock state, journal it (durably),
/// then apply. Knobs that change the machine are applied only when the trial allows system changes; otherwise they
/// are held at stock and listed in <see cref="AppliedKnobs.Held"/>.
/// </summary>
public sealed class KnobApplier
{
    public const string HeldReason = "held at stock: system changes are not allowed (run with --allow-system-changes)";

    /// <summary>Why a placement knob (affinity, nice, policy, cgroup) is held for a workload of <paramref name="workloadKind"/>.</summary>
    public static string HeldForBuiltin(string actuatorKind, string workloadKind) =>
        "held at stock: a " + actuatorKind + " knob applies to the processes a workload starts (stress-ng, fio, iperf3, "
        + "command), and workload " + workloadKind + " runs inside the Dream JVM, whose threads cannot be placed portably";

    private readonly ApplyJournal _journal;

    public KnobApplier(IReadOnlyDictionary<string, IKnobActuator> actuators, ApplyJournal journal)
    {
        Actuators = new Dictionary<string, IKnobActuator>(actuators).AsReadOnly();
        _journal = journal;
    }

    public IReadOnlyDictionary<string, IKnobActuator> Actuators { get; }

    /// <summary>As <see cref="Apply(TrialSpec, bool)"/> for a workload that starts no processes.</summary>
    public AppliedKnobs Apply(TrialSpec spec) => Apply(spec, false);

    /// <summary>
    /// Applies every knob, or none: on failure what was applied is restored before the exception.
    /// <paramref name="workloadStartsProcesses"/> says whether the placement knobs have processes to act on.
    /// </summary>
    /// <exception cref="KnobException">a knob could not be applied (everything applied before it is restored)</exception>
    public AppliedKnobs Apply(TrialSpec spec, bool workloadStartsProcesses)
    {
        var applied = new AppliedKnobs(_journal);
        var knobs = spec.DomainSpec.Knobs;
        foreach (var name in spec.Genome.Values.Keys)
            if (knobs.All(k => k.Name != name))
                throw new KnobException("candidate sets knob " + name + ", which domain " + spec.Domain + " does not define", null);
        foreach (var knob in knobs)
        {
            var value = spec.Genome.Get(knob.Name);
            if (value is null) continue; // not part of this candidate: the machine keeps its own value
            try
            {
                ApplyOne(spec, knob, value, applied, workloadStartsProcesses);
            }
            catch (Exception e)
            {
                var restoreFailures = applied.Restore();
                var msg = "applying knob " + knob.Name + " = " + KnobValues.Plain(value) + " failed: " + e.Message;
                if (restoreFailures.Count > 0) msg += "; " + string.Join("; ", restoreFailures);
                throw new KnobException(msg, e);
            }
        }
        return applied;
    }

    private void ApplyOne(TrialSpec spec, Knob knob, object value, AppliedKnobs applied, bool processes)
    {
        var spec0 = knob.Actuator;
        Actuators.TryGetValue(spec0.Kind, out var a);
        var system = a?.ChangesSystem ?? spec0.ChangesSystem;
        if (system && !spec.AllowSystemChanges)
        {
            applied.Hold(knob.Name, HeldReason);
            return;
        }
        if (a is null) throw new InvalidOperationException("no actuator for kind " + spec0.Kind + " on this node");
        if (a.PlacesProcesses && !processes)
        {
            applied.Hold(knob.Name, HeldForBuiltin(spec0.Kind, spec.RegimeSpec.Workload.Kind));
            return;
        }
        if (!system)
        {
            a.Apply(knob, value, applied.Effects);
            return;
        }
        var stock = a.ReadStock(knob, applied.Effects);
        if (stock.Count == 0 && a.PlacesProcesses)
        {
            // Affinity, nice, policy live in the workload's processes only, which the trial kills at its end.
            a.Apply(knob, value, applied.Effects);
            return;
        }
        var handle = _journal.Record(ApplyJournal.NewEntry(spec.TrialId, knob.Name, spec0, stock));
        // Registered before applying: a write that fails half-way (one CPU of a glob done) is still undone.
        applied.WillRestore(knob.Name, a, spec0, stock, handle);
        a.Apply(knob, value, applied.Effects);
    }
}
