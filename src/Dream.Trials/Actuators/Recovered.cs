namespace Dream.Trials.Actuators;

/// <summary>
/// What a starting executor did with one record that a crashed predecessor left in the apply-journal: a knob
/// restored (<see cref="ApplyJournal.Restored"/>) or an orphaned workload process dealt with
/// (<see cref="OrphanedWorkloads.Swept"/>). One that is not <see cref="Ok"/> stays in the journal.
/// </summary>
public abstract record Recovered
{
    private protected Recovered() { }

    public abstract bool Ok { get; }

    /// <summary>One line for the node's log, e.g. "killed orphaned workload pid 4711 (/usr/bin/stress-ng ...) of trial T".</summary>
    public abstract string Message { get; }
}
