package dev.dream.trials.knob;

import dev.dream.trials.process.Placement;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What knobs hand to the workload rather than to the machine: workload arguments, environment, and the
 * placement of the workload's processes (launchers such as taskset, nice and chrt, and a cgroup).
 * {@link #trialKey()} names what a trial creates (its cgroup), unique per trial.
 */
public final class KnobEffects {
  /** Launchers run in this order, whatever the order of the knobs: affinity, then nice, then policy. */
  private static final List<String> LAUNCH_ORDER = List.of("affinity", "nice", "sched-policy");

  private final Map<String, Object> args = new LinkedHashMap<>();
  private final Map<String, String> env = new LinkedHashMap<>();
  private final Map<String, Placement.Launcher> launchers = new LinkedHashMap<>();
  private final String trialKey;
  private Path cgroup;

  public KnobEffects() {
    this("trial-" + UUID.randomUUID().toString().replace("-", "").substring(0, 16));
  }

  public KnobEffects(String trialKey) {
    this.trialKey = trialKey;
  }

  public String trialKey() {
    return trialKey;
  }

  public void arg(String name, Object value) {
    args.put(name, value);
  }

  public void env(String name, String value) {
    env.put(name, value);
  }

  /** Adds the launcher of placement kind {@code kind} (affinity, nice, sched-policy); one per kind. */
  public void launcher(String kind, Placement.Launcher launcher) {
    if (!LAUNCH_ORDER.contains(kind)) throw new IllegalArgumentException("not a placement kind: " + kind);
    if (launchers.containsKey(kind)) {
      throw new IllegalArgumentException("knobs " + launchers.get(kind).knob() + " and " + launcher.knob() + " both set the " + kind
          + " of the workload's processes");
    }
    launchers.put(kind, launcher);
  }

  /** The cgroup (a real path) the workload's processes are moved into. */
  public void cgroup(Path dir) {
    cgroup = dir;
  }

  public Path cgroup() {
    return cgroup;
  }

  public Map<String, Object> args() {
    return Collections.unmodifiableMap(args);
  }

  public Map<String, String> env() {
    return Collections.unmodifiableMap(env);
  }

  public Placement placement() {
    List<Placement.Launcher> ordered = new ArrayList<>();
    for (String kind : LAUNCH_ORDER) if (launchers.containsKey(kind)) ordered.add(launchers.get(kind));
    return new Placement(ordered, cgroup);
  }
}
