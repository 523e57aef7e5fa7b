namespace Dream.Core.Tests.Config;

/// <summary>Broken actuators; the knob under test starts on line 3 of the domain file.</summary>
public class ActuatorErrorsTests : TempDirTest
{
    private const string File = "config/domains/toy.yaml";
    private readonly ConfigFixture f;

    public ActuatorErrorsTests() => f = ConfigFixture.Valid(Tmp);

    private static string K(string raw) => ConfigFixture.Text(raw);

    [Fact]
    public void UnknownActuatorKindListsTheValidOnes() =>
        f.ToyKnobs(K("""
              gov:
                type: choice
                choices: [performance, powersave]
                actuator: {kind: sysfss, path: /sys/devices/system/cpu/cpu0/cpufreq/scaling_governor}
            """)).OnlyProblem(File, 6, 22, "unknown actuator kind 'sysfss' for knob 'gov'",
            "did you mean 'sysfs'? valid kinds: sysfs, procfs, cgroup, affinity, nice, sched-policy, workload-arg, env, nvidia-smi");

    [Fact]
    public void MissingActuator() =>
        f.ToyKnobs(K("""
              threads: {type: int, min: 1, max: 8, default: 2}
            """)).OnlyProblem(File, 3, 3, "knob 'threads' is missing 'actuator'", "actuator: {kind: workload-arg}");

    [Fact]
    public void WorkloadArgWithoutDefaultCannotBeRead() =>
        f.ToyKnobs(K("""
              threads: {type: int, min: 1, max: 8, actuator: {kind: workload-arg}}
            """)).OnlyProblem(File, 3, 3, "knob 'threads' has no default, and its workload-arg actuator cannot read the value "
            + "in force from the machine", "add default: 1 (the stock value the baseline is measured at)");

    [Fact]
    public void EnvWithoutDefaultCannotBeRead() =>
        f.ToyKnobs(K("""
              omp: {type: int, min: 1, max: 8, actuator: {kind: env, name: OMP_NUM_THREADS}}
            """)).OnlyProblem(File, 3, 3, "knob 'omp' has no default, and its env actuator cannot read", "add default: 1");

    [Fact]
    public void SysfsPathMustBeAbsoluteUnderSys() =>
        f.ToyKnobs(K("""
              gov:
                type: choice
                choices: [performance, powersave]
                actuator: {kind: sysfs, path: devices/system/cpu/cpu0/cpufreq/scaling_governor}
            """)).OnlyProblem(File, 6, 35, "the sysfs path 'devices/system/cpu/cpu0/cpufreq/scaling_governor' of 'actuator' of "
            + "knob 'gov' is not an absolute path under /sys/", "write the absolute path under /sys/");

    [Fact]
    public void SysfsPathMayNotClimbOutWithDotDot() =>
        f.ToyKnobs(K("""
              gov:
                type: choice
                choices: [performance, powersave]
                actuator: {kind: sysfs, path: /sys/../etc/passwd}
            """)).OnlyProblem(File, 6, 35, "is not an absolute path under /sys/", "without '..'");

    [Fact]
    public void ProcfsPathThatIsUnderSysSuggestsTheSysfsKind() =>
        f.ToyKnobs(K("""
              thp:
                type: choice
                choices: [always, never]
                actuator: {kind: procfs, path: /sys/kernel/mm/transparent_hugepage/enabled}
            """)).OnlyProblem(File, 6, 36, "the procfs path '/sys/kernel/mm/transparent_hugepage/enabled'", "use kind: sysfs");

    [Fact]
    public void CgroupPathIsAnInterfaceFileName() =>
        f.ToyKnobs(K("""
              weight: {type: int, min: 1, max: 10000, actuator: {kind: cgroup, path: /sys/fs/cgroup/cpu.weight}}
            """)).OnlyProblem(File, 3, 74, "the cgroup path '/sys/fs/cgroup/cpu.weight' of 'actuator' of knob 'weight' is not a "
            + "cgroup interface file name", "write the file name only, e.g. cpu.weight");

    [Fact]
    public void BoolKnobWrittenToAFileNeedsValuesForTrueAndFalse() =>
        f.ToyKnobs(K("""
              smt:
                type: bool
                actuator: {kind: sysfs, path: /sys/devices/system/cpu/smt/control, values: {true: "on"}}
            """)).OnlyProblem(File, 5, 80, "values of bool knob 'smt' must say what is written for both true and false",
            "values: {true: \"1\", false: \"0\"}");

    [Fact]
    public void BoolKnobWrittenToAFileWithoutValues() =>
        f.ToyKnobs(K("""
              smt:
                type: bool
                actuator: {kind: sysfs, path: /sys/devices/system/cpu/smt/control}
            """)).OnlyProblem(File, 5, 5, "bool knob 'smt' has a sysfs actuator but no values", "say what is written for each");

    [Fact]
    public void ValuesKeyThatIsNotAChoice() =>
        f.ToyKnobs(K("""
              gov:
                type: choice
                choices: [performance, powersave]
                actuator:
                  kind: sysfs
                  path: /sys/devices/system/cpu/cpu0/cpufreq/scaling_governor
                  values: {performance: perf, powersafe: save}
            """)).OnlyProblem(File, 9, 35, "knob 'gov': the values key 'powersafe' is not one of its choices", "did you mean 'powersave'?");

    [Fact]
    public void TwoKnobValuesWritingTheSameTextCouldNotBeReadBack() =>
        f.ToyKnobs(K("""
              smt:
                type: bool
                actuator: {kind: sysfs, path: /sys/devices/system/cpu/smt/control, values: {true: "on", false: "on"}}
            """)).OnlyProblem(File, 5, 100, "'on' is written for two knob values", "maps to one");

    [Fact]
    public void NiceNeedsAnIntKnobWithinNiceValues() =>
        f.ToyKnobs(K("""
              prio: {type: int, min: -40, max: 19, actuator: {kind: nice}}
            """)).OnlyProblem(File, 3, 57, "a nice actuator cannot apply knob 'prio'", "an int knob within -20..19");

    [Fact]
    public void SchedPolicyNeedsKnownPolicies() =>
        f.ToyKnobs(K("""
              policy: {type: choice, choices: [other, deadline], actuator: {kind: sched-policy}}
            """)).OnlyProblem(File, 3, 71, "a sched-policy actuator cannot apply knob 'policy'", "among other, batch, idle, fifo, rr");

    [Fact]
    public void AffinityNeedsACountAFractionOrCpuLists() =>
        f.ToyKnobs(K("""
              cpus: {type: choice, choices: [all, some], actuator: {kind: affinity}}
            """)).OnlyProblem(File, 3, 63, "an affinity actuator cannot apply knob 'cpus'", "a float knob within (0, 1]");

    [Fact]
    public void UnknownNvidiaSetting() =>
        f.ToyKnobs(K("""
              power: {type: int, min: 50, max: 100, step: 10, actuator: {kind: nvidia-smi, setting: power-limit}}
            """)).OnlyProblem(File, 3, 89, "unknown nvidia-smi setting 'power-limit'", "did you mean 'power-limit-w'?");

    [Fact]
    public void KeyThatTheActuatorKindDoesNotTake() =>
        f.ToyKnobs(K("""
              threads: {type: int, min: 1, max: 8, default: 2, actuator: {kind: workload-arg, path: /sys/x}}
            """)).OnlyProblem(File, 3, 83, "unknown key 'path' in 'actuator' of knob 'threads'", "valid keys here: kind");
}
