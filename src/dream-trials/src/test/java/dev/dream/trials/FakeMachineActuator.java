package dev.dream.trials;

import dev.dream.core.domain.ActuatorSpec;
import dev.dream.core.domain.Knob;
import dev.dream.trials.knob.KnobActuator;
import dev.dream.trials.knob.KnobEffects;
import dev.dream.trials.knob.KnobValues;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A system-changing actuator over an in-memory "machine": target (the actuator path) → text. */
final class FakeMachineActuator implements KnobActuator {
  final Map<String, String> machine = new ConcurrentHashMap<>();
  final List<String> log = new ArrayList<>();
  volatile String failApplyOf;
  volatile boolean failRestore;

  @Override
  public boolean changesSystem() {
    return true;
  }

  @Override
  public Map<String, String> readStock(Knob knob) {
    return Map.of(knob.actuator().path(), machine.get(knob.actuator().path()));
  }

  @Override
  public void apply(Knob knob, Object value, KnobEffects effects) throws IOException {
    if (knob.name().equals(failApplyOf)) throw new IOException("permission denied");
    machine.put(knob.actuator().path(), KnobValues.text(knob, value));
    synchronized (log) {
      log.add("apply " + knob.name());
    }
  }

  @Override
  public void restore(ActuatorSpec spec, Map<String, String> stock) throws IOException {
    if (failRestore) throw new IOException("device busy");
    machine.putAll(stock);
    synchronized (log) {
      log.add("restore " + spec.path());
    }
  }
}
