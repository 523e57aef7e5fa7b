package dev.dream.trials.workload;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Kills a process together with everything it started. Killing only the direct child would leave its
 * children (a shell's background jobs, a benchmark's workers) running and disturbing later trials.
 */
public final class ProcessTrees {
  private ProcessTrees() {}

  /**
   * Kills {@code root} and its descendants, children before parents. The descendants are listed while
   * the root still lives: once it dies they are re-parented and can no longer be found through it.
   * A second pass catches processes forked while the first was killing.
   */
  public static void kill(ProcessHandle root) {
    for (int pass = 0; pass < 2; pass++) {
      List<ProcessHandle> tree = new ArrayList<>(root.descendants().toList());
      java.util.Collections.reverse(tree); // deepest last in descendants(); kill leaves first
      for (ProcessHandle p : tree) p.destroyForcibly();
    }
    root.destroyForcibly();
  }

  /** Kills the tree and waits up to {@code timeoutMs} for the root to be gone. */
  public static boolean killAndWait(Process root, long timeoutMs) throws InterruptedException {
    kill(root.toHandle());
    return root.waitFor(timeoutMs, TimeUnit.MILLISECONDS);
  }
}
