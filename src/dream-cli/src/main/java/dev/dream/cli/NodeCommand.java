package dev.dream.cli;

import dev.dream.cluster.node.DreamNode;
import dev.dream.cluster.node.NodeSettings;
import dev.dream.trials.TrialExecutor;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dream node}: a long-lived cluster member. A runner takes trials from any run of the cluster;
 * a coordinator hosts its share of the runs' coordinators and the trial dispatcher. It leaves on SIGTERM or
 * Ctrl-C (exit 130, see {@link Interruption}) or on {@code dream ctl leave} (exit 0), finishing its trials in
 * flight first.
 */
@Command(name = "node", mixinStandardHelpOptions = true, description = "Run a cluster node (runner and/or coordinator) until stopped.")
public final class NodeCommand implements Callable<Integer> {
  /** Artery's usual port, so that a seed node can be named without looking it up. */
  static final int DEFAULT_PORT = 7355;

  @Spec CommandSpec spec;
  @Mixin CommonOptions common;

  @Option(names = "--host", description = "Address to bind and advertise (default 127.0.0.1: nothing listens beyond loopback unless you say so).")
  String host;

  @Option(names = "--port", description = "Cluster port (default ${DEFAULT-VALUE}).", defaultValue = "" + DEFAULT_PORT)
  int port;

  @Option(names = "--join", split = ",", paramLabel = "HOST:PORT", description = "Seed nodes to join (none: this node starts the cluster).")
  List<String> join = new ArrayList<>();

  @Option(names = "--roles", split = ",", description = "runner, coordinator or both (default both).")
  List<String> roles = new ArrayList<>(List.of(DreamNode.COORDINATOR, DreamNode.RUNNER));

  @Override
  public Integer call() throws Exception {
    for (String r : roles) {
      if (!List.of(DreamNode.COORDINATOR, DreamNode.RUNNER).contains(r)) {
        throw new CommandFailure(ExitCodes.USAGE, "unknown role '" + r + "'; roles are runner and coordinator");
      }
    }
    TrialExecutor[] executor = new TrialExecutor[1];
    DreamNode node = Campaign.startNode(Campaign.dataDir(common), spec.commandLine().getErr(),
        data -> new NodeSettings(data, common.hoconFiles(), host, port, join, new LinkedHashSet<>(roles),
            executor[0] = roles.contains(DreamNode.RUNNER) ? Trials.executor(data) : null, Trials.nodeClass()));
    // Stopped (SIGTERM), this node leaves gracefully: its trials in flight finish before it goes.
    if (executor[0] != null) executor[0].finishTrialsOnShutdown(node.system().settings().config().getDuration("dream.runner.drain-timeout"));
    var out = spec.commandLine().getOut();
    out.println("node " + node.address() + "  roles " + String.join(",", roles) + "  node class " + node.nodeClass()
        + (join.isEmpty() ? "  (first node: others join with --join " + hostPort(node) + ")" : "  joined " + String.join(",", join)));
    out.flush();
    Interruption.notice("dream: stopping; this node leaves the cluster once its trials in flight are finished");
    node.system().getWhenTerminated().toCompletableFuture().get();
    out.println("node " + node.address() + " left the cluster");
    out.flush();
    return ExitCodes.OK;
  }

  private static String hostPort(DreamNode node) {
    var a = node.system().address();
    return a.getHost().orElse("127.0.0.1") + ":" + a.getPort().orElse(DEFAULT_PORT);
  }
}
