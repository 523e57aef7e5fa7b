package dev.dream.trials.knob;

import dev.dream.core.domain.ActuatorSpec;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The knobs of one trial as applied: what the workload gets, which knobs were held at stock and why, and
 * the undo steps. {@link #restore()} undoes in reverse order and is idempotent.
 */
public final class AppliedKnobs {
  private record Undo(String knob, KnobActuator actuator, ActuatorSpec spec, Map<String, String> stock, Path journalHandle) {}

  private final KnobEffects effects = new KnobEffects();
  private final Map<String, String> held = new LinkedHashMap<>();
  private final Deque<Undo> undo = new ArrayDeque<>();
  private final ApplyJournal journal;

  AppliedKnobs(ApplyJournal journal) {
    this.journal = journal;
  }

  KnobEffects effects() {
    return effects;
  }

  void hold(String knob, String reason) {
    held.put(knob, reason);
  }

  void willRestore(String knob, KnobActuator a, ActuatorSpec spec, Map<String, String> stock, Path handle) {
    undo.push(new Undo(knob, a, spec, stock, handle));
  }

  public Map<String, Object> args() {
    return effects.args();
  }

  public Map<String, String> env() {
    return effects.env();
  }

  /** Where the workload's processes run (launchers and cgroup of the placement knobs). */
  public dev.dream.trials.process.Placement placement() {
    return effects.placement();
  }

  /** Knob name → why it was left at its stock value in this trial. */
  public Map<String, String> held() {
    return Collections.unmodifiableMap(held);
  }

  /**
   * Puts every changed knob back, newest first. Returns the failures (empty when all went back); a failed
   * knob keeps its journal entry, so that {@link ApplyJournal#restorePending} tries again later.
   */
  public synchronized List<String> restore() {
    List<String> failures = new ArrayList<>();
    while (!undo.isEmpty()) {
      Undo u = undo.pop();
      try {
        u.actuator().restore(u.spec(), u.stock());
      } catch (Exception e) {
        failures.add("restoring knob " + u.knob() + " failed: " + e.getMessage() + " (kept in the apply-journal)");
        continue;
      }
      try {
        if (u.journalHandle() != null) journal.remove(u.journalHandle());
      } catch (Exception e) {
        // Restored but still journaled: a later restorePending writes the same stock value again, harmlessly.
        failures.add("knob " + u.knob() + " restored, but its journal entry could not be removed: " + e.getMessage());
      }
    }
    return failures;
  }
}
