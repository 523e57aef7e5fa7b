package dev.dream.trials.knob;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dream.core.domain.ActuatorSpec;
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
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The node-local record of knobs that are applied and not yet restored, so that a node that died in the
 * middle of a trial puts the machine back first thing after it restarts ({@link #restorePending}).
 *
 * <p>One JSON file per applied knob, written before the knob is applied and removed after it is restored.
 * Each file is written to a temporary name, fsync'd, renamed into place and the directory fsync'd, so an
 * entry is either wholly there or not at all; a leftover temporary file means the crash came before the
 * knob was touched, and it is simply deleted.
 */
public final class ApplyJournal {
  /** One applied knob: its trial, name, declared actuator, and what restoring writes back. */
  public record Entry(String trialId, String knob, String kind, String path, Map<String, String> stock, String appliedAtUtc) {
    public ActuatorSpec actuator() {
      return new ActuatorSpec(kind, path, Map.of(), Map.of());
    }
  }

  /** What {@link #restorePending} did with one entry; {@code error} is null when it was restored. */
  public record Restored(Entry entry, String error) {
    public boolean ok() {
      return error == null;
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
    // Names sort in the order of application, so that restoring goes newest first (see restorePending).
    String name = String.format("%013d-%09d-%s", System.currentTimeMillis(), SEQ.incrementAndGet(),
        UUID.randomUUID().toString().substring(0, 8));
    Path tmp = dir.resolve(name + ".tmp");
    Path done = dir.resolve(name + ".json");
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
    for (Path p : entryFiles()) out.add(JSON.readValue(p.toFile(), Entry.class));
    return out;
  }

  /**
   * Restores every pending entry, newest first, so that a target touched by two knobs ends at its true
   * stock value. A restored entry is removed; one that fails stays for the next attempt and is reported.
   */
  public List<Restored> restorePending(Map<String, KnobActuator> actuators) throws IOException {
    try (Stream<Path> tmp = Files.list(dir)) {
      for (Path p : tmp.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList()) Files.deleteIfExists(p);
    }
    List<Path> files = new ArrayList<>(entryFiles());
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

  private List<Path> entryFiles() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
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
