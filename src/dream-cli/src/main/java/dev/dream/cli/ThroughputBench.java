package dev.dream.cli;

import dev.dream.cluster.node.DataDir;
import dev.dream.cluster.node.DreamNode;
import dev.dream.cluster.run.RunSpec;
import dev.dream.core.config.DreamConfig;
import dev.dream.core.pack.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dream bench throughput}: trials per second through the whole pipeline — dispatch, runner, result,
 * journal write, statistics and scoring, the run's files — with simulated trials that take no time, so
 * that all that is measured is Dream's own cost per trial. Each measurement is a real campaign, started
 * the way {@code dream run} starts one, on a fresh journal (H2 under a fresh data directory, or a fresh
 * PostgreSQL database), and is counted from the journal afterwards.
 */
@Command(name = "throughput", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
      "Trials per second and per-trial overhead of the whole pipeline (dispatch, runner, journal, scoring),",
      "with zero-second sim trials, on the H2 journal and on PostgreSQL, in this process or across runner",
      "nodes (--runner-nodes). The sim config is generated; --config-dir is not used. Results: a table,",
      "and JSON in --out."})
final class ThroughputBench implements Callable<Integer> {
  enum Db { h2, postgres, both }

  @Spec CommandSpec spec;
  @Mixin CommonOptions common;

  @Option(names = "--db", description = "h2, postgres or both (default: both; postgres with --runner-nodes, as a multi-node cluster journals there).")
  Db db;

  @Option(names = "--runner-nodes", paramLabel = "N",
      description = "0: the trials run in this process, as with dream run (default). N > 0: this process is the only coordinator and"
          + " the trials run on N runner nodes (dream node --roles runner JVMs on this machine, joined over loopback), so that"
          + " every trial crosses the cluster; needs PostgreSQL.", defaultValue = "0")
  int runnerNodes;

  @Option(names = "--pg-url", paramLabel = "JDBC_URL",
      description = "PostgreSQL journal database, e.g. jdbc:postgresql://HOST:5432/DB?user=U (password: $DREAM_DB_PASSWORD)."
          + " Default: a fresh database on 127.0.0.1:5432 (user postgres), created for each measurement and dropped after it.")
  String pgUrl;

  @Option(names = "--slots", split = ",", paramLabel = "N",
      description = "Trial slots of the runner (dream.runner.slots); a list measures each (default: ${DEFAULT-VALUE}).",
      defaultValue = "1")
  List<Integer> slots;

  @Option(names = "--population", description = "Candidates per generation (default: ${DEFAULT-VALUE}).", defaultValue = "50")
  int population;

  @Option(names = "--trials", description = "Trials per candidate and regime (default: ${DEFAULT-VALUE}).", defaultValue = "10")
  int trials;

  @Option(names = "--generations", description = "Generations (default: ${DEFAULT-VALUE}; with the other defaults about 20,000 trials, as some candidates repeat earlier ones and are not measured again).",
      defaultValue = "25")
  int generations;

  @Option(names = "--seed", description = "Seed of the runs (default: ${DEFAULT-VALUE}).", defaultValue = "1")
  long seed;

  @Option(names = "--warmup-generations",
      description = "Generations of a campaign on H2 run first and reported apart, so that the JIT has compiled the"
          + " pipeline before anything is timed (default: as many as --generations; 0: none, and the first"
          + " measurement includes the JIT's work).")
  Integer warmupGenerations;

  @Option(names = "--out", paramLabel = "FILE", description = "JSON results (default: <data>/bench/throughput-<UTC time>.json).")
  Path out;

  @Option(names = "--keep", description = "Keep each measurement's data directory (journal and run files) under <data>/bench/.")
  boolean keep;

  /** One measurement: a finished campaign and what its journal holds. */
  record Measurement(String db, int slots, int runnerNodes, String runId, JournalTally tally, long driveMs, Local local,
      long snapshots, long cpuMs, double loadBefore, Map<String, Long> cpuByThreads, long driveEndMs) {}

