package dev.dream.trials.knob;

import dev.dream.core.domain.ActuatorSpec;
import dev.dream.core.domain.Knob;
import dev.dream.trials.probe.SysRoot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code cgroup}: a cgroup v2 interface file ({@code cpu.max}, {@code memory.max}, {@code io.weight}...) of
 * a cgroup that Dream creates for the trial, {@code <parent>/trial-<id>}, into which the workload's
 * processes are moved as they start. The parent is {@code /sys/fs/cgroup/dream} unless configured
 * ({@code $DREAM_CGROUP_PARENT}), resolved under {@code $DREAM_SYS_ROOT}; Dream creates it when missing and
 * enables the file's controller in its {@code cgroup.subtree_control}, and never writes anywhere else.
 * All cgroup knobs of a trial share its cgroup.
 *
 * <p>Restoring (after the trial, or after a crash from the apply-journal) kills whatever is still in the
 * trial's cgroup ({@code cgroup.kill}, else each PID of {@code cgroup.procs}) and removes it; the machine's
 * own cgroups are never touched. On the machine itself ({@code $DREAM_SYS_ROOT} unset) the parent must be on
 * a cgroup2 file system, else the knob fails with the reason (a cgroup v1 machine); in a test tree the
 * interface files are plain files. Workloads that run inside the Dream JVM cannot be placed in a cgroup of
 * their own: the knob is then held at stock, with the reason.
 */
public final class CgroupActuator implements KnobActuator {
  public static final String DEFAULT_PARENT = "/sys/fs/cgroup/dream";
  static final String STOCK_KEY = "cgroup";
  private static final Pattern FILE = Pattern.compile("[a-z][a-z0-9_]*\\.[a-z0-9_.]+");
  private static final Pattern TRIAL = Pattern.compile("trial-[A-Za-z0-9_-]+");
  private final SysRoot root;
  private final String parent;

  /** {@code parent}: an absolute path under /sys/fs/cgroup (resolved under the system root). */
  public CgroupActuator(SysRoot root, String parent) {
    SysPaths.checkDeclared(parent, "/sys/fs/cgroup");
    this.root = root;
    this.parent = parent;
  }

  /** The parent from {@code $DREAM_CGROUP_PARENT}, else {@link #DEFAULT_PARENT}. */
  public static CgroupActuator fromEnv(SysRoot root) {
    String p = System.getenv("DREAM_CGROUP_PARENT");
    return new CgroupActuator(root, p == null || p.isBlank() ? DEFAULT_PARENT : p);
  }

  public String parent() {
    return parent;
  }

  @Override
  public boolean changesSystem() {
    return true;
  }

  @Override
  public boolean placesProcesses() {
    return true;
  }

  @Override
  public Map<String, String> readStock(Knob knob, KnobEffects effects) {
    // What restoring undoes is the trial's own cgroup: it does not exist before the trial.
    return Map.of(STOCK_KEY, parent + "/" + effects.trialKey());
  }

