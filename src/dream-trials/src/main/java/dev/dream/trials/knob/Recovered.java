package dev.dream.trials.knob;

/**
 * What a starting executor did with one record that a crashed predecessor left in the apply-journal: a
 * knob restored ({@link ApplyJournal.Restored}) or an orphaned workload process dealt with
 * ({@link OrphanedWorkloads.Swept}). One that is not {@link #ok()} stays in the journal.
 */
public sealed interface Recovered permits ApplyJournal.Restored, OrphanedWorkloads.Swept {
  boolean ok();

  /** One line for the node's log, e.g. "killed orphaned workload pid 4711 (/usr/bin/stress-ng ...) of trial T". */
  String message();
}