  /** What the executor saw, when the trials ran in this process. */
  record Local(double executorMs, double idleMs, long longGaps, double longGapsMs) {}

  @Override
  public Integer call() throws Exception {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (population < 2) throw new CommandFailure(ExitCodes.USAGE, "--population must be at least 2 (got " + population + ")");
    if (trials < 1) throw new CommandFailure(ExitCodes.USAGE, "--trials must be at least 1 (got " + trials + ")");
    if (warmupGenerations != null && warmupGenerations < 0) throw new CommandFailure(ExitCodes.USAGE, "--warmup-generations must be 0 or more");
    if (generations < 1) throw new CommandFailure(ExitCodes.USAGE, "--generations must be at least 1 (got " + generations + ")");
    for (int s : slots) if (s < 1) throw new CommandFailure(ExitCodes.USAGE, "--slots must be at least 1 (got " + s + ")");
    if (runnerNodes < 0) throw new CommandFailure(ExitCodes.USAGE, "--runner-nodes must be 0 or more (got " + runnerNodes + ")");
    if (db == null) db = runnerNodes > 0 ? Db.postgres : Db.both;
    if (runnerNodes > 0 && db != Db.postgres) {
      throw new CommandFailure(ExitCodes.USAGE, "--runner-nodes needs the PostgreSQL journal (a multi-node cluster's coordinators share it);"
          + " use --db postgres, or leave --db out");
    }

    Path data = Campaign.dataDir(common).dir();
    Path benchDir = Files.createDirectories(data.resolve("bench"));
    Instant started = Instant.now();
    Path outFile = out != null ? out : benchDir.resolve("throughput-" + BenchSupport.FILE_TIME.format(started) + ".json");
    Path work = Files.createTempDirectory(benchDir, "throughput-work-");
    DreamConfig config = BenchSimConfig.load(work.resolve("config"), trials, 0);
    String nodeClass = Trials.nodeClass();

    stdout.printf(Locale.ROOT, "dream bench throughput: sim domain, population %d, %d trials x %d regimes, %d generations"
        + " (at most %,d trials per run), seed %d, %s%n", population, trials, BenchSimConfig.REGIMES, generations, maxTrials(), seed,
        runnerNodes == 0 ? "trials in this process" : "trials on " + runnerNodes + " runner node(s)");
    stdout.flush();
    List<Measurement> results = new ArrayList<>();
    List<Map<String, Object>> skipped = new ArrayList<>();
    Map<String, Object> warmup = new LinkedHashMap<>();
    try {
      int warmupGens = warmupGenerations != null ? warmupGenerations : generations;
      warmup.put("generations", warmupGens);
      if (runnerNodes > 0) {
        // Fresh runner JVMs per measurement: each cluster warms itself up with a run of its own first.
        warmup.put("where", "a run on each measurement's own cluster and database, before the measured run");
      } else if (warmupGens > 0) {
        // The same campaign, cold: what a fresh process manages before the JIT has caught up.
        Measurement w = measureH2(work, config, nodeClass, slots.get(0), warmupGens, 0, "warm-up", err);
        warmup.put("db", "h2");
        warmup.put("slots", w.slots());
        warmup.put("trials", w.tally().trials());
        warmup.put("wall_s", BenchSupport.round(wallS(w), 3));
        warmup.put("trials_per_s", BenchSupport.round(w.tally().trials() / wallS(w), 1));
        stdout.printf(Locale.ROOT, "warm-up (cold JVM, reported apart): %d trials on h2 in %.2f s, %.1f trials/s%n",
            w.tally().trials(), wallS(w), w.tally().trials() / wallS(w));
        stdout.flush();
      }
      for (String which : db == Db.both ? List.of("h2", "postgres") : List.of(db.name())) {
        for (int n : new LinkedHashSet<>(slots)) {
          Measurement m = "h2".equals(which)
              ? measureH2(work, config, nodeClass, n, generations, 0, "h2", err)
              : measurePostgres(work, config, nodeClass, n, runnerNodes > 0 ? warmupGens : 0, err, skipped);
          if (m == null) break; // PostgreSQL unreachable: the other slot settings would be skipped too
          results.add(m);
          stdout.println(row(m));
          stdout.flush();
        }
      }
    } finally {
      if (!keep) BenchSupport.deleteTree(work);
    }
    Files.createDirectories(outFile.toAbsolutePath().getParent());
    Json.writeAtomically(outFile, document(started, nodeClass, warmup, results, skipped));
    stdout.println();
    stdout.println(header());
    results.forEach(m -> stdout.println(row(m)));
    for (Map<String, Object> s : skipped) stdout.println(s.get("db") + ": skipped, " + s.get("reason"));
    stdout.println("results: " + outFile);
    if (keep) stdout.println("data directories kept under " + work);
    stdout.flush();
    for (Measurement m : results) {
      if (m.tally().duplicateTrialIds() > 0) {
        throw new CommandFailure(ExitCodes.INTERNAL_ERROR, m.db() + " slots " + m.slots() + ": the journal holds "
            + m.tally().duplicateTrialIds() + " trial id(s) more than once; exactly-once recording is broken");
      }
    }
    return results.isEmpty() ? ExitCodes.INFRASTRUCTURE : ExitCodes.OK;
  }

