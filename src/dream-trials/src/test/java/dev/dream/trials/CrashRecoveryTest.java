package dev.dream.trials;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dream.trials.knob.Actuators;
import dev.dream.trials.knob.ApplyJournal;
import dev.dream.trials.knob.Recovered;
import dev.dream.trials.workload.WorkloadRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node killed with SIGKILL while its knobs are applied: a JVM of its own ({@link CrashChild}) applies a
 * governor and a trial cgroup on a fake tree and runs a workload; the test kills it with SIGKILL, sees the
 * machine left changed and the workload still running, and then a new executor on the same apply-journal
 * kills the workload and puts everything back before it takes a trial.
 */
@Timeout(120)
class CrashRecoveryTest {
  @TempDir Path dir;

  @Test
  void aNodeKilledWithSigkillWhileKnobsAreAppliedRestoresThemOnRestart() throws Exception {
    FakeTree tree = new FakeTree(dir.resolve("root"))
        .write("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor", "schedutil\n")
        .write("/sys/devices/system/cpu/cpu1/cpufreq/scaling_governor", "schedutil\n")
        .write("/sys/fs/cgroup/cgroup.subtree_control", "cpu\n");
    Path journal = dir.resolve("journal");
    Path cgroups = tree.root.resolve("sys/fs/cgroup/dream");
    Process child = startChild(tree, journal);
    long sleeper;
    try {
      sleeper = awaitWorkloadInCgroup(cgroups, child);
      assertEquals("performance", tree.read("/sys/devices/system/cpu/cpu1/cpufreq/scaling_governor").trim());
      child.destroyForcibly(); // SIGKILL: no finally block, no shutdown hook runs
      assertTrue(child.waitFor(30, TimeUnit.SECONDS));
      assertEquals(137, child.exitValue(), "killed by SIGKILL");
    } finally {
      child.destroyForcibly();
    }
    // What the dead node left behind: the knobs applied, the journal entries, its workload running on.
    assertEquals("performance", tree.read("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor").trim());
    assertEquals(2, new ApplyJournal(journal).pending().size());
    assertEquals(List.of(sleeper), new ApplyJournal(journal).workloads().stream().map(ApplyJournal.Workload::pid).toList());
    assertTrue(Processes.running(sleeper), "the workload outlived its node");

    LocalTrialExecutor.Options o = new LocalTrialExecutor.Options("restarted", journal, dir.resolve("scratch2"),
        Duration.ofMillis(50), Duration.ofSeconds(5), Duration.ofSeconds(5));
    try (LocalTrialExecutor restarted = new LocalTrialExecutor(o, WorkloadRegistry.standard(), List.of(), Actuators.standard(tree.sysRoot()))) {
      List<String> report = restarted.recovery().stream().map(Recovered::message).toList();
      assertEquals(3, report.size(), report.toString());
      assertTrue(restarted.recovery().stream().allMatch(Recovered::ok), report.toString());
      assertTrue(report.get(0).startsWith("killed orphaned workload pid " + sleeper + " ("), report.toString());
      assertTrue(report.get(1).startsWith("restored knob "), report.toString());
      assertTrue(restarted.journal().isEmpty());
      assertTrue(restarted.journal().pending().isEmpty());
      assertEquals("schedutil", tree.read("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor").trim());
      assertEquals("schedutil", tree.read("/sys/devices/system/cpu/cpu1/cpufreq/scaling_governor").trim());
      try (Stream<Path> s = Files.list(cgroups)) {
        assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith("trial-")), "the trial's cgroup is gone");
      }
      assertTrue(Processes.gone(sleeper, 5000), "the orphaned workload was killed");
      // And the restarted node measures again.
      TrialResult r = restarted.run(Fixtures.trial(CrashChild.domain(), Fixtures.genome("governor", "performance"),
          Fixtures.workload("builtin-cpu", "threads", 1), 0, 0.1, 1, java.util.Map.of(), true));
      assertEquals(TrialResult.Outcome.OK, r.outcome(), r.error());
      assertEquals("schedutil", tree.read("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor").trim());
    }
  }

  @Test
  void aNodeStoppedWithSigtermKillsItsWorkloadAndRestoresItsKnobsBeforeItExits() throws Exception {
    FakeTree tree = new FakeTree(dir.resolve("root"))
        .write("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor", "schedutil\n")
        .write("/sys/fs/cgroup/cgroup.subtree_control", "cpu\n");
    Path journal = dir.resolve("journal");
    Path cgroups = tree.root.resolve("sys/fs/cgroup/dream");
    Process child = startChild(tree, journal);
    long sleeper;
    try {
      sleeper = awaitWorkloadInCgroup(cgroups, child);
      assertEquals("performance", tree.read("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor").trim());
      child.destroy(); // SIGTERM: the JVM runs its shutdown hooks
      assertTrue(child.waitFor(30, TimeUnit.SECONDS));
    } finally {
      child.destroyForcibly();
    }
    assertEquals("schedutil", tree.read("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor").trim(), "restored before the JVM exited");
    assertTrue(new ApplyJournal(journal).isEmpty(), "nothing left for the next start");
    assertTrue(Processes.gone(sleeper, 5000), "the workload was killed with its trial");
    try (Stream<Path> s = Files.list(cgroups)) {
      assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith("trial-")));
    }
  }

  /**
   * A workload outside any cgroup: only the apply-journal knows its PID, so the restarted node kills it from
   * there, and says so.
   */
  @Test
  void aWorkloadOutsideACgroupOrphanedBySigkillIsKilledByTheRestartedNode() throws Exception {
    FakeTree tree = new FakeTree(dir.resolve("root"))
        .write("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor", "schedutil\n");
    Path journal = dir.resolve("journal");
    Process child = startChild(tree, journal, "no-cgroup");
    long sleeper = -1;
    try {
      try {
        sleeper = awaitJournaledSleep(child, journal);
        child.destroyForcibly(); // SIGKILL
        assertTrue(child.waitFor(30, TimeUnit.SECONDS));
      } finally {
        child.destroyForcibly();
      }
      assertTrue(Processes.running(sleeper), "the workload outlived its node");

      LocalTrialExecutor.Options o = new LocalTrialExecutor.Options("restarted", journal, dir.resolve("scratch2"),
          Duration.ofMillis(50), Duration.ofSeconds(5), Duration.ofSeconds(5));
      try (LocalTrialExecutor restarted = new LocalTrialExecutor(o, WorkloadRegistry.standard(), List.of(), Actuators.standard(tree.sysRoot()))) {
        assertTrue(Processes.gone(sleeper, 5000), "the orphaned workload was killed");
        List<String> report = restarted.recovery().stream().map(Recovered::message).toList();
        assertEquals(2, report.size(), report.toString());
        assertTrue(report.get(0).matches("killed orphaned workload pid " + sleeper + " \\(/\\S*sleep 600\\) of trial "
            + java.util.regex.Pattern.quote(CrashChild.TRIAL_ID)), report.toString());
        assertTrue(report.get(1).startsWith("restored knob governor of trial " + CrashChild.TRIAL_ID), report.toString());
        assertTrue(restarted.journal().isEmpty());
        assertEquals("schedutil", tree.read("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor").trim());
      }
    } finally {
      if (sleeper > 0 && Processes.running(sleeper)) ProcessHandle.of(sleeper).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  private Process startChild(FakeTree tree, Path journal, String... extra) throws Exception {
    List<String> argv = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), CrashChild.class.getName(), journal.toString(), dir.resolve("scratch").toString()));
    argv.addAll(List.of(extra));
    ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile());
    pb.environment().put("DREAM_SYS_ROOT", tree.root.toString());
    pb.environment().remove("DREAM_CGROUP_PARENT");
    return pb.start();
  }

  /** Waits until the child's sleep workload runs and is journaled; returns the sleep's PID. */
  private long awaitJournaledSleep(Process child, Path journal) throws Exception {
    long end = System.nanoTime() + 60_000_000_000L;
    while (System.nanoTime() < end) {
      if (!child.isAlive()) throw new AssertionError("the child JVM ended early:\n" + Files.readString(dir.resolve("child.log")));
      java.util.Optional<ProcessHandle> sleep = child.descendants()
          .filter(p -> p.info().command().map(c -> c.endsWith("/sleep")).orElse(false)).findFirst();
      if (sleep.isPresent() && Files.isDirectory(journal)
          && new ApplyJournal(journal).workloads().stream().anyMatch(w -> w.pid() == sleep.get().pid())) {
        return sleep.get().pid();
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the child never started its workload:\n" + Files.readString(dir.resolve("child.log")));
  }

  /** Waits until the child's workload runs inside its trial cgroup; returns the workload's PID. */
  private long awaitWorkloadInCgroup(Path cgroups, Process child) throws Exception {
    long end = System.nanoTime() + 60_000_000_000L;
    while (System.nanoTime() < end) {
      if (!child.isAlive()) throw new AssertionError("the child JVM ended early:\n" + Files.readString(dir.resolve("child.log")));
      if (Files.isDirectory(cgroups)) {
        try (Stream<Path> s = Files.list(cgroups)) {
          for (Path trial : s.filter(p -> p.getFileName().toString().startsWith("trial-")).toList()) {
            Path procs = trial.resolve("cgroup.procs");
            String text = Files.exists(procs) ? Files.readString(procs).trim() : "";
            if (!text.isEmpty()) return Long.parseLong(text.split("\\s+")[0]);
          }
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the child never started its workload:\n" + Files.readString(dir.resolve("child.log")));
  }
}
