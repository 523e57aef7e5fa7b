package dev.dream.trials.knob;

import dev.dream.core.domain.ActuatorSpec;
import dev.dream.core.domain.Knob;
import dev.dream.trials.TrialSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Applies a candidate's knobs for one trial, in the domain's knob order: read the stock state, journal it
 * (durably), then apply. Knobs that change the machine are applied only when the trial allows system
 * changes; otherwise they are held at stock and listed in {@link AppliedKnobs#held()}.
 */
public final class KnobApplier {
  public static final String HELD_REASON =
      "held at stock: system changes are not allowed (run with --allow-system-changes)";

  /** Why a placement knob (affinity, nice, policy, cgroup) is held for a workload of {@code kind}. */
  public static String heldForBuiltin(String actuatorKind, String workloadKind) {
    return "held at stock: a " + actuatorKind + " knob applies to the processes a workload starts (stress-ng, fio, iperf3, "
        + "command), and workload " + workloadKind + " runs inside the Dream JVM, whose threads cannot be placed portably";
  }

  private final Map<String, KnobActuator> actuators;
  private final ApplyJournal journal;

  public KnobApplier(Map<String, KnobActuator> actuators, ApplyJournal journal) {
    this.actuators = Map.copyOf(actuators);
    this.journal = journal;
  }

  public Map<String, KnobActuator> actuators() {
    return actuators;
  }

  /** As {@link #apply(TrialSpec, boolean)} for a workload that starts no processes. */
  public AppliedKnobs apply(TrialSpec spec) throws KnobException {
    return apply(spec, false);
  }

  /**
   * Applies every knob, or none: on failure what was applied is restored before the exception.
   * {@code workloadStartsProcesses} says whether the placement knobs have processes to act on.
   */
  public AppliedKnobs apply(TrialSpec spec, boolean workloadStartsProcesses) throws KnobException {
    AppliedKnobs applied = new AppliedKnobs(journal);
    List<Knob> knobs = spec.domainSpec().knobs();
    for (String name : spec.genome().values().keySet()) {
      if (knobs.stream().noneMatch(k -> k.name().equals(name))) {
        throw new KnobException("candidate sets knob " + name + ", which domain " + spec.domain() + " does not define", null);
      }
    }
    for (Knob knob : knobs) {
      Object value = spec.genome().get(knob.name());
      if (value == null) continue; // not part of this candidate: the machine keeps its own value
      try {
        applyOne(spec, knob, value, applied, workloadStartsProcesses);
      } catch (Exception e) {
        List<String> restoreFailures = applied.restore();
        String msg = "applying knob " + knob.name() + " = " + value + " failed: " + e.getMessage();
        if (!restoreFailures.isEmpty()) msg += "; " + String.join("; ", restoreFailures);
        throw new KnobException(msg, e);
      }
    }
    return applied;
  }

  private void applyOne(TrialSpec spec, Knob knob, Object value, AppliedKnobs applied, boolean processes) throws Exception {
    ActuatorSpec as = knob.actuator();
    KnobActuator a = actuators.get(as.kind());
    boolean system = a != null ? a.changesSystem() : as.changesSystem();
    if (system && !spec.allowSystemChanges()) {
      applied.hold(knob.name(), HELD_REASON);
      return;
    }
    if (a == null) throw new IllegalStateException("no actuator for kind " + as.kind() + " on this node");
    if (a.placesProcesses() && !processes) {
      applied.hold(knob.name(), heldForBuiltin(as.kind(), spec.regimeSpec().workload().kind()));
      return;
    }
    if (!system) {
      a.apply(knob, value, applied.effects());
      return;
    }
    Map<String, String> stock = a.readStock(knob, applied.effects());
    if (stock.isEmpty() && a.placesProcesses()) {
      // Affinity, nice, policy live in the workload's processes only, which the trial kills at its end.
      a.apply(knob, value, applied.effects());
      return;
    }
    Path handle = journal.record(ApplyJournal.entry(spec.trialId(), knob.name(), as, stock));
    // Registered before applying: a write that fails half-way (one CPU of a glob done) is still undone.
    applied.willRestore(knob.name(), a, as, stock, handle);
    a.apply(knob, value, applied.effects());
  }
}
