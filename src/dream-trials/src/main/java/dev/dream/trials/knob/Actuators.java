package dev.dream.trials.knob;

import dev.dream.trials.probe.SysRoot;
import java.util.Map;

/** The knob actuators of a node, by actuator kind. */
public final class Actuators {
  private Actuators() {}

  public static Map<String, KnobActuator> standard(SysRoot root) {
    return Map.of(
        "sysfs", new SysfsActuator(root, "sysfs"),
        "procfs", new SysfsActuator(root, "procfs"),
        "workload-arg", new WorkloadArgActuator(),
        "env", new EnvActuator());
  }
}
