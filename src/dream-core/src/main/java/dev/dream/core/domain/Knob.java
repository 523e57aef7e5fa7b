package dev.dream.core.domain;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/**
 * One tunable setting of a domain (a gene). Values travel as {@code Long} (int), {@code Double} (float),
 * {@code String} (choice) and {@code Boolean} (bool); {@link Genome} keeps them in that canonical form.
 *
 * <p>{@code stock} is the declared {@code default:} (null when the actuator reads it from the machine).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = Knob.IntKnob.class, name = "int"),
  @JsonSubTypes.Type(value = Knob.FloatKnob.class, name = "float"),
  @JsonSubTypes.Type(value = Knob.ChoiceKnob.class, name = "choice"),
  @JsonSubTypes.Type(value = Knob.BoolKnob.class, name = "bool")
})
public sealed interface Knob {
  String name();

  ActuatorSpec actuator();

  /** Declared stock value in canonical form, or null if it must be read from the machine. */
  Object stock();

  /** {@code step} 0 means every integer; {@code log} spaces the encoding logarithmically (min >= 1). */
  record IntKnob(String name, long min, long max, long step, boolean log, Long stock, ActuatorSpec actuator)
      implements Knob {}

  /** {@code step} null means continuous; a step grid starts at {@code min}. */
  record FloatKnob(
      String name, double min, double max, Double step, boolean log, Double stock, ActuatorSpec actuator)
      implements Knob {}

  record ChoiceKnob(String name, List<String> choices, String stock, ActuatorSpec actuator) implements Knob {}

  record BoolKnob(String name, Boolean stock, ActuatorSpec actuator) implements Knob {}
}