  private long maxTrials() {
    return (long) (generations * population + 1) * BenchSimConfig.REGIMES * trials;
  }



  private Measurement measureH2(Path work, DreamConfig config, String nodeClass, int n, int gens, int warmupGens, String label, PrintWriter err)
      throws Exception {
    Path dir = dataDirFor(work, label, n);
    Path hocon = work.resolve(label + "-slots" + n + ".conf");
    Files.writeString(hocon, settings(n) + "dream.db.url = \"jdbc:h2:file:" + dir.resolve("journal").resolve("dream")
        + ";DATABASE_TO_UPPER=false;DB_CLOSE_ON_EXIT=FALSE\"\n", StandardCharsets.UTF_8);
    return measure(label, dir, hocon, config, nodeClass, n, gens, warmupGens, err);
  }

  private Measurement measurePostgres(Path work, DreamConfig config, String nodeClass, int n, int warmupGens, PrintWriter err,
      List<Map<String, Object>> skipped) throws Exception {
    BenchDatabase pg;
    try {
      pg = BenchDatabase.open(pgUrl);
    } catch (SQLException e) {
      String reason = "PostgreSQL unreachable at " + BenchDatabase.where(pgUrl) + ": " + e.getMessage();
      err.println("dream bench throughput: " + reason + "; skipping the PostgreSQL measurements (start it, or pass --pg-url)");
      err.flush();
      skipped.add(Map.of("db", "postgres", "reason", reason));
      return null;
    }
    try (pg) {
      Path dir = dataDirFor(work, "postgres", n);
      Path hocon = work.resolve("postgres-slots" + n + ".conf");
      Files.writeString(hocon, settings(n) + pg.hocon(), StandardCharsets.UTF_8);
      return measure("postgres", dir, hocon, config, nodeClass, n, generations, warmupGens, err);
    }
  }

  private static String settings(int slots) {
    return "dream.runner.slots = " + slots + "\n";
  }

