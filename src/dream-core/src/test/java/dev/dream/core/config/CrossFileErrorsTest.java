package dev.dream.core.config;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Problems that only show when files are read together. */
class CrossFileErrorsTest {
  @TempDir Path tmp;
  ConfigFixture f;

  @BeforeEach
  void setUp() {
    f = ConfigFixture.valid(tmp);
  }

  @Test
  void aSimDomainKnobNeedsADefaultEvenIfItsActuatorCouldReadTheMachine() {
    f.write("domains/toy.yaml", ConfigFixture.TOY.replace("  mode:",
            "  swappiness: {type: int, min: 0, max: 100, actuator: {kind: procfs, path: /proc/sys/vm/swappiness}}\n  mode:"))
        .toyWorkload("{kind: sim, function: sphere, optimum: {threads: 4}}")
        .onlyProblem("config/domains/toy.yaml", 5, 3, "knob 'swappiness' has no default, and domain 'toy' is measured "
            + "with the sim workload (regimes.yaml line 5), which cannot read a value in force", "add default: 0");
  }

  @Test
  void aSimDomainMustDefineTheKpisTheSimWorkloadReports() {
    f.write("domains/toy.yaml", ConfigFixture.TOY.replace("  watts: {unit: W, better: lower, role: watts}\n", ""))
        .write("caps.yaml", "version: 2\n")
        .toyWorkload("{kind: sim, function: sphere, optimum: {threads: 4}}")
        .onlyProblem("config/regimes.yaml", 5, 24, "the sim workload reports perf, p95_ms, watts, but domain 'toy' does "
            + "not define the KPI 'watts'", "add watts to the kpis of domains/toy.yaml");
  }

  @Test
  void aDomainWithoutRegimesCannotBeRun() {
    f.write("domains/other.yaml", ConfigFixture.TOY.replace("domain: toy", "domain: other"))
        .onlyProblem("config/domains/other.yaml", 1, 9, "domain 'other' has no regimes in regimes.yaml, so it cannot be run",
            "add domains: {other: {normal:");
  }

  @Test
  void moreSuccessfulTrialsRequiredThanRun() {
    f.write("caps.yaml", ConfigFixture.CAPS.replace("min_successful_trials: 2", "min_successful_trials: 7"))
        .onlyProblem("config/caps.yaml", 4, 83, "min_successful_trials 7 is more than execution.trials 3 in "
            + "regimes.yaml, so no candidate could ever be judged", "lower min_successful_trials to 3 or less");
  }
}
