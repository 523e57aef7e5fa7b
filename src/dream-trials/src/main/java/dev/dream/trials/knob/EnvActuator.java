package dev.dream.trials.knob;

import dev.dream.core.domain.Knob;

/**
 * {@code env}: the value goes into the environment of the processes the workload starts, under the
 * actuator's {@code path} (the variable's name) or the knob's name. This process's own environment is
 * never changed, so nothing is restored.
 */
public final class EnvActuator implements KnobActuator {
  @Override
  public boolean changesSystem() {
    return false;
  }

  @Override
  public void apply(Knob knob, Object value, KnobEffects effects) {
    String name = knob.actuator().path();
    effects.env(name == null || name.isBlank() ? knob.name() : name, KnobValues.text(knob, value));
  }
}
