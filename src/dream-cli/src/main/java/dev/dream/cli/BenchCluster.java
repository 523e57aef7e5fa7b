package dev.dream.cli;

import dev.dream.cluster.node.DreamNode;
import dev.dream.cluster.node.NodeSettings;
import dev.dream.cluster.run.RunRegistry;
import dev.dream.cluster.run.RunSpec;
import dev.dream.cluster.trial.TrialDispatcher;
import dev.dream.core.config.DreamConfig;
import dev.dream.trials.TrialExecutor;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.pattern.StatusReply;

/**
 * The cluster one benchmark measurement runs on, fresh for each: either this process alone (coordinator
 * and runner, as {@code dream run} without {@code --join}), or this process as the only coordinator with
 * {@code runnerNodes} runner JVMs joined to it, so that every trial crosses the network to a runner.
 */
final class BenchCluster implements AutoCloseable {
  private static final Duration RUNNERS_TIMEOUT = Duration.ofSeconds(120);

  private final DreamNode node;
  private final LocalRunnerNodes runners; // null: the trials run in this process
  private final TimedExecutor executor; // null: the trials run in the runner nodes
  private final TrialExecutor real;

  private BenchCluster(DreamNode node, LocalRunnerNodes runners, TimedExecutor executor, TrialExecutor real) {
    this.node = node;
    this.runners = runners;
    this.executor = executor;
    this.real = real;
  }

  /**
   * Starts the cluster: with {@code runnerNodes} 0, this process is coordinator and runner; otherwise it is
   * the seed and only coordinator, and returns once all {@code runnerNodes} runners are registered.
   */
  static BenchCluster start(Path dir, List<Path> hoconFiles, String nodeClass, int runnerNodes) throws Exception {
    if (runnerNodes == 0) {
      TrialExecutor real = Trials.executor(dir);
      TimedExecutor executor = new TimedExecutor(real);
      DreamNode node = Campaign.startNode(new NodeSettings(dir, hoconFiles, null, null, List.of(),
          Set.of(DreamNode.COORDINATOR, DreamNode.RUNNER), executor, nodeClass));
      return new BenchCluster(node, null, executor, real);
    }
    int port = LocalRunnerNodes.freePort();
    DreamNode node = Campaign.startNode(new NodeSettings(dir, hoconFiles, "127.0.0.1", port, List.of(),
        Set.of(DreamNode.COORDINATOR), null, nodeClass));
    LocalRunnerNodes runners = null;
    try {
      runners = LocalRunnerNodes.start(runnerNodes, dir.resolve("runner-nodes"), "127.0.0.1:" + port, hoconFiles);
      awaitRunners(node, runners, runnerNodes);
      return new BenchCluster(node, runners, null, null);
    } catch (Exception | Error e) {
      if (runners != null) runners.close();
      node.close();
      throw e;
    }
  }

  private static void awaitRunners(DreamNode node, LocalRunnerNodes runners, int count) throws Exception {
    long deadline = System.nanoTime() + RUNNERS_TIMEOUT.toNanos();
    while (true) {
      LocalRunnerNodes.Runner ended = runners.ended();
      if (ended != null) {
        throw new CommandFailure(ExitCodes.INFRASTRUCTURE, "runner node " + ended.name() + " ended (exit " + ended.process().exitValue()
            + ") before it joined; the end of its log (" + ended.log() + "):\n" + ended.tail());
      }
      TrialDispatcher.Status status = AskPattern.<TrialDispatcher.Command, TrialDispatcher.Status>ask(
              node.dispatcher(), TrialDispatcher.GetStatus::new, Duration.ofSeconds(10), node.system().scheduler())
          .toCompletableFuture().get(15, TimeUnit.SECONDS);
      if (status.runners() >= count) return;
      if (System.nanoTime() > deadline) {
        throw new CommandFailure(ExitCodes.INFRASTRUCTURE, status.runners() + " of " + count + " runner nodes registered within "
            + RUNNERS_TIMEOUT.toSeconds() + " s; their logs are under " + runners.runners().get(0).log().getParent().getParent());
      }
      Thread.sleep(100);
    }
  }


  DreamNode node() {
    return node;
  }

  /** The trials' executor when they run in this process; null when they run in runner nodes. */
  TimedExecutor executor() {
    return executor;
  }

  int runnerNodes() {
    return runners == null ? 0 : runners.runners().size();
  }

  /** Records a new run of {@code domain} in the run registry, as {@code dream run} does, ready to be driven. */
  RunSpec createRun(DreamConfig config, String domain, int population, int generations, long seed, String nodeClass) throws Exception {
    Instant now = Instant.now();
    RunSpec run = RunSpecs.create(config, new RunSpecs.Choices(List.of(domain), population, generations, null, List.of(), seed, null, false),
        RunSpecs.newRunId(now, new SecureRandom()), now, nodeClass).withNodes(members());
    return node.sharding().entityRefFor(RunRegistry.TYPE_KEY, run.runId())
        .<StatusReply<RunSpec>>ask(r -> new RunRegistry.Create(run, r), Duration.ofSeconds(30))
        .toCompletableFuture().get(60, TimeUnit.SECONDS).getValue();
  }

  /** The addresses of the cluster's members, for the run's manifest. */
  private List<String> members() {
    List<String> members = new java.util.ArrayList<>();
    Cluster.get(node.system()).state().getMembers().forEach(m -> members.add(m.address().toString()));
    return members;
  }

  /** Runners first (they finish their trial and leave), then this node. */
  @Override
  public void close() throws Exception {
    if (runners != null) runners.close();
    node.close();
    if (real instanceof AutoCloseable c) c.close();
  }
}
