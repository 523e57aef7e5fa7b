package dev.dream.cli;

import dev.dream.cluster.node.DataDir;
import dev.dream.cluster.node.DreamNode;
import dev.dream.cluster.node.NodeSettings;
import dev.dream.cluster.report.RunFiles;
import dev.dream.cluster.report.RunProjector;
import dev.dream.cluster.run.RunRegistry;
import dev.dream.cluster.run.RunSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.pattern.StatusReply;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code dream report RUN_ID}: re-exports a run's files from its journal (they are projections of it) and
 * prints what the journal holds: generations, trials, and whether any trial id was recorded twice.
 */
@Command(name = "report", mixinStandardHelpOptions = true, description = "Re-export a run's files from the journal and summarise it.")
public final class ReportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin CommonOptions common;

  @Parameters(paramLabel = "RUN_ID") String runId;

  @Override
  public Integer call() throws Exception {
    var out = spec.commandLine().getOut();
    DataDir.Opened opened = Campaign.dataDir(common);
    Path data = opened.dir();
    DreamNode node = Campaign.startNode(opened, spec.commandLine().getErr(), Set.of(runId),
        dir -> new NodeSettings(dir, common.hoconFiles(), null, null, List.of(), Set.of(DreamNode.COORDINATOR), null, Trials.nodeClass()));
    try {
      StatusReply<RunSpec> reply = node.sharding().entityRefFor(RunRegistry.TYPE_KEY, runId)
          .<StatusReply<RunSpec>>ask(RunRegistry.Get::new, Duration.ofSeconds(30)).toCompletableFuture().get(60, TimeUnit.SECONDS);
      if (reply.isError()) {
        node.close(); // the journal's files are closed before a data directory made for nothing goes
        throw Campaign.undo(opened, JournalCheck.unknownRun(node, data, runId, "unknown run '" + runId + "' in " + data));
      }
      RunSpec run = reply.getValue();
      RunFiles files = new RunFiles(data, runId);
      RunProjector.replay(node.system(), runId, run.domains(), files).toCompletableFuture().get(10, TimeUnit.MINUTES);
      out.println("run " + runId + "  seed " + run.seed() + "  started " + run.startedAtUtc());
      for (String d : run.domains()) {
        RunFiles.DomainProgress p = files.progress().get(d);
        if (p == null) {
          out.println(d + ": not started");
          continue;
        }
        long recorded = p.trialIdCounts.values().stream().mapToLong(Integer::longValue).sum();
        long twice = p.trialIdCounts.values().stream().filter(n -> n > 1).count();
        out.printf("%s: generation %d of %d, %s%n", d, p.generation + 1, run.generations(), p.finished == null ? "in progress" : p.finished);
        out.printf("  trials recorded %d, distinct trial ids %d, recorded more than once %d%n", recorded, p.trialIdCounts.size(), twice);
        if (p.bestCandId != null) out.printf("  best %s score_v2 %s%s%n", p.bestCandId, ProgressView.fmt(p.bestScore), ProgressView.ci(p.bestCi));
      }
      out.println("files: " + files.runDir());
      return ExitCodes.OK;
    } finally {
      node.close();
    }
  }
}
