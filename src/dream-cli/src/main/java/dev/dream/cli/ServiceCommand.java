package dev.dream.cli;

import dev.dream.cluster.node.DataDir;
import dev.dream.cluster.node.DreamNode;
import dev.dream.cluster.node.NodeSettings;
import dev.dream.cluster.service.ServiceSchedule;
import dev.dream.core.config.ConfigException;
import dev.dream.core.config.DreamConfig;
import dev.dream.core.config.ScheduleParser;
import dev.dream.core.schedule.Backoff;
import dev.dream.core.schedule.CampaignSchedule;
import dev.dream.core.schedule.DomainSchedule;
import dev.dream.core.schedule.Durations;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dream service}: continuous campaigns, one domain after another on its own schedule, for as long as
 * the process runs. The schedules live in the journal (one {@link ServiceSchedule} per domain), so a restarted
 * service resumes the campaign it was running and keeps the planned start times.
 */
@Command(
    name = "service",
    mixinStandardHelpOptions = true,
    description = {
      "Run continuous campaigns per domain on a schedule, resumed after a restart (for systemd or a container).",
      "Each campaign is a run like `dream run` (see `dream report RUN_ID`). Intervals are rates: a campaign is planned"
          + " every --every from the previous one's planned start, whatever its length; missed slots are skipped."
          + " A failed campaign is retried after a backoff that doubles up to its maximum.",
      "Settings: command-line options, else the domain's entry in --schedule FILE, else its defaults, else"
          + " every 1h and the `dream run` defaults."
    })
