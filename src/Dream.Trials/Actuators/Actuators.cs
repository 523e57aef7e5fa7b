using Dream.Trials.Gpu;
using Dream.Trials.Probes;
using Dream.Trials.Processes;

namespace Dream.Trials.Actuators;

/// <summary>The knob actuators of a node, by actuator kind.</summary>
public static class Actuators
{
    public static IReadOnlyDictionary<string, IKnobActuator> Standard(SysRoot root) => Standard(root, Tools.System());

    /// <summary>
    /// Every actuator kind of DESIGN.md: files under /sys and /proc, the trial's cgroup (parent from
    /// <c>$DREAM_CGROUP_PARENT</c>), the placement of the workload's processes, workload arguments, environment, and
    /// nvidia-smi settings (found with <paramref name="tools"/>).
    /// </summary>
    public static IReadOnlyDictionary<string, IKnobActuator> Standard(SysRoot root, Tools tools) => new Dictionary<string, IKnobActuator>
    {
        ["sysfs"] = new SysfsActuator(root, "sysfs"),
        ["procfs"] = new SysfsActuator(root, "procfs"),
        ["cgroup"] = CgroupActuator.FromEnv(root),
        ["affinity"] = new PlacementActuator("affinity", root),
        ["nice"] = new PlacementActuator("nice", root),
        ["sched-policy"] = new PlacementActuator("sched-policy", root),
        ["workload-arg"] = new WorkloadArgActuator(),
        ["env"] = new EnvActuator(),
        ["nvidia-smi"] = new NvidiaSmiActuator(new NvidiaSmi(tools)),
    }.AsReadOnly();
}
