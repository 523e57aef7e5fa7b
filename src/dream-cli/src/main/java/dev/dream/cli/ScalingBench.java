package dev.dream.cli;

import dev.dream.cluster.node.DataDir;
import dev.dream.cluster.run.RunSpec;
import dev.dream.core.config.DreamConfig;
import dev.dream.core.pack.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dream bench scaling}: the same campaign with trials of a fixed length on 1, 2, 3... runner nodes,
 * each count on a fresh cluster and a fresh PostgreSQL database, against the ideal (the one-node time
 * divided by the count). One trial per node at a time, as in production, so the runners' trials never
 * disturb each other. Every time is the journal's: the run's Started event to its Finished event, both
 * stamped by the coordinator that wrote them, so JVM start-up and joining are left out. Before the measured
 * run each cluster runs a short campaign of zero-second trials, not measured: the nodes of a fleet are
 * long-lived, and what a campaign costs them is not their JVMs' first minutes ({@code --warmup-generations 0}
 * measures cold nodes).
 */
@Command(name = "scaling", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
      "Wall time of one campaign of fixed-length sim trials on 1, 2, 3... runner nodes (dream node JVMs on this",
      "machine, joined over loopback, one trial per node at a time) against the ideal, on PostgreSQL.",
      "The sim config is generated; --config-dir is not used. Results: a table, and JSON in --out."})