public final class ServiceCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin CommonOptions common;

  @Option(names = "--domain", split = ",", paramLabel = "D", description = "Domains to tune continuously (default: those of --schedule).")
  List<String> domains = new ArrayList<>();

  @Option(names = "--schedule", paramLabel = "FILE", description = "A schedule file (YAML): intervals and campaign settings per domain.")
  Path scheduleFile;

  @Option(names = "--every", paramLabel = "DURATION", description = "One campaign per domain every DURATION, e.g. 30m, 2h, 1d (default 1h).")
  String every;

  @Option(names = "--population", description = "Candidates per generation (default 20).") Integer population;
  @Option(names = "--generations", description = "Generations per campaign (default 10).") Integer generations;
  @Option(names = "--trials", description = "Trials per candidate and regime (default: regimes.yaml execution.trials).") Integer trials;
  @Option(names = "--regimes", split = ",", paramLabel = "R", description = "Only these regimes (default: all of the domain).")
  List<String> regimes = new ArrayList<>();
  @Option(names = "--strategy", description = "ga (default) or cmaes.") String strategy;

  @Option(names = "--backoff", paramLabel = "INITIAL[,MAX]", description = "Wait after a failed campaign, doubled after each further failure up to MAX (default 1m,1h).")
  String backoff;

  @Option(names = "--allow-system-changes", description = "Apply knobs that change the machine (sysfs, procfs, cgroups, nvidia-smi).")
  boolean allowSystemChanges;
  @Option(names = "--join", split = ",", paramLabel = "HOST:PORT", description = "Join this cluster instead of forming a single-node one.")
  List<String> join = new ArrayList<>();
  @Option(names = "--roles", split = ",", description = "Roles of this node (default coordinator,runner).")
  List<String> roles = new ArrayList<>(List.of(DreamNode.COORDINATOR, DreamNode.RUNNER));
  @Option(names = "--host", description = "Address to bind (default 127.0.0.1).") String host;
  @Option(names = "--port", description = "Cluster port (default: a free one).") Integer port;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    DreamConfig config = RunCommand.loadConfig(common, err);
    CampaignSchedule file = loadSchedule(config, err);
    List<DomainSchedule> plan = plan(config, file);
    Backoff retry = backoff != null ? parseBackoff(backoff) : file != null ? file.backoff() : Backoff.DEFAULT;

    DataDir.Opened opened = Campaign.dataDir(common);
    Path data = opened.dir();
    DreamNode node = Campaign.startNode(opened, err, dir -> new NodeSettings(dir, common.hoconFiles(), host, port, join,
        new LinkedHashSet<>(roles), Trials.executor(dir), Trials.nodeClass()));
    ServiceSchedule.init(node.system());
    ServiceLog log = new ServiceLog(out);
    log.line("dream service: node " + node.address() + " (" + String.join(",", roles) + "), data " + data + ", journal "
        + JournalCheck.journalUrl(node));
    AtomicBoolean stopping = new AtomicBoolean();
    List<Thread> loops = new ArrayList<>();
    for (DomainSchedule d : plan) {
      log.line(d.domain() + ": every " + Durations.format(d.interval()) + ", " + describe(d) + "; backoff "
          + Durations.format(retry.initial()) + " doubling to " + Durations.format(retry.max()));
      ServiceLoop loop = new ServiceLoop(node, data, common, d, retry, allowSystemChanges, log, stopping);
      Thread t = new Thread(loop, "dream-service-" + d.domain());
      t.setDaemon(true);
      loops.add(t);
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      stopping.set(true);
      loops.forEach(Thread::interrupt);
      log.line("dream service: stopping; a campaign in progress continues when the service starts again");
    }));
    loops.forEach(Thread::start);
    // The node ends only by a signal (then the process exits 130 once the node has stopped, see Interruption)
    // or when the cluster downs it.
    node.system().getWhenTerminated().toCompletableFuture().join();
    if (stopping.get()) return ExitCodes.INTERRUPTED;
    throw new CommandFailure(ExitCodes.INFRASTRUCTURE, "the cluster node stopped (downed by the cluster, or its journal failed);"
        + " the schedules are kept: start the service again");
  }

  private CampaignSchedule loadSchedule(DreamConfig config, PrintWriter err) {
    if (scheduleFile == null) return null;
    try {
      return ScheduleParser.load(scheduleFile, config);
    } catch (ConfigException e) {
      e.problems().forEach(err::println);
      throw new CommandFailure(ExitCodes.USAGE, e.problems().size() + " problem(s) in " + scheduleFile + "; nothing was run");
    }
  }

  /** Each domain's settings: these options over its schedule entry over the schedule's defaults. */
  List<DomainSchedule> plan(DreamConfig config, CampaignSchedule file) {
    List<String> names = !domains.isEmpty() ? domains : file != null ? file.domains().stream().map(DomainSchedule::domain).toList() : List.of();
    if (names.isEmpty()) throw new CommandFailure(ExitCodes.USAGE, "name the domains: --domain cpu,memory, or --schedule FILE");
    if (new LinkedHashSet<>(names).size() != names.size()) throw new CommandFailure(ExitCodes.USAGE, "--domain names a domain twice: " + names);
    Duration interval = null;
    if (every != null) {
      interval = Durations.parse(every).orElseThrow(() -> new CommandFailure(ExitCodes.USAGE,
          "--every " + every + " is not a duration; write it with its unit, e.g. 90s, 30m, 2h, 1d"));
      if (interval.compareTo(Duration.ofSeconds(1)) < 0) throw new CommandFailure(ExitCodes.USAGE, "--every must be at least 1s");
    }
    atLeast("--population", population, 2);
    atLeast("--generations", generations, 1);
    atLeast("--trials", trials, 1);
    if (strategy != null && !List.of("ga", "cmaes").contains(strategy)) throw new CommandFailure(ExitCodes.USAGE, "--strategy must be ga or cmaes");
    DomainSchedule options = new DomainSchedule(null, interval, population, generations, trials, regimes.isEmpty() ? null : regimes, strategy);
    List<DomainSchedule> out = new ArrayList<>();
    for (String d : names) {
      RunCommand.requireDomain(config, d);
      DomainSchedule s = new DomainSchedule(d, options.every(), options.population(), options.generations(), options.trials(),
          options.regimes(), options.strategy()).orElse(file != null ? file.forDomain(d) : DomainSchedule.unset(d));
      Map<String, ?> known = config.regimes().getOrDefault(d, Map.of());
      if (known.isEmpty()) throw new CommandFailure(ExitCodes.USAGE, "domain " + d + " has no regimes in regimes.yaml");
      for (String r : s.regimes() == null ? List.<String>of() : s.regimes()) {
        if (!known.containsKey(r)) {
          throw new CommandFailure(ExitCodes.USAGE, "domain " + d + " has no regime '" + r + "'; it has: " + String.join(", ", known.keySet()));
        }
      }
      out.add(s);
    }
    return out;
  }

  static Backoff parseBackoff(String text) {
    String[] parts = text.split(",", -1);
    List<Duration> ds = new ArrayList<>();
    for (String p : parts) {
      ds.add(Durations.parse(p).filter(d -> d.compareTo(Duration.ofSeconds(1)) >= 0).orElseThrow(() -> new CommandFailure(ExitCodes.USAGE,
          "--backoff " + text + ": '" + p + "' is not a duration of 1s or more; write e.g. --backoff 1m,1h")));
    }
    if (ds.size() > 2) throw new CommandFailure(ExitCodes.USAGE, "--backoff takes INITIAL or INITIAL,MAX, e.g. 1m,1h");
    Duration max = ds.size() == 2 ? ds.get(1) : ds.get(0).compareTo(Backoff.DEFAULT.max()) > 0 ? ds.get(0) : Backoff.DEFAULT.max();
    if (max.compareTo(ds.get(0)) < 0) throw new CommandFailure(ExitCodes.USAGE, "--backoff " + text + ": MAX is shorter than INITIAL");
    return new Backoff(ds.get(0), max);
  }

  private static void atLeast(String name, Integer v, int min) {
    if (v != null && v < min) throw new CommandFailure(ExitCodes.USAGE, name + " must be at least " + min + " (got " + v + ")");
  }

  static String describe(DomainSchedule d) {
    return "population " + (d.population() != null ? d.population() : "default") + ", generations "
        + (d.generations() != null ? d.generations() : "default") + ", trials " + (d.trials() != null ? d.trials() : "from regimes.yaml")
        + ", regimes " + (d.regimes() == null ? "all" : String.join(",", d.regimes()))
        + (d.strategy() != null ? ", strategy " + d.strategy() : "");
  }
}
