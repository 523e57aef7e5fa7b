using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Dream.Cli.Commands;
using Dream.Cluster.Nodes;
using Dream.Cluster.Runs;
using Dream.Core.Config;
using Dream.Core.Packs;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Dream.Cli.Bench;

/// <summary>
/// <c>dream bench throughput</c>: trials per second through the whole pipeline — dispatch, runner, result, journal
/// write, statistics and scoring, the run's files — with simulated trials that take no time, so that all that is
/// measured is Dream's own cost per trial. Each measurement is a real campaign, started the way <c>dream run</c>
/// starts one, on a fresh journal (SQLite under a fresh data directory, or a fresh PostgreSQL database), and is
/// counted from the journal afterwards.
/// </summary>
public static class ThroughputBench
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";
    public const string Both = "both";

    /// <summary>What one invocation asks for.</summary>
    public sealed record Values(CommonValues Common, string? Db, int RunnerNodes, string? PgUrl, IReadOnlyList<int> Slots, int Population,
        int Trials, int Generations, long Seed, int? WarmupGenerations, string? Out, bool Keep, string? Strategy = null, string? Allocation = null)
    {
        /// <summary>The strategy every measured run uses: the run's default unless --strategy names one.</summary>
        public string EffectiveStrategy => Strategy ?? Dream.Core.Evolution.EvolutionParams.Default.Strategy;

        public string EffectiveAllocation => BenchAllocation.Effective(Allocation);

        public Dream.Core.Racing.RaceSettings? Race => BenchAllocation.Race(Allocation);
    }

    /// <summary>One measurement: a finished campaign and what its journal holds.</summary>
    public sealed record Measurement(string Db, int Slots, int RunnerNodes, string RunId, JournalTally Tally, long DriveMs, Local? LocalView,
        long? Snapshots, string? SnapshotsUnmeasured, long CpuMs, double? LoadBefore, IReadOnlyList<KeyValuePair<string, long>> CpuByThreads,
        DateTimeOffset DriveEnd);

    /// <summary>What the executor saw, when the trials ran in this process.</summary>
    public sealed record Local(double ExecutorMs, double IdleMs, long LongGaps, double LongGapsMs);

    public static Command Create()
    {
        var command = new Command("throughput", string.Join("\n",
            "Trials per second and per-trial overhead of the whole pipeline (dispatch, runner, journal, scoring),",
            "with zero-second sim trials, on the SQLite journal and on PostgreSQL, in this process or across runner",
            "nodes (--runner-nodes). The sim config is generated; --config-dir is not used. Results: a table,",
            "and JSON in --out."));
        var common = new CommonOptions(command);
        var db = Options.Text("--db", "DB",
            "sqlite, postgres or both (default: both; postgres with --runner-nodes, as a multi-node cluster journals there)."
            + " h2, the Java tree's embedded journal, is accepted as another name for sqlite.");
        var runnerNodes = Options.Int("--runner-nodes",
            "0: the trials run in this process, as with dream run (default). N > 0: this process is the only coordinator and"
            + " the trials run on N runner nodes (dream node --roles runner processes of this build on this machine, joined over"
            + " loopback), so that every trial crosses the cluster; needs PostgreSQL.", "N");
        var pgUrl = Options.Text("--pg-url", "URL",
            "PostgreSQL journal database, postgresql://USER[:PASSWORD]@HOST:PORT/DB (password also from $DREAM_DB_PASSWORD)."
            + " Default: a fresh database on 127.0.0.1:5432 (user postgres), created for each measurement and dropped after it.");
        var slots = Options.List("--slots", "N", "Trial slots of the runner (dream.runner.slots); a list measures each (default: 1).");
        var population = Options.Int("--population", "Candidates per generation (default: 50).");
        var trials = Options.Int("--trials", "Trials per candidate and regime (default: 10).");
        var generations = Options.Int("--generations",
            "Generations (default: 25; with the other defaults about 20,000 trials, as some candidates repeat earlier ones and are not measured again).");
        var seed = Options.Long("--seed", "Seed of the runs (default: 1).");
        var warmup = Options.Int("--warmup-generations",
            "Generations of a campaign on SQLite run first and reported apart, so that the JIT has compiled the pipeline before"
            + " anything is timed (default: as many as --generations; 0: none, and the first measurement includes the JIT's work).", "N");
        var @out = Options.Text("--out", "FILE", "JSON results (default: <data>/bench/throughput-<UTC time>.json).");
        var keep = Options.Flag("--keep", "Keep each measurement's data directory (journal and run files) under <data>/bench/.");
        var strategy = Options.Text("--strategy", "tpe|ga|cmaes", "The strategy of the measured runs (default: dream run's, tpe).");
        var allocation = Options.Text("--allocation", "full|race",
            "full (default): every candidate every trial, so that every run measures the same number of trials; race: as dream run's default.");
        foreach (var o in new Option[] { db, runnerNodes, pgUrl, slots, population, trials, generations, seed, warmup, @out, keep, strategy, allocation })
            command.Add(o);
        command.SetAction(r => Call(new Values(common.Read(r), r.GetValue(db), r.GetValue(runnerNodes) ?? 0, r.GetValue(pgUrl),
                Ints("--slots", r.GetValue(slots), 1), r.GetValue(population) ?? 50, r.GetValue(trials) ?? 10, r.GetValue(generations) ?? 25,
                r.GetValue(seed) ?? 1, r.GetValue(warmup), r.GetValue(@out), r.GetValue(keep), r.GetValue(strategy), r.GetValue(allocation)),
            r.InvocationConfiguration.Output, r.InvocationConfiguration.Error));
        return command;
    }

    /// <summary>The integers of a list option, or <paramref name="fallback"/> alone when it is absent; a non-integer is exit 2.</summary>
    public static IReadOnlyList<int> Ints(string name, IReadOnlyList<string>? values, params int[] fallback)
    {
        if (values is null || values.Count == 0) return fallback;
        var list = new List<int>();
        foreach (var v in values)
        {
            if (!int.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
                throw new CommandFailure(ExitCodes.Usage, "Invalid value for option '" + name + "': '" + v + "' is not an int");
            list.Add(n);
        }
        return list;
    }

    /// <summary>sqlite, postgres or both; h2 (the Java tree's embedded journal) means sqlite.</summary>
    public static string? ParseDb(string? db) => db?.ToLowerInvariant() switch
    {
        null => null,
        "sqlite" or "h2" => Sqlite,
        "postgres" or "postgresql" => Postgres,
        "both" => Both,
        _ => throw new CommandFailure(ExitCodes.Usage, "--db must be sqlite, postgres or both (h2 means sqlite); got '" + db + "'"),
    };

    public static int Call(Values v, TextWriter stdout, TextWriter err)
    {
        if (v.Population < 2) throw new CommandFailure(ExitCodes.Usage, "--population must be at least 2 (got " + v.Population + ")");
        if (v.Trials < 1) throw new CommandFailure(ExitCodes.Usage, "--trials must be at least 1 (got " + v.Trials + ")");
        if (v.WarmupGenerations is < 0) throw new CommandFailure(ExitCodes.Usage, "--warmup-generations must be 0 or more");
        if (v.Generations < 1) throw new CommandFailure(ExitCodes.Usage, "--generations must be at least 1 (got " + v.Generations + ")");
        foreach (var s in v.Slots)
            if (s < 1) throw new CommandFailure(ExitCodes.Usage, "--slots must be at least 1 (got " + s + ")");
        if (v.RunnerNodes < 0) throw new CommandFailure(ExitCodes.Usage, "--runner-nodes must be 0 or more (got " + v.RunnerNodes + ")");
        if (!CampaignOptions.Strategies.Contains(v.EffectiveStrategy))
            throw new CommandFailure(ExitCodes.Usage, "--strategy must be one of " + string.Join(", ", CampaignOptions.Strategies) + " (got '" + v.Strategy + "')");
        BenchAllocation.Race(v.Allocation); // exit 2 for an allocation other than full or race
        var db = ParseDb(v.Db) ?? (v.RunnerNodes > 0 ? Postgres : Both);
        if (v.RunnerNodes > 0 && db != Postgres)
        {
            throw new CommandFailure(ExitCodes.Usage, "--runner-nodes needs the PostgreSQL journal (a multi-node cluster's coordinators share it);"
                + " use --db postgres, or leave --db out");
        }
        return new Run(v, stdout, err).Execute(db);
    }

    /// <summary>One invocation's measurements, in order.</summary>
    private sealed class Run(Values v, TextWriter stdout, TextWriter err)
    {
        private readonly List<Measurement> results = new();
        private readonly List<Dictionary<string, object?>> skipped = new();

        public int Execute(string db)
        {
            var data = Campaign.DataDir(v.Common).Dir;
            var benchDir = Directory.CreateDirectory(Path.Combine(data, "bench")).FullName;
            var started = DateTimeOffset.UtcNow;
            var outFile = v.Out ?? Path.Combine(benchDir, "throughput-" + BenchSupport.FileTime(started) + ".json");
            var work = Directory.CreateDirectory(Path.Combine(benchDir, "throughput-work-" + Path.GetRandomFileName().Replace(".", ""))).FullName;
            var warmup = new Dictionary<string, object?>();
            var nodeClass = Commands.Trials.NodeClass();
            try
            {
                var config = BenchSimConfig.Load(Path.Combine(work, "config"), v.Trials, 0);
                stdout.WriteLine(string.Format(CultureInfo.InvariantCulture,
                    "dream bench throughput: sim domain, {7}, {8} allocation, population {0}, {1} trials x {2} regimes, {3} generations (at most {4:N0} trials per run), seed {5}, {6}",
                    v.Population, v.Trials, BenchSimConfig.Regimes, v.Generations, MaxTrials(), v.Seed,
                    v.RunnerNodes == 0 ? "trials in this process" : "trials on " + v.RunnerNodes + " runner node(s)", v.EffectiveStrategy, v.EffectiveAllocation));
                stdout.Flush();
                var warmupGens = v.WarmupGenerations ?? v.Generations;
                warmup["generations"] = warmupGens;
                if (v.RunnerNodes > 0)
                {
                    // Fresh runner processes per measurement: each cluster warms itself up with a run of its own first.
                    warmup["where"] = "a run on each measurement's own cluster and database, before the measured run";
                }
                else if (warmupGens > 0)
                {
                    // The same campaign, cold: what a fresh process manages before the JIT has caught up.
                    var w = MeasureSqlite(work, config, nodeClass, v.Slots[0], warmupGens, "warm-up");
                    var wall = WallS(w);
                    warmup["db"] = Sqlite;
                    warmup["slots"] = w.Slots;
                    warmup["trials"] = w.Tally.Trials;
                    warmup["wall_s"] = BenchSupport.Round(wall, 3);
                    warmup["trials_per_s"] = BenchSupport.RoundOrNull(w.Tally.Trials / wall, 1);
                    stdout.WriteLine(string.Format(CultureInfo.InvariantCulture,
                        "warm-up (cold process, reported apart): {0} trials on sqlite in {1:F2} s, {2:F1} trials/s", w.Tally.Trials, wall, w.Tally.Trials / wall));
                    stdout.Flush();
                }
                foreach (var which in db == Both ? new[] { Sqlite, Postgres } : new[] { db })
                {
                    foreach (var n in v.Slots.Distinct())
                    {
                        var m = which == Sqlite
                            ? MeasureSqlite(work, config, nodeClass, n, v.Generations, Sqlite)
                            : MeasurePostgres(work, config, nodeClass, n, v.RunnerNodes > 0 ? warmupGens : 0);
                        if (m == null) break; // PostgreSQL unreachable: the other slot settings would be skipped too
                        results.Add(m);
                        stdout.WriteLine(Row(m));
                        stdout.Flush();
                    }
                }
            }
            finally
            {
                if (!v.Keep) BenchSupport.DeleteTree(work);
            }
            Json.WriteAtomically(outFile, Document(started, nodeClass, warmup));
            stdout.WriteLine();
            stdout.WriteLine(Header());
            foreach (var m in results) stdout.WriteLine(Row(m));
            foreach (var s in skipped) stdout.WriteLine(s["db"] + ": skipped, " + s["reason"]);
            stdout.WriteLine("results: " + Path.GetFullPath(outFile));
            if (v.Keep) stdout.WriteLine("data directories kept under " + work);
            stdout.Flush();
            foreach (var m in results)
            {
                if (m.Tally.DuplicateTrialIds > 0)
                {
                    throw new CommandFailure(ExitCodes.InternalError, m.Db + " slots " + m.Slots + ": the journal holds "
                        + m.Tally.DuplicateTrialIds + " trial id(s) more than once; exactly-once recording is broken");
                }
            }
            return results.Count == 0 ? ExitCodes.Infrastructure : ExitCodes.Ok;
        }

        private long MaxTrials() => ((long)v.Generations * v.Population + 1) * BenchSimConfig.Regimes * v.Trials;

        private Measurement MeasureSqlite(string work, DreamConfig config, string nodeClass, int n, int gens, string label)
        {
            var dir = DataDirFor(work, label, n);
            var hocon = Path.Combine(work, label + "-slots" + n + ".conf");
            File.WriteAllText(hocon, Settings(n) + "dream.db.url = " + BenchSupport.Quote("sqlite:" + Path.Combine(dir, "journal", "dream.db")) + "\n",
                new UTF8Encoding(false));
            return Measure(label, dir, hocon, config, nodeClass, n, gens, 0);
        }

        private Measurement? MeasurePostgres(string work, DreamConfig config, string nodeClass, int n, int warmupGens)
        {
            BenchDatabase pg;
            try
            {
                pg = BenchDatabase.Open(v.PgUrl);
            }
            catch (BenchDatabase.Unreachable e)
            {
                var reason = "PostgreSQL unreachable at " + BenchDatabase.Where(v.PgUrl) + ": " + e.Message;
                err.WriteLine("dream bench throughput: " + reason + "; skipping the PostgreSQL measurements (start it, or pass --pg-url)");
                err.Flush();
                skipped.Add(new Dictionary<string, object?> { ["db"] = Postgres, ["reason"] = reason });
                return null;
            }
            using (pg)
            {
                var dir = DataDirFor(work, Postgres, n);
                var hocon = Path.Combine(work, "postgres-slots" + n + ".conf");
                File.WriteAllText(hocon, Settings(n) + pg.Hocon(), new UTF8Encoding(false));
                return Measure(Postgres, dir, hocon, config, nodeClass, n, v.Generations, warmupGens);
            }
        }

        private static string Settings(int slots) => "dream.runner.slots = " + slots + "\n";

        private static string DataDirFor(string work, string label, int slots)
        {
            try
            {
                return DataDir.Open(Path.Combine(work, label + "-slots" + slots));
            }
            catch (DataDir.Rejected e)
            {
                throw new InvalidOperationException(e.Message, e);
            }
        }

        /// <summary>
        /// One campaign on a fresh journal and a fresh cluster, driven exactly as <c>dream run</c> drives one; first, when
        /// <paramref name="warmupGens"/> &gt; 0, a warm-up run on the same cluster, not measured.
        /// </summary>
        private Measurement Measure(string dbName, string dir, string hocon, DreamConfig config, string nodeClass, int n, int gens, int warmupGens)
        {
            var hoconFiles = new List<string>(v.Common.HoconFiles()) { hocon }; // last: the bench's journal and slots win over the user's files
            using var cluster = BenchCluster.Start(dir, hoconFiles, nodeClass, v.RunnerNodes);
            var node = cluster.Node;
            if (warmupGens > 0)
            {
                err.Write(dbName + ", " + n + " slot(s), warm-up: ");
                err.Flush();
                Campaign.Drive(node, dir, cluster.CreateRun(config, BenchSimConfig.Warmup, v.Population, warmupGens, v.Seed + 1, nodeClass, v.Strategy, v.Race), false,
                    TextWriter.Null, err);
            }
            err.Write(dbName + ", " + n + " slot(s): ");
            err.Flush();
            var run = cluster.CreateRun(config, BenchSimConfig.Domain, v.Population, gens, v.Seed, nodeClass, v.Strategy, v.Race);
            var executor = cluster.Executor;
            var load = BenchSupport.LoadAverage();
            var cpu0 = BenchSupport.ProcessCpu();
            var threads = ThreadCpu.Start();
            var clock = Stopwatch.StartNew();
            // The run's own summary is not what the bench reports; its progress still shows on stderr.
            Campaign.Drive(node, dir, run, false, TextWriter.Null, err);
            var driveMs = clock.ElapsedMilliseconds;
            var driveEnd = DateTimeOffset.UtcNow;
            var cpuMs = (long)(BenchSupport.ProcessCpu() - cpu0).TotalMilliseconds;
            var byThreads = threads.SinceStart();
            var tally = JournalTally.Read(node.System, run.RunId, BenchSimConfig.Domain);
            if (tally.Phases.Started is null || tally.Phases.LastRecorded is null)
            {
                throw new CommandFailure(ExitCodes.InternalError, dbName + " slots " + n + ": run " + run.RunId
                    + " left no Started or no TrialsRecorded event in its journal (" + tally.Events + " events, outcome " + (tally.Outcome ?? "none") + ")");
            }
            var (snapshots, snapshotsWhy) = Snapshots(node, run.RunId);
            var local = executor == null ? null : new Local(executor.MeanMsInside(), executor.IdleMsPerTrial(), executor.LongGaps(), executor.LongGapsMs());
            return new Measurement(dbName, n, cluster.RunnerNodes, run.RunId, tally, driveMs, local, snapshots, snapshotsWhy, cpuMs, load, byThreads, driveEnd);
        }

        /// <summary>Snapshots of the domain's coordinator in the journal database; null, and why, when the query fails.</summary>
        private static (long? Count, string? Why) Snapshots(DreamNode node, string runId)
        {
            var c = node.System.Settings.Config;
            const string store = "akka.persistence.snapshot-store.sql";
            var mapping = c.GetString(store + ".table-mapping", "default");
            var table = c.GetString($"{store}.{mapping}.snapshot.table-name", "snapshot");
            var column = c.GetString($"{store}.{mapping}.snapshot.columns.persistence-id", "persistence_id");
            var schema = c.GetString($"{store}.{mapping}.schema-name", null);
            var qualified = (string.IsNullOrEmpty(schema) || schema == "null" ? "" : "\"" + schema + "\".") + "\"" + table + "\"";
            var sql = "SELECT count(*) FROM " + qualified + " WHERE \"" + column + "\" = @pid";
            var pid = DomainCoordinator.PersistenceIdOf(runId, BenchSimConfig.Domain);
            try
            {
                var target = NodeConfig.Journal(c);
                if (target.Postgres)
                {
                    using var conn = new NpgsqlConnection(target.ConnectionString);
                    conn.Open();
                    using var cmd = new NpgsqlCommand(sql, conn);
                    cmd.Parameters.AddWithValue("pid", pid);
                    return (Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture), null);
                }
                using (var conn = new SqliteConnection(target.ConnectionString))
                {
                    conn.Open();
                    using var cmd = conn.CreateCommand();
                    cmd.CommandText = sql;
                    cmd.Parameters.AddWithValue("@pid", pid);
                    return (Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture), null);
                }
            }
            catch (Exception e) when (e is NpgsqlException or SqliteException or InvalidOperationException or InfrastructureException)
            {
                return (null, "the snapshot count query failed: " + e.Message);
            }
        }

        private Dictionary<string, object?> Document(DateTimeOffset started, string nodeClass, Dictionary<string, object?> warmup)
        {
            var doc = BenchSupport.Document("bench_throughput.v1", started, nodeClass);
            doc["workload"] = new Dictionary<string, object?>
            {
                ["kind"] = "sim",
                ["regimes"] = BenchSimConfig.Regimes,
                ["warmup_s"] = 0,
                ["trial_delay_s"] = 0,
                ["duration_s"] = 0,
                ["seed"] = v.Seed,
            };
            doc["runner_nodes"] = v.RunnerNodes;
            doc["strategy"] = v.EffectiveStrategy;
            doc["allocation"] = v.EffectiveAllocation;
            doc["wall_from"] = "the run's Started event to its last TrialsRecorded event (journal timestamps)";
            doc["warmup"] = warmup;
            doc["results"] = results.Select(Result).ToList();
            doc["skipped"] = skipped;
            return doc;
        }

        private Dictionary<string, object?> Result(Measurement m)
        {
            var t = m.Tally;
            var wall = WallS(m);
            var l = m.LocalView;
            var finished = t.Phases.Finished;
            var r = new Dictionary<string, object?>
            {
                ["db"] = m.Db,
                ["slots"] = m.Slots,
                ["runner_nodes"] = m.RunnerNodes,
                ["population"] = v.Population,
                ["trials_per_regime"] = v.Trials,
                ["regimes"] = BenchSimConfig.Regimes,
                ["generations"] = v.Generations,
                ["run_id"] = m.RunId,
                ["trials"] = t.Trials,
                ["trials_planned"] = t.Planned(BenchSimConfig.Regimes, v.Trials),
                ["baseline_trials"] = t.BaselineTrials,
                ["failed_trials"] = t.FailedTrials,
                ["duplicate_trial_ids"] = t.DuplicateTrialIds,
                ["candidates_measured"] = t.CandidatesMeasured,
                ["candidates_reused"] = t.CandidatesReused,
                ["wall_s"] = BenchSupport.Round(wall, 3),
                ["trials_per_s"] = BenchSupport.RoundOrNull(t.Trials / wall, 1),
                ["overhead_ms_per_trial"] = BenchSupport.RoundOrNull(1000 * wall / t.Trials, 4),
                ["trials_by_node"] = t.TrialsByNode,
                // Seen by the executor, so known only when the trials ran in this process.
                ["executor_ms_per_trial"] = l == null ? null : BenchSupport.Round(l.ExecutorMs, 4),
                ["runner_idle_ms_per_trial"] = l == null ? null : BenchSupport.Round(l.IdleMs, 4),
                ["runner_idle_gaps_over_5ms"] = l?.LongGaps,
                ["runner_idle_gaps_over_5ms_s"] = l == null ? null : BenchSupport.Round(l.LongGapsMs / 1000, 3),
                ["cpu_ms_per_trial"] = BenchSupport.RoundOrNull((double)m.CpuMs / t.Trials, 4),
                ["cpu_measured_in"] = m.RunnerNodes == 0 ? "this process (coordinator and runner)" : "this process (coordinator only)",
                ["cpu_ms_by_thread_group"] = m.CpuByThreads,
                ["run_s"] = BenchSupport.Round(m.DriveMs / 1000.0, 3),
                ["to_finished_s"] = finished == null ? null : BenchSupport.Round((finished.Value - t.Phases.Started!.Value).TotalSeconds, 3),
                // How long after the run's last event the run's files were all written (the projection catching up).
                ["projection_lag_s"] = finished == null ? null : BenchSupport.Round((m.DriveEnd - finished.Value).TotalSeconds, 3),
                ["outcome"] = t.Outcome,
                ["journal_events"] = t.Events,
                ["journal_trial_writes"] = t.TrialWrites,
                ["trials_per_write"] = BenchSupport.Round((double)t.Trials / Math.Max(1, t.TrialWrites), 2),
                ["snapshots"] = m.Snapshots,
                ["load_average_1m_before"] = m.LoadBefore is { } load ? BenchSupport.Round(load, 2) : null,
            };
            // Figures this platform or this measurement could not give: null above, and why here.
            var unmeasured = new Dictionary<string, object?>();
            if (m.SnapshotsUnmeasured != null) unmeasured["snapshots"] = m.SnapshotsUnmeasured;
            if (m.LoadBefore == null) unmeasured["load_average_1m_before"] = "this platform has no /proc/loadavg";
            if (unmeasured.Count > 0) r["unmeasured"] = unmeasured;
            return r;
        }
    }

    /// <summary>From the run's Started event to its last trial recorded, both stamped as the coordinator's writes reached the journal.</summary>
    public static double WallS(Measurement m) => (m.Tally.Phases.LastRecorded!.Value - m.Tally.Phases.Started!.Value).TotalSeconds;

    public static string Header() => string.Join(" ", "db".PadRight(9), "slots".PadLeft(5), "runners".PadLeft(7), "trials".PadLeft(8),
        "wall_s".PadLeft(8), "trials/s".PadLeft(9), "ms/trial".PadLeft(9), "exec_ms".PadLeft(9), "idle_ms".PadLeft(9), "cpu_ms".PadLeft(9),
        "writes".PadLeft(7), "load".PadLeft(6));

    public static string Row(Measurement m)
    {
        var wall = WallS(m);
        var t = m.Tally.Trials;
        return string.Join(" ", m.Db.PadRight(9), m.Slots.ToString(CultureInfo.InvariantCulture).PadLeft(5),
            (m.RunnerNodes == 0 ? "local" : m.RunnerNodes.ToString(CultureInfo.InvariantCulture)).PadLeft(7),
            t.ToString(CultureInfo.InvariantCulture).PadLeft(8), BenchSupport.Fixed(wall, 2).PadLeft(8),
            BenchSupport.Fixed(t / wall, 1).PadLeft(9), BenchSupport.Fixed(1000 * wall / t, 3).PadLeft(9),
            (m.LocalView == null ? "-" : BenchSupport.Fixed(m.LocalView.ExecutorMs, 3)).PadLeft(9),
            (m.LocalView == null ? "-" : BenchSupport.Fixed(m.LocalView.IdleMs, 3)).PadLeft(9),
            BenchSupport.Fixed((double)m.CpuMs / t, 3).PadLeft(9), m.Tally.TrialWrites.ToString(CultureInfo.InvariantCulture).PadLeft(7),
            (m.LoadBefore is { } load ? BenchSupport.Fixed(load, 1) : "-").PadLeft(6));
    }
}
