package dev.dream.trials.knob;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dream.trials.Processes;
import dev.dream.trials.process.ProcessIdentity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The start-up sweep of workload records left by a node that died: kill what is still the same process, only that. */
@Timeout(60)
class OrphanedWorkloadsTest {
  @TempDir Path dir;
  private Process started;

  @AfterEach
  void stop() {
    if (started != null) {
      started.descendants().forEach(ProcessHandle::destroyForcibly);
      started.destroyForcibly();
    }
  }

  private ProcessIdentity start(String... argv) throws Exception {
    started = new ProcessBuilder(argv).start();
    return ProcessIdentity.of(started.pid()).orElseThrow();
  }

  private static ApplyJournal.Workload record(ProcessIdentity id, long startTicks, String bootId) {
    return new ApplyJournal.Workload("run1/d/gen0_c0/normal/0", id.pid(), startTicks, bootId, List.of("/usr/bin/sleep", "60"),
        "2026-11-21T05:27:12Z");
  }

  @Test
  void aPidNowOfAnotherProcessIsLeftAloneAndItsRecordRemoved() throws Exception {
    ProcessIdentity other = start("sleep", "60");
    ApplyJournal journal = new ApplyJournal(dir.resolve("journal"));
    journal.record(record(other, other.startTicks() - 1, other.bootId())); // the recorded process started earlier

    List<OrphanedWorkloads.Swept> report = OrphanedWorkloads.sweep(journal);

    assertTrue(started.isAlive(), "a process that merely got the recorded PID is not killed");
    assertEquals(1, report.size());
    assertTrue(report.get(0).ok());
    assertEquals("orphaned workload pid " + other.pid() + " (/usr/bin/sleep 60) of trial run1/d/gen0_c0/normal/0 had already"
        + " ended; pid " + other.pid() + " is now another process, left alone", report.get(0).message());
    assertTrue(journal.isEmpty());
  }

  @Test
  void aPidOfAnEarlierBootIsLeftAlone() throws Exception {
    ProcessIdentity other = start("sleep", "60");
    ApplyJournal journal = new ApplyJournal(dir.resolve("journal"));
    journal.record(record(other, other.startTicks(), "an-earlier-boot"));
    assertTrue(OrphanedWorkloads.sweep(journal).get(0).ok());
    assertTrue(started.isAlive());
    assertTrue(journal.isEmpty());
  }

  @Test
  void theSameProcessIsKilledWithItsDescendants() throws Exception {
    ProcessIdentity shell = start("sh", "-c", "sleep 60 & wait");
    long sleep = awaitChild();
    ApplyJournal journal = new ApplyJournal(dir.resolve("journal"));
    journal.record(record(shell, shell.startTicks(), shell.bootId()));

    List<OrphanedWorkloads.Swept> report = OrphanedWorkloads.sweep(journal);

    assertTrue(started.waitFor(5, TimeUnit.SECONDS), "the recorded process was killed");
    assertTrue(Processes.gone(sleep, 5000), "and so was its child");
    assertEquals("killed orphaned workload pid " + shell.pid() + " (/usr/bin/sleep 60) of trial run1/d/gen0_c0/normal/0",
        report.get(0).message());
    assertTrue(journal.isEmpty());
  }

  @Test
  void anEndedProcessIsReportedAndAWholeRecordTheCrashLeftTemporaryIsRead() throws Exception {
    ProcessIdentity ended = start("sleep", "60");
    started.destroyForcibly();
    started.waitFor();
    ApplyJournal journal = new ApplyJournal(dir.resolve("journal"));
    Path handle = journal.record(record(ended, ended.startTicks(), ended.bootId()));
    // As if the crash came between writing the record and renaming it into place.
    Files.move(handle, handle.resolveSibling(handle.getFileName() + ApplyJournal.TMP));
    Files.writeString(dir.resolve("journal").resolve("0-torn" + ApplyJournal.WORKLOAD + ApplyJournal.TMP), "{\"trialId\": \"ru");

    List<OrphanedWorkloads.Swept> report = OrphanedWorkloads.sweep(journal);

    assertEquals(1, report.size(), report.toString());
    assertTrue(report.get(0).message().endsWith("had already ended"), report.get(0).message());
    try (var files = Files.list(dir.resolve("journal"))) {
      assertEquals(List.of(), files.toList());
    }
  }

  @Test
  void aWorkloadIsDescribedOnOneShortLine() {
    ApplyJournal.Workload script = new ApplyJournal.Workload("t", 7, 1, null,
        List.of("/usr/bin/perl", "-e", "use strict;\n  my $x = 1;\n" + "x".repeat(300)), "2026-11-21T05:27:12Z");
    String d = script.describe();
    assertTrue(d.startsWith("pid 7 (/usr/bin/perl -e use strict; my $x = 1; xxx"), d);
    assertTrue(d.endsWith("xxx ...) of trial t") && d.length() < 200, d);
  }

  private long awaitChild() throws Exception {
    long end = System.nanoTime() + 10_000_000_000L;
    while (System.nanoTime() < end) {
      var child = started.children().findFirst();
      if (child.isPresent()) return child.get().pid();
      Thread.sleep(20);
    }
    throw new AssertionError("sh started no sleep");
  }
}