  @Override
  public void apply(Knob knob, Object value, KnobEffects effects) throws IOException {
    String file = knob.actuator().path();
    if (file == null || !FILE.matcher(file).matches() || file.startsWith("cgroup.")) {
      throw new IllegalArgumentException("knob " + knob.name() + ": '" + file + "' is not a controller interface file such as cpu.max");
    }
    Path dir = trialCgroup(effects.trialKey(), file.substring(0, file.indexOf('.')));
    Path target = dir.resolve(file);
    String text = KnobValues.text(knob, value);
    if (root.isSystem()) {
      if (!Files.exists(target)) throw new IOException(target + " does not exist: this kernel has no " + file);
      Files.writeString(target, text, StandardCharsets.UTF_8, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
    } else {
      Files.writeString(target, text, StandardCharsets.UTF_8); // a test tree: the kernel does not make the files
    }
    effects.cgroup(dir);
  }

  /** Creates (once per trial) the trial's cgroup with {@code controller} enabled for it. */
  private Path trialCgroup(String trialKey, String controller) throws IOException {
    Path p = root.resolve(parent);
    if (root.isSystem()) {
      Path top = root.resolve("/sys/fs/cgroup");
      String type = Files.getFileStore(top).type();
      if (!type.equals("cgroup2")) {
        throw new IOException("/sys/fs/cgroup is a " + type + " file system, not cgroup v2: cgroup knobs need the unified hierarchy "
            + "(boot with systemd.unified_cgroup_hierarchy=1)");
      }
    }
    Files.createDirectories(p);
    enable(p, controller);
    Path dir = p.resolve(trialKey);
    if (!Files.isDirectory(dir)) {
      Files.createDirectory(dir);
      if (!root.isSystem()) Files.writeString(dir.resolve("cgroup.procs"), ""); // the kernel makes it in a real cgroup
    }
    return dir;
  }

  private void enable(Path cgroup, String controller) throws IOException {
    Path available = cgroup.resolve("cgroup.controllers");
    Path subtree = cgroup.resolve("cgroup.subtree_control");
    if (root.isSystem()) {
      List<String> have = List.of(SysRoot.read(available).split("\\s+"));
      if (!have.contains(controller)) {
        throw new IOException("controller " + controller + " is not available to " + parent + " (its cgroup.controllers: "
            + String.join(" ", have) + "); enable it in the parent's cgroup.subtree_control");
      }
      if (!List.of(SysRoot.read(subtree).split("\\s+")).contains(controller)) {
        Files.writeString(subtree, "+" + controller, StandardCharsets.US_ASCII, StandardOpenOption.WRITE);
      }
    } else if (!Files.exists(subtree) || !List.of(SysRoot.read(subtree).split("\\s+")).contains(controller)) {
      String now = Files.exists(subtree) ? SysRoot.read(subtree) : "";
      Files.writeString(subtree, (now + " " + controller).trim() + "\n", StandardCharsets.US_ASCII);
    }
  }

  @Override
  public void restore(ActuatorSpec spec, Map<String, String> stock) throws IOException {
    String cg = stock.get(STOCK_KEY);
    if (cg == null || !cg.startsWith(parent + "/") || !TRIAL.matcher(cg.substring(parent.length() + 1)).matches()) {
      throw new IllegalArgumentException("cgroup " + cg + " is not a trial cgroup under " + parent + "; refused");
    }
    Path dir = root.resolve(cg);
    if (!Files.isDirectory(dir)) return;
    killMembers(dir);
    try {
      Files.delete(dir);
    } catch (DirectoryNotEmptyException e) {
      if (root.isSystem()) throw e;
      try (Stream<Path> s = Files.list(dir)) { // a test tree: its interface files are plain files
        for (Path f : s.toList()) Files.deleteIfExists(f);
      }
      Files.delete(dir);
    }
  }

  /** Kills what is left in the cgroup: a crashed trial's workload must not go on disturbing the machine. */
  private void killMembers(Path dir) throws IOException {
    Path kill = dir.resolve("cgroup.kill");
    if (root.isSystem() && Files.exists(kill)) {
      Files.writeString(kill, "1", StandardCharsets.US_ASCII, StandardOpenOption.WRITE);
    } else {
      Path procs = dir.resolve("cgroup.procs");
      if (Files.exists(procs)) {
        for (String line : Files.readAllLines(procs, StandardCharsets.US_ASCII)) {
          if (line.isBlank()) continue;
          ProcessHandle.of(Long.parseLong(line.trim())).ifPresent(ProcessHandle::destroyForcibly);
        }
      }
    }
    if (!root.isSystem()) return;
    long end = System.nanoTime() + 2_000_000_000L;
    Path procs = dir.resolve("cgroup.procs");
    while (System.nanoTime() < end && Files.exists(procs) && !SysRoot.read(procs).isBlank()) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
