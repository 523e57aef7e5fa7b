package dev.dream.trials.knob;

import dev.dream.core.domain.ActuatorSpec;
import dev.dream.core.domain.Knob;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * Applies one kind of knob ({@link ActuatorSpec#kind()}) and puts it back. The executor reads the stock
 * state, journals it, applies, and restores in a finally block; restoring must also work in a later
 * process, from the journal alone, after a crash.
 */
public interface KnobActuator {
  /** Whether applying changes the machine: then it is journaled and needs allowSystemChanges. */
  boolean changesSystem();

  /**
   * Whether the knob acts on the processes the workload starts (CPU affinity, nice, scheduling policy,
   * cgroup) rather than on the machine as a whole. Such a knob cannot apply to a workload that runs inside
   * the Dream JVM; it is then held at stock, with that reason.
   */
  default boolean placesProcesses() {
    return false;
  }

  /**
   * What restoring needs, read before applying: each concrete target (e.g. a file path relative to the
   * system root) to the text to write back. Empty for actuators that change nothing that outlives the
   * trial's processes.
   */
  default Map<String, String> readStock(Knob knob) throws IOException {
    return Map.of();
  }

  /** As {@link #readStock(Knob)}, for actuators that need to know what this trial creates (its cgroup). */
  default Map<String, String> readStock(Knob knob, KnobEffects effects) throws IOException {
    return readStock(knob);
  }

  void apply(Knob knob, Object value, KnobEffects effects) throws IOException;

  /** Writes {@code stock} back; {@code spec} is the knob's declared actuator, which bounds the targets. */
  default void restore(ActuatorSpec spec, Map<String, String> stock) throws IOException {}

  /** The knob's current value on this machine, when it can be read (for the stock genome). */
  default Optional<Object> readCurrent(Knob knob) throws IOException {
    return Optional.empty();
  }
}
