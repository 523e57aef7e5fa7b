package dev.dream.cli;

import dev.dream.cluster.node.DataDir;
import dev.dream.cluster.node.DreamNode;
import dev.dream.cluster.node.InfrastructureException;
import dev.dream.cluster.node.NodeSettings;
import dev.dream.cluster.report.RunFiles;
import dev.dream.cluster.report.RunProjector;
import dev.dream.cluster.run.DomainCoordinator;
import dev.dream.cluster.run.RunSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.pekko.pattern.StatusReply;

/**
 * Drives one run from this process: starts its domain coordinators (wherever sharding places them),
 * follows their journals into the run's files with a progress display, and ends with the summary.
 */
final class Campaign {
  private Campaign() {}

  /** The data directory of {@code --data}, made one when it does not exist yet (or is empty). */
  static DataDir.Opened dataDir(CommonOptions common) {
    try {
      return DataDir.prepare(common.dataDir());
    } catch (DataDir.Rejected e) {
      throw new CommandFailure(ExitCodes.USAGE, e.getMessage());
    }
  }

  /**
   * Starts this command's node on {@code data}. A start that fails (exit 3: the journal database or the
   * cluster cannot be reached; exit 2: a refused setting) recorded nothing, so it leaves the data directory as
   * it found it: one that it created is removed again. A node that opens the journal (a coordinator) then
   * warns on {@code err} of runs whose files are in the data directory but that the journal has lost.
   */
  static DreamNode startNode(DataDir.Opened data, PrintWriter err, Function<Path, NodeSettings> settings) {
    return startNode(data, err, Set.of(), settings);
  }

  /** As above, for a command about {@code ownRuns}: it says itself if the journal lost one of them (exit 3). */
  static DreamNode startNode(DataDir.Opened data, PrintWriter err, Set<String> ownRuns, Function<Path, NodeSettings> settings) {
    NodeSettings s;
    DreamNode node;
    try {
      s = settings.apply(data.dir());
      node = startNode(s);
    } catch (CommandFailure f) {
      throw undo(data, f);
    }
    if (s.roles().contains(DreamNode.COORDINATOR)) JournalCheck.warnOfLostRuns(node, data.dir(), ownRuns, err);
    return node;
  }

  /** {@code failure}, after {@code data} is put back as this command found it. */
  static CommandFailure undo(DataDir.Opened data, CommandFailure failure) {
    try {
      data.undo();
      return failure;
    } catch (IOException e) {
      return new CommandFailure(failure.exitCode(), failure.getMessage() + " (and " + data.dir() + ", made by this command, could not be removed: " + e + ")",
          failure);
    }
  }

  static DreamNode startNode(NodeSettings settings) {
    try {
      return DreamNode.start(settings);
    } catch (InfrastructureException e) {
      throw new CommandFailure(ExitCodes.INFRASTRUCTURE, e.getMessage(), e);
    } catch (DreamNode.Refused e) {
      throw new CommandFailure(ExitCodes.USAGE, e.getMessage());
    }
  }

  /**
   * The settings a --management-port option stands for: that port, and failing (exit 3) when it is taken,
   * since the user chose it; none when the option is absent.
   */
  static java.util.Map<String, Object> managementPort(Integer port) {
    if (port == null) return java.util.Map.of();
    if (port < 0 || port > 65535) throw new CommandFailure(ExitCodes.USAGE, "--management-port must be between 0 and 65535 (got " + port + ")");
    return java.util.Map.of("pekko.management.http.port", port, "dream.management.port-in-use", "fail");
  }

  /** Runs {@code run} to its end; returns 0, or 4 when no domain found a safe candidate. */
  static int drive(DreamNode node, Path data, RunSpec run, boolean resumed, PrintWriter out, PrintWriter err) throws Exception {
    String runId = run.runId();
    Interruption.notice("dream: interrupted; the journal keeps every recorded trial. Continue with: dream run --resume " + runId);
    out.println((resumed ? "resuming run " : "run ") + runId + "  seed " + run.seed() + "  domains " + String.join(",", run.domains())
        + "  node class " + run.nodeClass());
    out.flush();
    Launched launched = launch(node, data, run, resumed);
    RunFiles files = launched.files();
    new ProgressView(run, files, err).followUntil(launched.done());
    Interruption.notice(null);
    return run.generations() == 0 ? ExitCodes.OK : Summary.print(run, files, out);
  }

  /** A started run: its files, kept up to date from the journal, and what completes when every domain has finished. */
  record Launched(RunFiles files, CompletableFuture<?> done) {}

  /**
   * Starts the run's domain coordinators (or, resumed, wakes them to continue from their journals) and follows
   * their journals into the run's files. Used by {@code dream run} and by each campaign of {@code dream service}.
   */
  static Launched launch(DreamNode node, Path data, RunSpec run, boolean resumed) throws Exception {
    String runId = run.runId();
    RunFiles files = new RunFiles(data, runId);
    if (resumed) files.removeInterruptedWrites();
    CompletableFuture<?> done = RunProjector.follow(node.system(), runId, run.domains(), files).toCompletableFuture();
    for (String domain : run.domains()) {
      node.sharding().entityRefFor(DomainCoordinator.TYPE_KEY, DomainCoordinator.entityId(runId, domain))
          .<StatusReply<org.apache.pekko.Done>>ask(r -> new DomainCoordinator.Start(run, domain, r), Duration.ofSeconds(60))
          .toCompletableFuture().get(90, TimeUnit.SECONDS);
    }
    return new Launched(files, done);
  }
}