final class ScalingBench implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin CommonOptions common;

  @Option(names = "--runners", split = ",", paramLabel = "N", description = "Runner-node counts to measure (default: ${DEFAULT-VALUE}).",
      defaultValue = "1,2,3")
  List<Integer> runners;

  @Option(names = "--trial-seconds", paramLabel = "S", description = "Length of each sim trial (default: ${DEFAULT-VALUE}).", defaultValue = "0.5")
  double trialSeconds;

  @Option(names = "--population", description = "Candidates per generation (default: ${DEFAULT-VALUE}).", defaultValue = "24")
  int population;

  @Option(names = "--generations", description = "Generations (default: ${DEFAULT-VALUE}).", defaultValue = "1")
  int generations;

  @Option(names = "--trials", description = "Trials per candidate and regime, and of the baseline (default: ${DEFAULT-VALUE}; with the"
      + " other defaults 150 trials, 75 s of trials, and every phase divides evenly over 1, 2 and 3 runners).", defaultValue = "3")
  int trials;

  @Option(names = "--seed", description = "Seed of the runs (default: ${DEFAULT-VALUE}).", defaultValue = "7")
  long seed;

  @Option(names = "--warmup-generations", paramLabel = "N",
      description = "Generations of a zero-second-trial campaign that each cluster runs before the measured one, not measured,"
          + " so that the nodes' JVMs are warm as a long-lived fleet's are (default: ${DEFAULT-VALUE}; 0: cold nodes).",
      defaultValue = "3")
  int warmupGenerations;

  @Option(names = "--pg-url", paramLabel = "JDBC_URL",
      description = "PostgreSQL journal database (password: $DREAM_DB_PASSWORD). Default: a fresh database on 127.0.0.1:5432"
          + " (user postgres) for each count, dropped after it.")
  String pgUrl;

  @Option(names = "--out", paramLabel = "FILE", description = "JSON results (default: <data>/bench/scaling-<UTC time>.json).")
  Path out;

  @Option(names = "--keep", description = "Keep each count's data directory (runner logs, run files) under <data>/bench/.")
  boolean keep;

  private static final int WARMUP_POPULATION = 8;

  /** One count's run, as its journal tells it. */
  record Measurement(int runners, String runId, JournalTally tally, double loadBefore) {
    double wallMs() {
      return between(tally.phases().started(), tally.phases().finished());
    }

    double baselineMs() {
      return between(tally.phases().started(), tally.phases().baselinesFixed());
    }

    double generationsMs() {
      return between(tally.phases().firstProposed(), tally.phases().lastCompleted());
    }

    private static double between(Instant from, Instant to) {
      return to.toEpochMilli() - from.toEpochMilli();
    }
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    for (int n : runners) if (n < 1) throw new CommandFailure(ExitCodes.USAGE, "--runners counts must be at least 1 (got " + n + ")");
    if (!(trialSeconds > 0)) throw new CommandFailure(ExitCodes.USAGE, "--trial-seconds must be above 0 (got " + trialSeconds + ")");
    if (population < 2) throw new CommandFailure(ExitCodes.USAGE, "--population must be at least 2 (got " + population + ")");
    if (generations < 1) throw new CommandFailure(ExitCodes.USAGE, "--generations must be at least 1 (got " + generations + ")");
    if (warmupGenerations < 0) throw new CommandFailure(ExitCodes.USAGE, "--warmup-generations must be 0 or more (got " + warmupGenerations + ")");
    if (trials < 2) throw new CommandFailure(ExitCodes.USAGE, "--trials must be at least 2, the bench's min_successful_trials (got " + trials + ")");

    Path data = Campaign.dataDir(common).dir();
    Path benchDir = Files.createDirectories(data.resolve("bench"));
    Instant started = Instant.now();
    Path outFile = out != null ? out : benchDir.resolve("scaling-" + BenchSupport.FILE_TIME.format(started) + ".json");
    Path work = Files.createTempDirectory(benchDir, "scaling-work-");
    DreamConfig config = BenchSimConfig.load(work.resolve("config"), trials, trialSeconds);
    String nodeClass = Trials.nodeClass();
    stdout.printf(Locale.ROOT, "dream bench scaling: sim domain, population %d, %d generation(s), %d trials x %d regimes of %s s,"
            + " runner nodes %s, seed %d%n", population, generations, trials, BenchSimConfig.REGIMES, trialSeconds, runners, seed);
    stdout.flush();
    List<Measurement> results = new ArrayList<>();
    try {
      for (int n : new LinkedHashSet<>(runners)) {
        results.add(measure(work, config, nodeClass, n, err));
        stdout.println(row(results.get(results.size() - 1), reference(results)));
        stdout.flush();
      }
    } catch (SQLException e) {
      throw new CommandFailure(ExitCodes.INFRASTRUCTURE, "PostgreSQL unreachable at " + BenchDatabase.where(pgUrl) + ": " + e.getMessage()
          + "; the scaling bench needs it, as a multi-node cluster's journal (start it, or pass --pg-url)");
    } finally {
      if (!keep) BenchSupport.deleteTree(work);
    }
    Files.createDirectories(outFile.toAbsolutePath().getParent());
    Json.writeAtomically(outFile, document(started, nodeClass, results));
    stdout.println();
    stdout.println(header());
    for (Measurement m : results) stdout.println(row(m, reference(results)));
    stdout.println("results: " + outFile);
    if (keep) stdout.println("data directories kept under " + work);
    stdout.flush();
    for (Measurement m : results) {
      if (m.tally().duplicateTrialIds() > 0) {
        throw new CommandFailure(ExitCodes.INTERNAL_ERROR, m.runners() + " runner(s): the journal holds " + m.tally().duplicateTrialIds()
            + " trial id(s) more than once; exactly-once recording is broken");
      }
    }
    return ExitCodes.OK;
  }


  private Measurement measure(Path work, DreamConfig config, String nodeClass, int n, PrintWriter err) throws Exception {
    try (BenchDatabase pg = BenchDatabase.open(pgUrl)) {
      Path dir = DataDir.open(work.resolve("runners-" + n));
      Path hocon = work.resolve("runners-" + n + ".conf");
      // One trial per runner node at a time, whatever the user's files say.
      Files.writeString(hocon, "dream.runner.slots = 1\n" + pg.hocon(), StandardCharsets.UTF_8);
      List<Path> hoconFiles = new ArrayList<>(common.hoconFiles());
      hoconFiles.add(hocon);
      try (BenchCluster cluster = BenchCluster.start(dir, hoconFiles, nodeClass, n)) {
        if (warmupGenerations > 0) {
          err.printf("%d runner node(s), warm-up: ", n);
          err.flush();
          Campaign.drive(cluster.node(), dir, cluster.createRun(config, BenchSimConfig.WARMUP, WARMUP_POPULATION, warmupGenerations, seed + 1, nodeClass),
              false, new PrintWriter(new StringWriter()), err);
        }
        err.printf("%d runner node(s): ", n);
        err.flush();
        RunSpec run = cluster.createRun(config, BenchSimConfig.DOMAIN, population, generations, seed, nodeClass);
        double load = BenchSupport.loadAverage();
        Campaign.drive(cluster.node(), dir, run, false, new PrintWriter(new StringWriter()), err);
        JournalTally tally = JournalTally.read(cluster.node().system(), run.runId(), BenchSimConfig.DOMAIN);
        if (tally.phases().finished() == null) {
          throw new CommandFailure(ExitCodes.INTERNAL_ERROR, n + " runner(s): run " + run.runId() + " ended without a Finished event");
        }
        return new Measurement(n, run.runId(), tally, load);
      }
    }
  }

  /** The one-runner measurement, the reference of the ideal; null until it is measured (or when it is not asked for). */
  private static Measurement reference(List<Measurement> results) {
    return results.stream().filter(m -> m.runners() == 1).findFirst().orElse(null);
  }

  /** What the ideal cluster would take: the one-runner time shared evenly over the runners. */
  private static Double idealMs(Measurement m, Measurement one, java.util.function.ToDoubleFunction<Measurement> phase) {
    return one == null ? null : phase.applyAsDouble(one) / m.runners();
  }

  /** Of the runners' time during the run, the share spent running trials. */
  private double busy(Measurement m) {
    return m.tally().trials() * trialSeconds * 1000 / (m.runners() * m.wallMs());
  }

  static String header() {
    return String.format(Locale.ROOT, "%7s %7s %9s %9s %10s %11s %13s %9s %6s %6s  %s", "runners", "trials", "wall_s", "ideal_s", "efficiency",
        "baseline_s", "generations_s", "gen_eff", "busy", "load", "trials by node");
  }

  private String row(Measurement m, Measurement one) {
    Double ideal = idealMs(m, one, Measurement::wallMs);
    Double genIdeal = idealMs(m, one, Measurement::generationsMs);
    return String.format(Locale.ROOT, "%7d %7d %9.2f %9s %10s %11.2f %13.2f %9s %6.3f %6.1f  %s", m.runners(), m.tally().trials(), m.wallMs() / 1000,
        ideal == null ? "-" : String.format(Locale.ROOT, "%.2f", ideal / 1000),
        ideal == null ? "-" : String.format(Locale.ROOT, "%.3f", ideal / m.wallMs()),
        m.baselineMs() / 1000, m.generationsMs() / 1000,
        genIdeal == null ? "-" : String.format(Locale.ROOT, "%.3f", genIdeal / m.generationsMs()),
        busy(m), m.loadBefore(), m.tally().trialsByNode().values());
  }

  private Map<String, Object> document(Instant started, String nodeClass, List<Measurement> results) {
    Map<String, Object> doc = BenchSupport.document("bench_scaling.v1", started, nodeClass);
    Map<String, Object> campaign = new LinkedHashMap<>();
    campaign.put("kind", "sim");
    campaign.put("regimes", BenchSimConfig.REGIMES);
    campaign.put("trial_s", trialSeconds);
    campaign.put("warmup_s", 0);
    campaign.put("trial_delay_s", 0);
    campaign.put("population", population);
    campaign.put("generations", generations);
    campaign.put("trials_per_regime", trials);
    campaign.put("seed", seed);
    campaign.put("slots_per_runner", 1);
    campaign.put("warmup", warmupGenerations == 0 ? "none: cold nodes"
        : "before the measured run, each cluster ran " + warmupGenerations + " generation(s) of population " + WARMUP_POPULATION
            + " with zero-second trials, not measured");
    doc.put("campaign", campaign);
    doc.put("times_from", "journal timestamps written by the run's coordinator: wall = Started to Finished, baseline = Started to"
        + " BaselinesFixed, generations = first GenerationProposed to last GenerationCompleted");
    doc.put("ideal", "the one-runner time divided by the runner count; efficiency = ideal / measured");
    Measurement one = reference(results);
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Measurement m : results) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("runners", m.runners());
      r.put("run_id", m.runId());
      r.put("trials", m.tally().trials());
      r.put("baseline_trials", m.tally().baselineTrials());
      r.put("failed_trials", m.tally().failedTrials());
      r.put("duplicate_trial_ids", m.tally().duplicateTrialIds());
      r.put("trials_by_node", m.tally().trialsByNode());
      r.put("wall_s", BenchSupport.round(m.wallMs() / 1000, 3));
      Double ideal = idealMs(m, one, Measurement::wallMs);
      r.put("ideal_s", ideal == null ? null : BenchSupport.round(ideal / 1000, 3));
      r.put("efficiency", ideal == null ? null : BenchSupport.round(ideal / m.wallMs(), 4));
      r.put("baseline_s", BenchSupport.round(m.baselineMs() / 1000, 3));
      r.put("generations_s", BenchSupport.round(m.generationsMs() / 1000, 3));
      Double genIdeal = idealMs(m, one, Measurement::generationsMs);
      r.put("generations_efficiency", genIdeal == null ? null : BenchSupport.round(genIdeal / m.generationsMs(), 4));
      r.put("trial_seconds_per_runner", BenchSupport.round(m.tally().trials() * trialSeconds / m.runners(), 3));
      r.put("runner_busy_fraction", BenchSupport.round(busy(m), 4));
      r.put("outcome", m.tally().outcome());
      r.put("load_average_1m_before", BenchSupport.round(m.loadBefore(), 2));
      rows.add(r);
    }
    doc.put("results", rows);
    return doc;
  }
}
