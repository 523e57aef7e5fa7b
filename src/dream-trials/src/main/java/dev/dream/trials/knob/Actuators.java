package dev.dream.trials.knob;

import dev.dream.trials.gpu.NvidiaSmi;
import dev.dream.trials.gpu.NvidiaSmiActuator;
import dev.dream.trials.probe.SysRoot;
import dev.dream.trials.process.Tools;
import java.util.Map;

/** The knob actuators of a node, by actuator kind. */
public final class Actuators {
  private Actuators() {}

  public static Map<String, KnobActuator> standard(SysRoot root) {
    return standard(root, Tools.system());
  }

  /**
   * Every actuator kind of DESIGN.md: files under /sys and /proc, the trial's cgroup (parent from
   * {@code $DREAM_CGROUP_PARENT}), the placement of the workload's processes, workload arguments,
   * environment, and nvidia-smi settings (found with {@code tools}).
   */
  public static Map<String, KnobActuator> standard(SysRoot root, Tools tools) {
    return Map.of(
        "sysfs", new SysfsActuator(root, "sysfs"),
        "procfs", new SysfsActuator(root, "procfs"),
        "cgroup", CgroupActuator.fromEnv(root),
        "affinity", new PlacementActuator("affinity", root),
        "nice", new PlacementActuator("nice", root),
        "sched-policy", new PlacementActuator("sched-policy", root),
        "workload-arg", new WorkloadArgActuator(),
        "env", new EnvActuator(),
        "nvidia-smi", new NvidiaSmiActuator(new NvidiaSmi(tools)));
  }
}
