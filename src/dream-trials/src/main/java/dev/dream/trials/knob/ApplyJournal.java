package dev.dream.trials.knob;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dream.core.domain.ActuatorSpec;
import dev.dream.trials.process.ProcessIdentity;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The node-local record of what trials changed and have not undone yet, so that a node that died in the
 * middle of a trial puts the machine back first thing after it restarts: knobs applied and not yet
 * restored ({@link #restorePending}), and workload processes started and not yet ended
 * ({@link OrphanedWorkloads}).
 *
 * <p>One JSON file per applied knob ({@code .json}), written before the knob is applied and removed after
 * it is restored, and one per workload process ({@code .workload}), written just after it starts and
 * removed once its process tree has ended. Each file is written to a temporary name, fsync'd, renamed into
 * place and the directory fsync'd, so an entry is either wholly there or not at all; a leftover temporary
 * file of a knob means the crash came before the knob was touched, and it is simply deleted, while that of
 * a workload, whose process was already running, is read if it is whole.
 */
public final class ApplyJournal {
  static final String KNOB = ".json";
  static final String WORKLOAD = ".workload";
  static final String TMP = ".tmp";
  private static final int DESCRIBED_ARGV = 160;

  /** One applied knob: its trial, name, declared actuator, and what restoring writes back. */
  public record Entry(String trialId, String knob, String kind, String path, Map<String, String> stock, String appliedAtUtc) {
    public ActuatorSpec actuator() {
      return new ActuatorSpec(kind, path, Map.of(), Map.of());
    }
  }

  /**
   * One workload process a trial started: its PID with its start time and boot (see {@link ProcessIdentity}),
   * so that a later process given the same PID is never taken for it, and its argv, to say what it was.
   */
  public record Workload(String trialId, long pid, long startTicks, String bootId, List<String> argv, String startedAtUtc) {
    public ProcessIdentity identity() {
      return new ProcessIdentity(pid, startTicks, bootId);
    }

    /** "pid N (argv...) of trial T", on one line and cut short: a command's argv may hold a whole script. */
    public String describe() {
      String command = String.join(" ", argv).replaceAll("\\s+", " ").strip();
      if (command.length() > DESCRIBED_ARGV) command = command.substring(0, DESCRIBED_ARGV).strip() + " ...";
      return "pid " + pid + " (" + command + ") of trial " + trialId;
    }
  }

  /** What {@link #restorePending} did with one entry; {@code error} is null when it was restored. */
  public record Restored(Entry entry, String error) implements Recovered {
    @Override
    public boolean ok() {
      return error == null;
    }

    @Override
    public String message() {
      if (!ok()) return error;
      return "restored knob " + entry.knob() + " of trial " + entry.trialId() + " (" + entry.kind()
          + (entry.path() == null ? "" : " " + entry.path()) + ")";
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AtomicLong SEQ = new AtomicLong();
  private final Path dir;

  public ApplyJournal(Path dir) throws IOException {
    this.dir = Files.createDirectories(dir);
  }

  public Path dir() {
    return dir;
  }

  /** Durably records {@code entry}; returns the handle that {@link #remove} takes after the restore. */
  public Path record(Entry entry) throws IOException {
    return write(entry, KNOB);
  }

  /**
   * Durably records the workload process just started as {@code pid}; the returned action removes the
   * record once the process tree has ended (a record it fails to remove is found ended by the next start).
   * Records nothing for a process that has already ended, or where /proc cannot tell it from a later one.
   */
  public Runnable recordWorkload(String trialId, long pid, List<String> argv) throws IOException {
    Optional<ProcessIdentity> id = ProcessIdentity.of(pid);
    if (id.isEmpty()) return () -> {};
    Path handle = record(new Workload(trialId, pid, id.get().startTicks(), id.get().bootId(), List.copyOf(argv),
        Instant.now().toString()));
    return () -> {
      try {
        remove(handle);
      } catch (IOException e) {
        // Stays until the next start, which finds the process ended and removes it then.
      }
    };
  }

  /** Durably records a workload process; returns the handle that {@link #remove} takes. */
  public Path record(Workload workload) throws IOException {
    return write(workload, WORKLOAD);
  }

  private Path write(Object entry, String suffix) throws IOException {
    // Names sort in the order of application, so that restoring goes newest first (see restorePending).
    String name = String.format("%013d-%09d-%s", System.currentTimeMillis(), SEQ.incrementAndGet(),
        UUID.randomUUID().toString().substring(0, 8));
    Path tmp = dir.resolve(name + suffix + TMP);
    Path done = dir.resolve(name + suffix);
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ch.write(java.nio.ByteBuffer.wrap(JSON.writeValueAsBytes(entry)));
      ch.force(true);
    }
    Files.move(tmp, done, StandardCopyOption.ATOMIC_MOVE);
    syncDir();
    return done;
  }

  public static Entry entry(String trialId, String knob, ActuatorSpec spec, Map<String, String> stock) {
    return new Entry(trialId, knob, spec.kind(), spec.path(), stock, Instant.now().toString());
  }

  public void remove(Path handle) throws IOException {
    Files.deleteIfExists(handle);
    syncDir();
  }

  /** Entries left by trials that did not restore, oldest first. */
  public List<Entry> pending() throws IOException {
    List<Entry> out = new ArrayList<>();
    for (Path p : files(KNOB)) out.add(JSON.readValue(p.toFile(), Entry.class));
    return out;
  }

  /** Workload processes recorded and not yet known to have ended, oldest first. */
  public List<Workload> workloads() throws IOException {
    List<Workload> out = new ArrayList<>();
    for (Path p : files(WORKLOAD)) out.add(readWorkload(p));
    return out;
  }

  /** Whether nothing is left to restore or stop: no knob entry and no workload record. */
  public boolean isEmpty() throws IOException {
    return files(KNOB).isEmpty() && files(WORKLOAD).isEmpty();
  }

  Workload readWorkload(Path file) throws IOException {
    return JSON.readValue(file.toFile(), Workload.class);
  }

  /**
   * Restores every pending entry, newest first, so that a target touched by two knobs ends at its true
   * stock value. A restored entry is removed; one that fails stays for the next attempt and is reported.
   */
  public List<Restored> restorePending(Map<String, KnobActuator> actuators) throws IOException {
    try (Stream<Path> tmp = Files.list(dir)) {
      for (Path p : tmp.filter(p -> p.getFileName().toString().endsWith(TMP)).toList()) Files.deleteIfExists(p);
    }
    List<Path> files = new ArrayList<>(files(KNOB));
    files.sort(Comparator.reverseOrder());
    List<Restored> report = new ArrayList<>();
    for (Path p : files) {
      Entry e;
      try {
        e = JSON.readValue(p.toFile(), Entry.class);
      } catch (IOException ex) {
        report.add(new Restored(null, "unreadable journal entry " + p + ": " + ex.getMessage()));
        continue;
      }
      KnobActuator a = actuators.get(e.kind());
      if (a == null) {
        report.add(new Restored(e, "no actuator for kind " + e.kind() + " on this node"));
        continue;
      }
      try {
        a.restore(e.actuator(), e.stock());
        remove(p);
        report.add(new Restored(e, null));
      } catch (IOException | RuntimeException ex) {
        report.add(new Restored(e, "restoring knob " + e.knob() + " failed: " + ex.getMessage()));
      }
    }
    return report;
  }

  /** The entry files of one kind ({@link #KNOB} or {@link #WORKLOAD}), oldest first. */
  List<Path> files(String suffix) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
    }
  }

  private void syncDir() throws IOException {
    // A rename or unlink is durable only once the directory itself is flushed (Linux, ext4/xfs).
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // Some file systems refuse to open a directory for syncing; the entry file itself is already durable.
    }
  }
}
