package dev.dream.trials;

import dev.dream.core.domain.ActuatorSpec;
import dev.dream.core.domain.Caps;
import dev.dream.core.domain.DomainSpec;
import dev.dream.core.domain.Knob;
import dev.dream.core.domain.WorkloadSpec;
import dev.dream.trials.knob.Actuators;
import dev.dream.trials.probe.SysRoot;
import dev.dream.trials.workload.WorkloadRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A node that is killed in the middle of a trial, for {@link CrashRecoveryTest}: run in a JVM of its own with
 * {@code DREAM_SYS_ROOT} pointing at a fake tree, it applies a sysfs knob (the CPU governor) and a cgroup knob
 * (cpu.max of the trial's cgroup, unless told "no-cgroup") with the real actuators and starts a command that
 * sleeps, then waits to be killed. Arguments: the apply-journal directory, the scratch directory, and
 * optionally "no-cgroup".
 */
public final class CrashChild {
  /** The id of the trial the child is killed in (Fixtures.trial's). */
  static final String TRIAL_ID = TrialSpec.trialId("run1", "crash", "gen0_c0", "normal", 0);

  static DomainSpec domain() {
    return Fixtures.domain("crash", List.of(
        new Knob.ChoiceKnob("governor", List.of("performance", "schedutil"), null,
            new ActuatorSpec("sysfs", "/sys/devices/system/cpu/cpu*/cpufreq/scaling_governor", Map.of(), Map.of())),
        new Knob.ChoiceKnob("bandwidth", List.of("full", "half"), null,
            new ActuatorSpec("cgroup", "cpu.max", Map.of("full", "max 100000", "half", "50000 100000"), Map.of()))),
        Map.of());
  }

  /** Only the governor: the workload runs in no cgroup, so nothing but the apply-journal knows its PID. */
  static DomainSpec domainWithoutCgroup() {
    return Fixtures.domain("crash", List.of(domain().knob("governor")), Map.of());
  }

  /** Arguments: journal, scratch, and "no-cgroup" to run the workload outside a trial cgroup. */
  public static void main(String[] args) throws Exception {
    LocalTrialExecutor.Options o = new LocalTrialExecutor.Options("crashing-node", Path.of(args[0]), Path.of(args[1]),
        Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ofSeconds(5));
    try (LocalTrialExecutor ex = new LocalTrialExecutor(o, WorkloadRegistry.standard(), List.of(), Actuators.standard(SysRoot.fromEnv()))) {
      WorkloadSpec sleep = Fixtures.workload("command", "argv", List.of("sleep", "600"));
      boolean noCgroup = args.length > 2 && args[2].equals("no-cgroup");
      TrialSpec t = noCgroup
          ? Fixtures.trial(domainWithoutCgroup(), Fixtures.genome("governor", "performance"), sleep, 0, 600, 0, Map.of(), true)
          : Fixtures.trial(domain(), Fixtures.genome("governor", "performance", "bandwidth", "half"), sleep, 0, 600, 0, Map.of(), true);
      t = new TrialSpec(t.trialId(), t.runId(), t.domain(), t.candId(), t.regime(), t.index(), t.genome(), t.domainSpec(),
          t.regimeSpec(), t.execution(), t.caps(), new Caps.Global(3, 900, 2), t.runSeed(), true);
      TrialResult r = ex.run(t); // killed long before it ends
      System.out.println("trial ended, which it should not have: " + r);
    }
  }
}
