package dev.dream.trials.process;

import java.io.IOException;
import java.util.List;

/**
 * Where a trial durably notes each workload process it starts (the node's apply-journal), so that a node
 * killed with SIGKILL in the middle of a trial stops the processes it left running when it starts again:
 * a process outside a trial cgroup is otherwise known to nobody.
 */
@FunctionalInterface
public interface ProcessRecorder {
  /** Records nothing: for workloads run outside an executor. */
  ProcessRecorder NONE = (pid, argv) -> () -> {};

  /**
   * Durably notes the process just started as {@code pid} with {@code argv}, before anything else is done
   * with it; the returned action removes the note once its process tree has ended, and never throws.
   */
  Runnable started(long pid, List<String> argv) throws IOException;
}
