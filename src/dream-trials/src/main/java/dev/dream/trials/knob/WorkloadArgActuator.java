package dev.dream.trials.knob;

import dev.dream.core.domain.Knob;

/**
 * {@code workload-arg}: the value goes to the workload as a parameter named by the actuator's {@code path},
 * or by the knob's name when there is none. Nothing on the machine changes, so nothing is restored.
 */
public final class WorkloadArgActuator implements KnobActuator {
  @Override
  public boolean changesSystem() {
    return false;
  }

  @Override
  public void apply(Knob knob, Object value, KnobEffects effects) {
    String name = knob.actuator().path();
    effects.arg(name == null || name.isBlank() ? knob.name() : name, value);
  }
}