  private static Path dataDirFor(Path work, String db, int slots) {
    try {
      return DataDir.open(work.resolve(db + "-slots" + slots));
    } catch (DataDir.Rejected e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  /**
   * One campaign on a fresh journal and a fresh cluster, driven exactly as {@code dream run} drives one; first,
   * when {@code warmupGens} > 0, a warm-up run on the same cluster, not measured.
   */
  private Measurement measure(String dbName, Path dir, Path hocon, DreamConfig config, String nodeClass, int n, int gens, int warmupGens,
      PrintWriter err) throws Exception {
    List<Path> hoconFiles = new ArrayList<>(common.hoconFiles());
    hoconFiles.add(hocon); // last: the bench's journal and slots win over the user's files
    try (BenchCluster cluster = BenchCluster.start(dir, hoconFiles, nodeClass, runnerNodes)) {
      DreamNode node = cluster.node();
      if (warmupGens > 0) {
        err.printf("%s, %d slot(s), warm-up: ", dbName, n);
        err.flush();
        Campaign.drive(node, dir, cluster.createRun(config, BenchSimConfig.WARMUP, population, warmupGens, seed + 1, nodeClass), false,
            new PrintWriter(new StringWriter()), err);
      }
      err.printf("%s, %d slot(s): ", dbName, n);
      err.flush();
      RunSpec run = cluster.createRun(config, BenchSimConfig.DOMAIN, population, gens, seed, nodeClass);
      TimedExecutor executor = cluster.executor();
      double load = BenchSupport.loadAverage();
      long cpu0 = processCpuNanos();
      ThreadCpu threads = ThreadCpu.start();
      long t0 = System.currentTimeMillis();
      // The run's own summary is not what the bench reports; its progress bar still shows on stderr.
      Campaign.drive(node, dir, run, false, new PrintWriter(new StringWriter()), err);
      long driveMs = System.currentTimeMillis() - t0;
      long cpuMs = (processCpuNanos() - cpu0) / 1_000_000;
      Map<String, Long> byThreads = threads.sinceStart();
      JournalTally tally = JournalTally.read(node.system(), run.runId(), BenchSimConfig.DOMAIN);
      long snapshots = snapshots(node, run.runId());
      Local local = executor == null ? null
          : new Local(executor.meanMsInside(), executor.idleMsPerTrial(), executor.longGaps(), executor.longGapsMs());
      return new Measurement(dbName, n, cluster.runnerNodes(), run.runId(), tally, driveMs, local, snapshots, cpuMs, load, byThreads,
          t0 + driveMs);
    }
  }

  /** CPU time of this whole JVM (every thread), or 0 where the platform does not say. */
  private static long processCpuNanos() {
    return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
        ? Math.max(0, os.getProcessCpuTime()) : 0;
  }

  /** Snapshots of the domain's coordinator in the journal database; -1 when the query fails. */
  private static long snapshots(DreamNode node, String runId) {
    var c = node.system().settings().config();
    Properties p = new Properties();
    p.setProperty("user", c.getString("dream.db.user"));
    if (!c.getString("dream.db.password").isEmpty()) p.setProperty("password", c.getString("dream.db.password"));
    try (Connection conn = DriverManager.getConnection(c.getString("dream.db.url"), p);
        PreparedStatement st = conn.prepareStatement("SELECT count(*) FROM snapshot WHERE persistence_id = ?")) {
      st.setString(1, dev.dream.cluster.run.DomainCoordinator.persistenceId(runId, BenchSimConfig.DOMAIN).id());
      try (ResultSet rs = st.executeQuery()) {
        return rs.next() ? rs.getLong(1) : -1;
      }
    } catch (SQLException e) {
      return -1;
    }
  }

  /** From the run's Started event to its last trial recorded, both stamped by the coordinator that wrote them. */
  static double wallS(Measurement m) {
    JournalTally.Phases p = m.tally().phases();
    return (p.lastRecorded().toEpochMilli() - p.started().toEpochMilli()) / 1000.0;
  }

  static String header() {
    return String.format(Locale.ROOT, "%-9s %5s %7s %8s %8s %9s %9s %9s %9s %9s %7s %6s", "db", "slots", "runners", "trials", "wall_s", "trials/s",
        "ms/trial", "exec_ms", "idle_ms", "cpu_ms", "writes", "load");
  }

  static String row(Measurement m) {
    double wall = wallS(m);
    long t = m.tally().trials();
    return String.format(Locale.ROOT, "%-9s %5d %7s %8d %8.2f %9.1f %9.3f %9s %9s %9.3f %7d %6.1f", m.db(), m.slots(),
        m.runnerNodes() == 0 ? "local" : String.valueOf(m.runnerNodes()), t, wall, t / wall, 1000 * wall / t,
        m.local() == null ? "-" : String.format(Locale.ROOT, "%.3f", m.local().executorMs()),
        m.local() == null ? "-" : String.format(Locale.ROOT, "%.3f", m.local().idleMs()),
        (double) m.cpuMs() / t, m.tally().trialWrites(), m.loadBefore());
  }

  private Map<String, Object> document(Instant started, String nodeClass, Map<String, Object> warmup, List<Measurement> results,
      List<Map<String, Object>> skipped) {
    Map<String, Object> doc = BenchSupport.document("bench_throughput.v1", started, nodeClass);
    Map<String, Object> workload = new LinkedHashMap<>();
    workload.put("kind", "sim");
    workload.put("regimes", BenchSimConfig.REGIMES);
    workload.put("warmup_s", 0);
    workload.put("trial_delay_s", 0);
    workload.put("duration_s", 0);
    workload.put("seed", seed);
    doc.put("workload", workload);
    doc.put("runner_nodes", runnerNodes);
    doc.put("wall_from", "the run's Started event to its last TrialsRecorded event (journal timestamps)");
    doc.put("warmup", warmup);
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Measurement m : results) rows.add(result(m));
    doc.put("results", rows);
    doc.put("skipped", skipped);
    return doc;
  }

  private Map<String, Object> result(Measurement m) {
    JournalTally t = m.tally();
    double wall = wallS(m);
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("db", m.db());
    r.put("slots", m.slots());
    r.put("runner_nodes", m.runnerNodes());
    r.put("population", population);
    r.put("trials_per_regime", trials);
    r.put("regimes", BenchSimConfig.REGIMES);
    r.put("generations", generations);
    r.put("run_id", m.runId());
    r.put("trials", t.trials());
    r.put("trials_planned", t.planned(BenchSimConfig.REGIMES, trials));
    r.put("baseline_trials", t.baselineTrials());
    r.put("failed_trials", t.failedTrials());
    r.put("duplicate_trial_ids", t.duplicateTrialIds());
    r.put("candidates_measured", t.candidatesMeasured());
    r.put("candidates_reused", t.candidatesReused());
    r.put("wall_s", BenchSupport.round(wall, 3));
    r.put("trials_per_s", BenchSupport.round(t.trials() / wall, 1));
    r.put("overhead_ms_per_trial", BenchSupport.round(1000 * wall / t.trials(), 4));
    r.put("trials_by_node", t.trialsByNode());
    // Seen by the executor, so known only when the trials ran in this process.
    Local l = m.local();
    r.put("executor_ms_per_trial", l == null ? null : BenchSupport.round(l.executorMs(), 4));
    r.put("runner_idle_ms_per_trial", l == null ? null : BenchSupport.round(l.idleMs(), 4));
    r.put("runner_idle_gaps_over_5ms", l == null ? null : l.longGaps());
    r.put("runner_idle_gaps_over_5ms_s", l == null ? null : BenchSupport.round(l.longGapsMs() / 1000, 3));
    r.put("cpu_ms_per_trial", BenchSupport.round((double) m.cpuMs() / t.trials(), 4));
    r.put("cpu_measured_in", m.runnerNodes() == 0 ? "this process (coordinator and runner)" : "this process (coordinator only)");
    r.put("cpu_ms_by_thread_group", m.cpuByThreads());
    r.put("run_s", BenchSupport.round(m.driveMs() / 1000.0, 3));
    Instant finished = t.phases().finished();
    r.put("to_finished_s", finished == null ? null : BenchSupport.round((finished.toEpochMilli() - t.phases().started().toEpochMilli()) / 1000.0, 3));
    // How long after the run's last event the run's files were all written (the projection catching up).
    r.put("projection_lag_s", finished == null ? null : BenchSupport.round((m.driveEndMs() - finished.toEpochMilli()) / 1000.0, 3));
    r.put("outcome", t.outcome());
    r.put("journal_events", t.events());
    r.put("journal_trial_writes", t.trialWrites());
    r.put("trials_per_write", BenchSupport.round((double) t.trials() / Math.max(1, t.trialWrites()), 2));
    r.put("snapshots", m.snapshots() < 0 ? null : m.snapshots());
    r.put("load_average_1m_before", BenchSupport.round(m.loadBefore(), 2));
    return r;
  }
}
