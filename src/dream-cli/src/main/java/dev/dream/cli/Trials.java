package dev.dream.cli;

import dev.dream.trials.LocalTrialExecutor;
import dev.dream.trials.TrialExecutor;
import dev.dream.trials.probe.NodeClass;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;

/** This node's trial machinery: the executor its TrialRunner uses, and the node class it reports. */
final class Trials {
  private Trials() {}

  /**
   * The standard executor: built-in workloads, the probes and actuators of this machine under
   * {@code $DREAM_SYS_ROOT}; its apply-journal lives under {@code <data>/node}, and before it takes a trial
   * it kills the workload processes a crashed predecessor left running and restores the knobs it left applied.
   */
  static TrialExecutor executor(Path dataDir) {
    try {
      LocalTrialExecutor executor = LocalTrialExecutor.standard(LocalTrialExecutor.Options.defaults(host(), dataDir.resolve("node")));
      executor.recovery().forEach(r -> System.err.println("dream: after a crash: " + r.message()));
      return executor;
    } catch (IOException e) {
      throw new CommandFailure(ExitCodes.INFRASTRUCTURE, "cannot open this node's apply-journal under " + dataDir.resolve("node") + ": " + e.getMessage(), e);
    }
  }

  static String nodeClass() {
    return NodeClass.detect().id();
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }

}
