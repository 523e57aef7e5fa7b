package dev.dream.trials.knob;

import dev.dream.core.domain.Knob;
import dev.dream.trials.probe.SysRoot;
import dev.dream.trials.process.Placement;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code affinity}, {@code nice} and {@code sched-policy}: how the workload's processes are scheduled. The
 * workload's command is started through {@code taskset -c CPUS}, {@code nice -n N} and
 * {@code chrt --POLICY PRIO} (argv, each exec'ing the next), so the setting holds from the first instruction
 * and every child inherits it; nothing on the machine changes, and nothing outlives the processes, which the
 * trial kills at its end. Workloads that run inside the Dream JVM (builtin-*) cannot be placed: such a knob
 * is held at stock for them, with the reason.
 *
 * <p>affinity: an int knob is a number of CPUs, a float knob a fraction of the online CPUs (at least one), a
 * choice knob a CPU list as taskset reads it ("0-3,8"); the CPUs are the lowest-numbered online ones
 * ({@code /sys/devices/system/cpu/online} under the system root). A candidate asking for more CPUs than the
 * node has fails its trial rather than be measured on fewer. Lowering nice below 0, and the fifo and rr
 * policies, need CAP_SYS_NICE: without it the knob fails up front instead of being silently ignored (nice
 * only warns).
 */
public final class PlacementActuator implements KnobActuator {
  private static final int CAP_SYS_NICE = 23;
  private final String kind;
  private final SysRoot root;

  public PlacementActuator(String kind, SysRoot root) {
    if (!List.of("affinity", "nice", "sched-policy").contains(kind)) throw new IllegalArgumentException("not a placement kind: " + kind);
    this.kind = kind;
    this.root = root;
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
  public void apply(Knob knob, Object value, KnobEffects effects) throws IOException {
    effects.launcher(kind, launcher(knob, value));
  }

  Placement.Launcher launcher(Knob knob, Object value) throws IOException {
    return switch (kind) {
      case "affinity" -> new Placement.Launcher(knob.name(), "taskset", List.of("-c", cpuList(knob, value)));
      case "nice" -> {
        long n = ((Number) value).longValue();
        if (n < 0) requireCapSysNice(knob, "nice " + n);
        yield new Placement.Launcher(knob.name(), "nice", List.of("-n", Long.toString(n)));
      }
      default -> {
        String policy = String.valueOf(value);
        boolean realtime = policy.equals("fifo") || policy.equals("rr");
        if (realtime) requireCapSysNice(knob, "policy " + policy);
        if (!List.of("other", "batch", "idle", "fifo", "rr").contains(policy)) {
          throw new IllegalArgumentException("knob " + knob.name() + ": unknown scheduling policy " + policy);
        }
        yield new Placement.Launcher(knob.name(), "chrt", List.of("--" + policy, realtime ? "1" : "0"));
      }
    };
  }

  String cpuList(Knob knob, Object value) throws IOException {
    if (knob instanceof Knob.ChoiceKnob) return String.valueOf(value);
    List<Integer> online = onlineCpus();
    int n = knob instanceof Knob.FloatKnob
        ? (int) Math.max(1, Math.round(((Number) value).doubleValue() * online.size()))
        : (int) ((Number) value).longValue();
    if (n < 1 || n > online.size()) {
      throw new IllegalArgumentException("knob " + knob.name() + " = " + value + " asks for " + n + " CPUs; this node has "
          + online.size() + " online");
    }
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) ids.add(Integer.toString(online.get(i)));
    return String.join(",", ids);
  }

  /** The online CPUs from the kernel's list ("0-3,6,8-9"), or 0..n-1 for the JVM's processors. */
  List<Integer> onlineCpus() throws IOException {
    Path f = root.resolve("/sys/devices/system/cpu/online");
    List<Integer> out = new ArrayList<>();
    if (!Files.exists(f)) {
      for (int i = 0; i < Runtime.getRuntime().availableProcessors(); i++) out.add(i);
      return out;
    }
    for (String part : SysRoot.read(f).split(",")) {
      if (part.isBlank()) continue;
      String[] r = part.trim().split("-");
      int from = Integer.parseInt(r[0]);
      int to = r.length > 1 ? Integer.parseInt(r[1]) : from;
      for (int i = from; i <= to; i++) out.add(i);
    }
    return out;
  }

  private static void requireCapSysNice(Knob knob, String what) throws IOException {
    if (!hasCapSysNice()) {
      throw new IOException("knob " + knob.name() + ": " + what + " needs CAP_SYS_NICE (run Dream as root, or give it that capability)");
    }
  }

  /** From the effective capabilities of this process (/proc/self/status, the real one: it is about us). */
  static boolean hasCapSysNice() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("CapEff:")) return (Long.parseUnsignedLong(line.substring(7).trim(), 16) >>> CAP_SYS_NICE & 1) == 1;
      }
    } catch (IOException | NumberFormatException e) {
      // unknown: let the launcher try, and fail loudly if it cannot
      return true;
    }
    return true;
  }
}
