package dev.dream.trials.process;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where and how a workload's processes run: a chain of launchers put in front of the command (taskset for
 * CPU affinity, nice, chrt for the scheduling policy; each execs the next, so the command keeps the PID and
 * its children inherit the setting), and the cgroup the process is moved into right after it starts.
 * {@link #NONE} changes nothing.
 */
public record Placement(List<Launcher> launchers, Path cgroup) {
  public static final Placement NONE = new Placement(List.of(), null);

  /** One launcher: a tool and its arguments, e.g. taskset -c 0-3. {@code knob} is named in errors. */
  public record Launcher(String knob, String tool, List<String> args) {
    public Launcher {
      args = List.copyOf(args);
    }
  }

  public Placement {
    launchers = List.copyOf(launchers);
  }

  public boolean isNone() {
    return launchers.isEmpty() && cgroup == null;
  }

  /** The argv that runs {@code command} (program first, already located) under the launchers. */
  public List<String> wrap(List<String> command, Tools tools) throws ToolMissingException {
    List<String> argv = new ArrayList<>();
    for (Launcher l : launchers) {
      Path tool = tools.find(l.tool()).orElseThrow(() -> new ToolMissingException(l.tool(),
          tools.missing(l.tool()) + "; knob " + l.knob() + " needs it"));
      argv.add(tool.toString());
      argv.addAll(l.args());
    }
    argv.addAll(command);
    return argv;
  }
}
