package dev.dream.cli;

import dev.dream.trials.LocalTrialExecutor;
import dev.dream.trials.TrialExecutor;
import dev.dream.trials.knob.EnvActuator;
import dev.dream.trials.knob.WorkloadArgActuator;
import dev.dream.trials.workload.WorkloadRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** This node's trial machinery: the executor the TrialRunner uses, and the node class it reports. */
final class Trials {
  private Trials() {}

  static TrialExecutor executor(Path dataDir) {
    try {
      return new LocalTrialExecutor(LocalTrialExecutor.Options.defaults(host(), dataDir.resolve("node")),
          WorkloadRegistry.standard(), List.of(), Map.of("workload-arg", new WorkloadArgActuator(), "env", new EnvActuator()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String nodeClass() {
    String os = System.getProperty("os.name") + "-" + System.getProperty("os.version") + "-" + System.getProperty("os.arch");
    return "nc-" + Integer.toHexString((os + Runtime.getRuntime().availableProcessors()).hashCode());
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }
}
