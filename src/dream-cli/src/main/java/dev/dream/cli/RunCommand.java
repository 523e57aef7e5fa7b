package dev.dream.cli;

import dev.dream.cluster.node.DataDir;
import dev.dream.cluster.node.DreamNode;
import dev.dream.cluster.node.NodeSettings;
import dev.dream.cluster.run.RunRegistry;
import dev.dream.cluster.run.RunSpec;
import dev.dream.core.config.ConfigException;
import dev.dream.core.config.ConfigLoader;
import dev.dream.core.config.DreamConfig;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.pattern.StatusReply;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dream run}: a tuning campaign, from baselines to best.json, or the continuation of one. */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Run a tuning campaign (or --resume one).")
public final class RunCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin CommonOptions common;

  @Option(names = "--domain", split = ",", paramLabel = "D", description = "Domains to tune, e.g. cpu or sim,cpu.")
  List<String> domains = new ArrayList<>();

  @Option(names = "--population", description = "Candidates per generation (default 20).") Integer population;
  @Option(names = "--generations", description = "Generations (default 10).") Integer generations;
  @Option(names = "--trials", description = "Trials per candidate and regime (default: regimes.yaml execution.trials).") Integer trials;
  @Option(names = "--regimes", split = ",", paramLabel = "R", description = "Only these regimes (default: all of the domain).")
  List<String> regimes = new ArrayList<>();
  @Option(names = "--seed", description = "The random seed (default: a fresh one, printed and recorded).") Long seed;
  @Option(names = "--strategy", description = "ga (default) or cmaes.") String strategy;
  @Option(names = "--resume", paramLabel = "RUN_ID", description = "Continue a run from its journal; takes every setting from it.") String resume;
  @Option(names = "--dry-run", description = "Validate, plan and print the work without running a trial.") boolean dryRun;
  @Option(names = "--allow-system-changes", description = "Apply knobs that change the machine (sysfs, procfs, cgroups, nvidia-smi).") boolean allowSystemChanges;
  @Option(names = "--join", split = ",", paramLabel = "HOST:PORT", description = "Join this cluster instead of forming a single-node one.")
  List<String> join = new ArrayList<>();
  @Option(names = "--roles", split = ",", description = "Roles of this node (default coordinator,runner).")
  List<String> roles = new ArrayList<>(List.of(DreamNode.COORDINATOR, DreamNode.RUNNER));
  @Option(names = "--host", description = "Address to bind (default 127.0.0.1).") String host;
  @Option(names = "--port", description = "Cluster port (default: a free one).") Integer port;
  @Option(names = "--management-port", paramLabel = "PORT",
      description = "Port of the management endpoint (dream ctl, /metrics); 0 for a free one. Default: 7626, or a free one when 7626 is taken.")
  Integer managementPort;

  @Override
  public Integer call() throws Exception {
    var out = spec.commandLine().getOut();
    var err = spec.commandLine().getErr();
    RunSpec planned = resume == null ? planNewRun() : null;
    if (dryRun) {
      if (planned == null) throw new CommandFailure(ExitCodes.USAGE, "--dry-run plans a new run; it cannot be combined with --resume");
      Plans.print(planned, out);
      return ExitCodes.OK;
    }
    DataDir.Opened data = Campaign.dataDir(common);
    DreamNode node = Campaign.startNode(data, err, resume == null ? Set.of() : Set.of(resume), dir -> new NodeSettings(dir, common.hoconFiles(), host, port, join, new LinkedHashSet<>(roles),
        Trials.executor(dir), Trials.nodeClass(), Campaign.managementPort(managementPort)));
    try {
      node.managementUri().ifPresent(u -> err.println("management endpoint " + u + " (dream ctl --endpoint " + u + " run RUN_ID)"));
      RunSpec run;
      try {
        run = register(node, data.dir(), planned == null ? null : planned.withNodes(List.of(node.address())));
      } catch (CommandFailure refused) {
        node.close(); // the journal's files are closed before a data directory made for nothing goes
        throw Campaign.undo(data, refused);
      }
      return Campaign.drive(node, data.dir(), run, resume != null, out, err);
    } finally {
      node.close();
    }
  }

  private RunSpec planNewRun() {
    if (domains.isEmpty()) throw new CommandFailure(ExitCodes.USAGE, "name at least one domain: --domain cpu (see config/domains/)");
    DreamConfig config = loadConfig(common, spec.commandLine().getErr());
    for (String d : domains) {
      requireDomain(config, d);
      for (String r : regimes) {
        if (!config.regimes().getOrDefault(d, Map.of()).containsKey(r)) {
          throw new CommandFailure(ExitCodes.USAGE, "domain " + d + " has no regime '" + r + "'; it has: "
              + String.join(", ", config.regimes().getOrDefault(d, Map.of()).keySet()));
        }
      }
      if (config.regimes().getOrDefault(d, Map.of()).isEmpty()) {
        throw new CommandFailure(ExitCodes.USAGE, "domain " + d + " has no regimes in regimes.yaml");
      }
    }
    positive("--population", population, 2);
    positive("--generations", generations, 1);
    positive("--trials", trials, 1);
    if (strategy != null && !List.of("ga", "cmaes").contains(strategy)) throw new CommandFailure(ExitCodes.USAGE, "--strategy must be ga or cmaes");
    long s = seed != null ? seed : new SecureRandom().nextLong() & Long.MAX_VALUE;
    Instant now = Instant.now();
    return RunSpecs.create(config, new RunSpecs.Choices(domains, population, generations, trials, regimes, s, strategy, allowSystemChanges),
        RunSpecs.newRunId(now, new SecureRandom()), now, Trials.nodeClass());
  }

  static DreamConfig loadConfig(CommonOptions common, java.io.PrintWriter err) {
    try {
      return ConfigLoader.load(common.configDir());
    } catch (ConfigException e) {
      e.problems().forEach(err::println);
      throw new CommandFailure(ExitCodes.USAGE, e.problems().size() + " problem(s) in " + common.configDir() + "; nothing was run");
    }
  }

  static void requireDomain(DreamConfig config, String d) {
    if (!config.domains().containsKey(d)) {
      throw new CommandFailure(ExitCodes.USAGE, "unknown domain '" + d + "'; the config in " + config.dir() + " defines: "
          + String.join(", ", config.domains().keySet()));
    }
  }

  private static void positive(String name, Integer v, int min) {
    if (v != null && v < min) throw new CommandFailure(ExitCodes.USAGE, name + " must be at least " + min + " (got " + v + ")");
  }

  /** Records a new run, or fetches a resumed one and refuses options that contradict what it recorded. */
  private RunSpec register(DreamNode node, Path data, RunSpec fresh) throws Exception {
    String runId = fresh != null ? fresh.runId() : resume;
    var ref = node.sharding().entityRefFor(RunRegistry.TYPE_KEY, runId);
    if (fresh != null) {
      return ref.<StatusReply<RunSpec>>ask(r -> new RunRegistry.Create(fresh, r), Duration.ofSeconds(30))
          .toCompletableFuture().get(60, TimeUnit.SECONDS).getValue();
    }
    StatusReply<RunSpec> reply = ref.<StatusReply<RunSpec>>ask(RunRegistry.Get::new, Duration.ofSeconds(30))
        .toCompletableFuture().get(60, TimeUnit.SECONDS);
    if (reply.isError()) {
      throw JournalCheck.unknownRun(node, data, resume, "unknown run '" + resume + "' in " + JournalCheck.journalUrl(node)
          + "; list runs with: ls " + common.dataDir().resolve("runs"));
    }
    RunSpec run = reply.getValue();
    List<String> conflicts = new ArrayList<>();
    if (seed != null && seed != run.seed()) conflicts.add("--seed " + seed + " (run has " + run.seed() + ")");
    if (!domains.isEmpty() && !domains.equals(run.domains())) conflicts.add("--domain " + String.join(",", domains) + " (run has " + String.join(",", run.domains()) + ")");
    if (generations != null && generations != run.generations()) conflicts.add("--generations " + generations + " (run has " + run.generations() + ")");
    RunSpec.DomainPlan first = run.plans().values().iterator().next();
    if (population != null && population != first.evolution().population()) conflicts.add("--population " + population + " (run has " + first.evolution().population() + ")");
    if (trials != null && trials != first.execution().trials()) conflicts.add("--trials " + trials + " (run has " + first.execution().trials() + ")");
    if (!conflicts.isEmpty()) {
      throw new CommandFailure(ExitCodes.USAGE, "--resume takes every setting from the journal; these options differ from run " + resume + ": "
          + String.join(", ", conflicts) + ". Drop them, or start a new run.");
    }
    return run;
  }
}
