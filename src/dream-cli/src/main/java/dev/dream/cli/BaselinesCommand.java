package dev.dream.cli;

import dev.dream.cluster.baseline.BaselineStore;
import dev.dream.cluster.node.DataDir;
import dev.dream.cluster.node.DreamNode;
import dev.dream.cluster.node.NodeSettings;
import dev.dream.cluster.run.RunRegistry;
import dev.dream.cluster.run.RunSpec;
import dev.dream.core.config.DreamConfig;
import dev.dream.core.pack.BaselineRecord;
import dev.dream.core.pack.BaselinesFile;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.pattern.StatusReply;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dream baselines show|refresh --domain D}: the stock-configuration baselines of this node class. */
@Command(name = "baselines", mixinStandardHelpOptions = true, description = "Show or re-measure the baselines of a domain.",
    subcommands = {BaselinesCommand.Show.class, BaselinesCommand.Refresh.class})
public final class BaselinesCommand {

  @Command(name = "show", mixinStandardHelpOptions = true, description = "The recorded baselines of a domain on this node class.")
  static final class Show implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin CommonOptions common;
    @Option(names = "--domain", required = true) String domain;
    @Option(names = "--json", description = "baselines.v2 JSON instead of a table.") boolean json;

    @Override
    public Integer call() throws Exception {
      var out = spec.commandLine().getOut();
      DreamNode node = Campaign.startNode(Campaign.dataDir(common), spec.commandLine().getErr(),
          data -> new NodeSettings(data, common.hoconFiles(), null, null, List.of(), Set.of(DreamNode.COORDINATOR), null, Trials.nodeClass()));
      try {
        BaselineStore.All all = node.sharding().entityRefFor(BaselineStore.TYPE_KEY, BaselineStore.entityId(domain, node.nodeClass()))
            .<BaselineStore.All>ask(BaselineStore.GetAll::new, Duration.ofSeconds(30)).toCompletableFuture().get(60, TimeUnit.SECONDS);
        if (json) {
          BaselinesFile f = BaselinesFile.empty();
          for (BaselineStore.Stored s : all.byRegime().values()) f = f.with(s.record());
          out.println(dev.dream.core.pack.Json.pretty(f.toJson()));
          return ExitCodes.OK;
        }
        if (all.byRegime().isEmpty()) {
          out.println("no baselines of " + domain + " for node class " + node.nodeClass() + "; the next run measures them");
          return ExitCodes.OK;
        }
        out.printf("baselines of %s, node class %s%n", domain, node.nodeClass());
        for (BaselineStore.Stored s : all.byRegime().values()) {
          BaselineRecord r = s.record();
          out.printf("%-10s %-40s %d trials, measured %s%n", r.regime(), r.baselineId(), r.trials(), r.timestamp());
          r.kpis().forEach((kpi, mean) -> {
            List<Double> ci = r.ci95().get(kpi);
            out.printf(Locale.ROOT, "    %-24s %14.4f%s%n", kpi, mean, ci == null ? "" : String.format(Locale.ROOT, "  [%.4f, %.4f]", ci.get(0), ci.get(1)));
          });
        }
        return ExitCodes.OK;
      } finally {
        node.close();
      }
    }
  }

  @Command(name = "refresh", mixinStandardHelpOptions = true,
      description = "Retire the baselines of a domain and measure the stock configuration again (a baselines-only run).")
  static final class Refresh implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin CommonOptions common;
    @Option(names = "--domain", required = true) String domain;
    @Option(names = "--trials", description = "Trials per regime (default: regimes.yaml execution.trials).") Integer trials;
    @Option(names = "--seed", description = "Seed of the baselines-only run.") Long seed;

    @Override
    public Integer call() throws Exception {
      var out = spec.commandLine().getOut();
      DreamConfig config = RunCommand.loadConfig(common, spec.commandLine().getErr());
      RunCommand.requireDomain(config, domain);
      DataDir.Opened opened = Campaign.dataDir(common);
      Path data = opened.dir();
      DreamNode node = Campaign.startNode(opened, spec.commandLine().getErr(), dir -> new NodeSettings(dir, common.hoconFiles(), null, null, List.of(),
          Set.of(DreamNode.COORDINATOR, DreamNode.RUNNER), Trials.executor(dir), Trials.nodeClass()));
      try {
        node.sharding().entityRefFor(BaselineStore.TYPE_KEY, BaselineStore.entityId(domain, node.nodeClass()))
            .<Done>ask(r -> new BaselineStore.Retire("dream baselines refresh", r), Duration.ofSeconds(30)).toCompletableFuture().get(60, TimeUnit.SECONDS);
        Instant now = Instant.now();
        long s = seed != null ? seed : new SecureRandom().nextLong() & Long.MAX_VALUE;
        RunSpec run = RunSpecs.create(config, new RunSpecs.Choices(List.of(domain), null, 0, trials, new ArrayList<>(), s, null, false),
            RunSpecs.newRunId(now, new SecureRandom()), now, node.nodeClass()).withNodes(List.of(node.address()));
        node.sharding().entityRefFor(RunRegistry.TYPE_KEY, run.runId())
            .<StatusReply<RunSpec>>ask(r -> new RunRegistry.Create(run, r), Duration.ofSeconds(30)).toCompletableFuture().get(60, TimeUnit.SECONDS);
        int code = Campaign.drive(node, data, run, false, out, spec.commandLine().getErr());
        out.println("baselines of " + domain + " measured anew; see dream baselines show --domain " + domain + " and " + data.resolve("baselines.json"));
        return code;
      } finally {
        node.close();
      }
    }
  }

}
