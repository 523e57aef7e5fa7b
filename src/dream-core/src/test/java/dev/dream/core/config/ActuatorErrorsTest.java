package dev.dream.core.config;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Broken actuators; the knob under test starts on line 3 of the domain file. */
class ActuatorErrorsTest {
  static final String FILE = "config/domains/toy.yaml";
  @TempDir Path tmp;
  ConfigFixture f;

  @BeforeEach
  void setUp() {
    f = ConfigFixture.valid(tmp);
  }

  @Test
  void unknownActuatorKindListsTheValidOnes() {
    f.toyKnobs("""
          gov:
            type: choice
            choices: [performance, powersave]
            actuator: {kind: sysfss, path: /sys/devices/system/cpu/cpu0/cpufreq/scaling_governor}
        """).onlyProblem(FILE, 6, 22, "unknown actuator kind 'sysfss' for knob 'gov'",
        "did you mean 'sysfs'? valid kinds: sysfs, procfs, cgroup, affinity, nice, sched-policy, workload-arg, env, nvidia-smi");
  }

  @Test
  void missingActuator() {
    f.toyKnobs("""
          threads: {type: int, min: 1, max: 8, default: 2}
        """).onlyProblem(FILE, 3, 3, "knob 'threads' is missing 'actuator'", "actuator: {kind: workload-arg}");
  }

  @Test
  void workloadArgWithoutDefaultCannotBeRead() {
    f.toyKnobs("""
          threads: {type: int, min: 1, max: 8, actuator: {kind: workload-arg}}
        """).onlyProblem(FILE, 3, 3, "knob 'threads' has no default, and its workload-arg actuator cannot read the value "
        + "in force from the machine", "add default: 1 (the stock value the baseline is measured at)");
  }

  @Test
  void envWithoutDefaultCannotBeRead() {
    f.toyKnobs("""
          omp: {type: int, min: 1, max: 8, actuator: {kind: env, name: OMP_NUM_THREADS}}
        """).onlyProblem(FILE, 3, 3, "knob 'omp' has no default, and its env actuator cannot read", "add default: 1");
  }

  @Test
  void sysfsPathMustBeAbsoluteUnderSys() {
    f.toyKnobs("""
          gov:
            type: choice
            choices: [performance, powersave]
            actuator: {kind: sysfs, path: devices/system/cpu/cpu0/cpufreq/scaling_governor}
        """).onlyProblem(FILE, 6, 35, "the sysfs path 'devices/system/cpu/cpu0/cpufreq/scaling_governor' of 'actuator' of "
        + "knob 'gov' is not an absolute path under /sys/", "write the absolute path under /sys/");
  }

  @Test
  void sysfsPathMayNotClimbOutWithDotDot() {
    f.toyKnobs("""
          gov:
            type: choice
            choices: [performance, powersave]
            actuator: {kind: sysfs, path: /sys/../etc/passwd}
        """).onlyProblem(FILE, 6, 35, "is not an absolute path under /sys/", "without '..'");
  }

  @Test
  void procfsPathThatIsUnderSysSuggestsTheSysfsKind() {
    f.toyKnobs("""
          thp:
            type: choice
            choices: [always, never]
            actuator: {kind: procfs, path: /sys/kernel/mm/transparent_hugepage/enabled}
        """).onlyProblem(FILE, 6, 36, "the procfs path '/sys/kernel/mm/transparent_hugepage/enabled'", "use kind: sysfs");
  }

  @Test
  void cgroupPathIsAnInterfaceFileName() {
    f.toyKnobs("""
          weight: {type: int, min: 1, max: 10000, actuator: {kind: cgroup, path: /sys/fs/cgroup/cpu.weight}}
        """).onlyProblem(FILE, 3, 74, "the cgroup path '/sys/fs/cgroup/cpu.weight' of 'actuator' of knob 'weight' is not a "
        + "cgroup interface file name", "write the file name only, e.g. cpu.weight");
  }

  @Test
  void boolKnobWrittenToAFileNeedsValuesForTrueAndFalse() {
    f.toyKnobs("""
          smt:
            type: bool
            actuator: {kind: sysfs, path: /sys/devices/system/cpu/smt/control, values: {true: "on"}}
        """).onlyProblem(FILE, 5, 80, "values of bool knob 'smt' must say what is written for both true and false",
        "values: {true: \"1\", false: \"0\"}");
  }

  @Test
  void boolKnobWrittenToAFileWithoutValues() {
    f.toyKnobs("""
          smt:
            type: bool
            actuator: {kind: sysfs, path: /sys/devices/system/cpu/smt/control}
        """).onlyProblem(FILE, 5, 5, "bool knob 'smt' has a sysfs actuator but no values", "say what is written for each");
  }

  @Test
  void valuesKeyThatIsNotAChoice() {
    f.toyKnobs("""
          gov:
            type: choice
            choices: [performance, powersave]
            actuator:
              kind: sysfs
              path: /sys/devices/system/cpu/cpu0/cpufreq/scaling_governor
              values: {performance: perf, powersafe: save}
        """).onlyProblem(FILE, 9, 35, "knob 'gov': the values key 'powersafe' is not one of its choices",
        "did you mean 'powersave'?");
  }

  @Test
  void twoKnobValuesWritingTheSameTextCouldNotBeReadBack() {
    f.toyKnobs("""
          smt:
            type: bool
            actuator: {kind: sysfs, path: /sys/devices/system/cpu/smt/control, values: {true: "on", false: "on"}}
        """).onlyProblem(FILE, 5, 100, "'on' is written for two knob values", "maps to one");
  }

  @Test
  void niceNeedsAnIntKnobWithinNiceValues() {
    f.toyKnobs("""
          prio: {type: int, min: -40, max: 19, actuator: {kind: nice}}
        """).onlyProblem(FILE, 3, 57, "a nice actuator cannot apply knob 'prio'", "an int knob within -20..19");
  }

  @Test
  void schedPolicyNeedsKnownPolicies() {
    f.toyKnobs("""
          policy: {type: choice, choices: [other, deadline], actuator: {kind: sched-policy}}
        """).onlyProblem(FILE, 3, 71, "a sched-policy actuator cannot apply knob 'policy'",
        "among other, batch, idle, fifo, rr");
  }

  @Test
  void affinityNeedsACountAFractionOrCpuLists() {
    f.toyKnobs("""
          cpus: {type: choice, choices: [all, some], actuator: {kind: affinity}}
        """).onlyProblem(FILE, 3, 63, "an affinity actuator cannot apply knob 'cpus'",
        "a float knob within (0, 1]");
  }

  @Test
  void unknownNvidiaSetting() {
    f.toyKnobs("""
          power: {type: int, min: 50, max: 100, step: 10, actuator: {kind: nvidia-smi, setting: power-limit}}
        """).onlyProblem(FILE, 3, 89, "unknown nvidia-smi setting 'power-limit'", "did you mean 'power-limit-w'?");
  }

  @Test
  void keyThatTheActuatorKindDoesNotTake() {
    f.toyKnobs("""
          threads: {type: int, min: 1, max: 8, default: 2, actuator: {kind: workload-arg, path: /sys/x}}
        """).onlyProblem(FILE, 3, 83, "unknown key 'path' in 'actuator' of knob 'threads'", "valid keys here: kind");
  }
}
