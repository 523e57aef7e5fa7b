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
   * What restoring needs, read before applying: each concrete target (e.g. a file path relative to the
   * system root) to the text to write back. Empty for actuators that change nothing.
   */
  default Map<String, String> readStock(Knob knob) throws IOException {
    return Map.of();
  }

  void apply(Knob knob, Object value, KnobEffects effects) throws IOException;

  /** Writes {@code stock} back; {@code spec} is the knob's declared actuator, which bounds the targets. */
  default void restore(ActuatorSpec spec, Map<String, String> stock) throws IOException {}

  /** The knob's current value on this machine, when it can be read (for the stock genome). */
  default Optional<Object> readCurrent(Knob knob) throws IOException {
    return Optional.empty();
  }
}
