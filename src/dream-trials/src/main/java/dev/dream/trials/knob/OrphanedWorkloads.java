package dev.dream.trials.knob;

import dev.dream.trials.process.ProcessIdentity;
import dev.dream.trials.workload.ProcessTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Stops the workload processes a node killed with SIGKILL left running: a stress-ng, fio, iperf3 or command
 * workload outside a trial cgroup survives its node and would go on loading the machine under every later
 * measurement. Run when an executor starts, before any trial, from the records in the apply-journal.
 *
 * <p>A recorded process is killed, with its descendants, only while its PID still belongs to it (same start
 * time, same boot); a PID that the kernel has since given to another process is left alone.
 */
public final class OrphanedWorkloads {
  private static final long GONE_WITHIN_MS = 2000;

  private OrphanedWorkloads() {}

  /** {@code error}: null when the record is dealt with (and removed), else why the process still runs. */
  public record Swept(ApplyJournal.Workload workload, String message, String error) implements Recovered {
    @Override
    public boolean ok() {
      return error == null;
    }

    @Override
    public String message() {
      return ok() ? message : error;
    }
  }

  /** Deals with every workload record, oldest first; a process that cannot be killed keeps its record. */
  public static List<Swept> sweep(ApplyJournal journal) throws IOException {
    List<Swept> report = new ArrayList<>();
    for (Path p : records(journal)) {
      ApplyJournal.Workload w;
      try {
        w = journal.readWorkload(p);
      } catch (IOException e) {
        if (isTemporary(p)) {
          Files.deleteIfExists(p); // torn while being written: no PID to go by
          continue;
        }
        report.add(new Swept(null, null, "unreadable workload record " + p + ": " + e.getMessage()));
        continue;
      }
      Swept s = stop(w);
      if (s.ok()) journal.remove(p);
      report.add(s);
    }
    return report;
  }

  private static Swept stop(ApplyJournal.Workload w) {
    Optional<ProcessIdentity> now = ProcessIdentity.of(w.pid());
    if (now.isEmpty()) return new Swept(w, "orphaned workload " + w.describe() + " had already ended", null);
    if (!now.get().equals(w.identity()))
      return new Swept(w, "orphaned workload " + w.describe() + " had already ended; pid " + w.pid()
          + " is now another process, left alone", null);
    ProcessHandle.of(w.pid()).ifPresent(ProcessTrees::kill);
    if (goneWithin(w.identity(), GONE_WITHIN_MS)) return new Swept(w, "killed orphaned workload " + w.describe(), null);
    return new Swept(w, null, "could not kill orphaned workload " + w.describe() + ": it still runs (another user's?)");
  }

  /** SIGKILL is delivered at once but a process takes a moment to go: wait for it, briefly. */
  private static boolean goneWithin(ProcessIdentity p, long ms) {
    long end = System.nanoTime() + ms * 1_000_000;
    while (p.running()) {
      if (System.nanoTime() > end) return false;
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return !p.running();
      }
    }
    return true;
  }

  /** The records, and the temporary files of records the crash interrupted: their process was running. */
  private static List<Path> records(ApplyJournal journal) throws IOException {
    List<Path> out = new ArrayList<>(journal.files(ApplyJournal.WORKLOAD + ApplyJournal.TMP));
    out.addAll(journal.files(ApplyJournal.WORKLOAD));
    return out;
  }

  private static boolean isTemporary(Path p) {
    return p.getFileName().toString().endsWith(ApplyJournal.TMP);
  }
}
