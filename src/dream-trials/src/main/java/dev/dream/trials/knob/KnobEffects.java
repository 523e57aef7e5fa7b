package dev.dream.trials.knob;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** What knobs hand to the workload rather than to the machine: workload arguments and environment. */
public final class KnobEffects {
  private final Map<String, Object> args = new LinkedHashMap<>();
  private final Map<String, String> env = new LinkedHashMap<>();

  public void arg(String name, Object value) {
    args.put(name, value);
  }

  public void env(String name, String value) {
    env.put(name, value);
  }

  public Map<String, Object> args() {
    return Collections.unmodifiableMap(args);
  }

  public Map<String, String> env() {
    return Collections.unmodifiableMap(env);
  }
}
