using System.CommandLine;
using System.Globalization;
using System.Text;
using Dream.Cli.Bench.Recovery;
using Dream.Cli.Commands;
using Dream.Core.Domain;
using Dream.Core.Packs;

namespace Dream.Cli.Bench;

/// <summary>
/// <c>dream bench recovery</c>: the faults a fleet has, one per scenario, each on a fresh cluster of real
/// <c>dream</c> processes on this machine (the journal on a fresh PostgreSQL database), each compared with an
/// undisturbed single-node run of the same seed: the same packs and best.json, every trial id exactly once in the
/// journal. What each scenario measures comes from the journal's write times and the processes' log lines.
/// </summary>
public static class RecoveryBench
{
    /// <summary>One scenario: its letter, name, title and how to run it.</summary>
    public sealed record Scenario(string Letter, string Name, string Title, Func<RecoveryContext, ScenarioResult, ScenarioResult> Run, string Key);

    public static readonly IReadOnlyList<Scenario> All =
    [
        new("a", "runner-killed", "a runner SIGKILLed mid-trial: its trial re-dispatched to another runner", ClusterScenarios.RunnerKilled, "redispatch_s"),
        new("b", "coordinator-killed", "the coordinator's node SIGKILLed (3 nodes): the domain recovered on another node", ClusterScenarios.CoordinatorKilled, "failover_s"),
        new("c", "runner-frozen", "a runner frozen (SIGSTOP) past detection and SBR, then SIGCONT: downed, its result dropped", ClusterScenarios.RunnerFrozen, "downed_s"),
        new("d", "runner-leaves", "a runner's graceful leave (SIGTERM) with a trial in flight: finished there, not re-run", ClusterScenarios.RunnerLeaves, "left_s"),
        new("e", "database-down", "the journal's PostgreSQL stopped mid-run and started again: the run waits and goes on", DatabaseScenario.DatabaseDown, "continue_s"),
        new("f", "disk-full", "the data directory's disk full (tmpfs) in a single-node SQLite run: exit 3, --resume completes", DiskFullScenario.DiskFull, "fill_to_exit_s"),
        new("g", "runner-paused", "a runner paused (SIGSTOP) for a GC-pause-like few seconds: not downed", ClusterScenarios.RunnerPaused, "unreachable_s"),
    ];

    public sealed record Values(CommonValues Common, IReadOnlyList<string> Scenarios, double TrialSeconds, int Population, int Generations, int Trials,
        long Seed, int FreezeSeconds, int PauseSeconds, int DbDownSeconds, string? PgUrl, string? PgCtl, string? Out, bool Keep, int Repeat = 1);

    public static Command Create()
    {
        var command = new Command("recovery", string.Join("\n",
            "Faults, measured: one fault per scenario on a fresh cluster of dream processes on this machine (journal on",
            "PostgreSQL), each run compared with an undisturbed run of the same seed. Scenarios: "
            + string.Join(", ", All.Select(s => s.Letter + " " + s.Name)) + ".",
            "The sim config is generated; --config-dir is not used. Results: a table, and JSON (bench_recovery.v1) in --out."));
        var common = new CommonOptions(command);
        var scenarios = Options.List("--scenarios", "S", "Scenarios by letter or name (default: all): "
            + string.Join(", ", All.Select(s => s.Letter + "=" + s.Name)) + ".");
        var trialSeconds = Options.Text("--trial-seconds", "S", "Length of each sim trial (default: 0.4).");
        var population = Options.Int("--population", "Candidates per generation (default: 6).");
        var generations = Options.Int("--generations", "Generations (default: 4).");
        var trials = Options.Int("--trials", "Trials per candidate and regime (default: 2).");
        var seed = Options.Long("--seed", "Seed of the runs (default: 7).");
        var freeze = Options.Int("--freeze-seconds", "How long scenario c freezes the runner (default: 20; longer than failure detection"
            + " and the Split Brain Resolver's stable-after together).", "S");
        var pause = Options.Int("--pause-seconds", "How long scenario g pauses the runner (default: 3).", "S");
        var dbDown = Options.Int("--db-down-seconds", "How long scenario e keeps PostgreSQL stopped (default: 20).", "S");
        var pgUrl = Options.Text("--pg-url", "URL", "PostgreSQL server for the journals, postgresql://USER[:PASSWORD]@HOST:PORT/DB (password also"
            + " from $DREAM_DB_PASSWORD); each scenario gets a fresh database on it, dropped after. Default: 127.0.0.1:5432 as postgres.");
        var pgCtl = Options.Text("--pg-ctl", "\"VERSION CLUSTER\"", "The pg_ctlcluster cluster of that server (e.g. \"15 recovery\"), which scenario e"
            + " stops and starts; it must listen on --pg-url's port. Without it scenario e is skipped.");
        var @out = Options.Text("--out", "FILE", "JSON results (default: <data>/bench/recovery-<UTC time>.json).");
        var keep = Options.Flag("--keep", "Keep each scenario's directory (every process's log, run files) under <data>/bench/.");
        var repeat = Options.Int("--repeat", "Runs of each scenario, each on a fresh cluster, every result reported (default: 1).");
        foreach (var o in new Option[] { scenarios, trialSeconds, population, generations, trials, seed, freeze, pause, dbDown, pgUrl, pgCtl, @out, keep, repeat })
            command.Add(o);
        command.SetAction(r => Call(new Values(common.Read(r), r.GetValue(scenarios) ?? [], Seconds(r.GetValue(trialSeconds)),
                r.GetValue(population) ?? 6, r.GetValue(generations) ?? 4, r.GetValue(trials) ?? 2, r.GetValue(seed) ?? 7,
                r.GetValue(freeze) ?? 20, r.GetValue(pause) ?? 3, r.GetValue(dbDown) ?? 20, r.GetValue(pgUrl), r.GetValue(pgCtl),
                r.GetValue(@out), r.GetValue(keep), r.GetValue(repeat) ?? 1),
            r.InvocationConfiguration.Output, r.InvocationConfiguration.Error));
        return command;
    }

    private static double Seconds(string? text)
    {
        if (text is null) return 0.4;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var s))
            throw new CommandFailure(ExitCodes.Usage, "Invalid value for option '--trial-seconds': '" + text + "' is not a double");
        return s;
    }

    /// <summary>The scenarios named (by letter or name), in the order of <see cref="All"/>.</summary>
    public static IReadOnlyList<Scenario> Select(IReadOnlyList<string> names)
    {
        if (names.Count == 0) return All;
        var chosen = new HashSet<Scenario>();
        foreach (var n in names)
        {
            var s = All.FirstOrDefault(x => string.Equals(x.Letter, n, StringComparison.OrdinalIgnoreCase) || string.Equals(x.Name, n, StringComparison.OrdinalIgnoreCase))
                ?? throw new CommandFailure(ExitCodes.Usage, "unknown scenario '" + n + "' for --scenarios; known: "
                    + string.Join(", ", All.Select(x => x.Letter + " (" + x.Name + ")")));
            chosen.Add(s);
        }
        return All.Where(chosen.Contains).ToList();
    }

    public static int Call(Values v, TextWriter stdout, TextWriter err)
    {
        var chosen = Select(v.Scenarios);
        if (!(v.TrialSeconds > 0) || !double.IsFinite(v.TrialSeconds))
            throw new CommandFailure(ExitCodes.Usage, "--trial-seconds must be above 0 (got " + Canonical.FormatDouble(v.TrialSeconds) + ")");
        if (v.Population < 2) throw new CommandFailure(ExitCodes.Usage, "--population must be at least 2 (got " + v.Population + ")");
        if (v.Generations < 2) throw new CommandFailure(ExitCodes.Usage, "--generations must be at least 2 (got " + v.Generations + ")");
        if (v.Trials < 2) throw new CommandFailure(ExitCodes.Usage, "--trials must be at least 2, the bench's min_successful_trials (got " + v.Trials + ")");
        foreach (var (name, s) in new[] { ("--freeze-seconds", v.FreezeSeconds), ("--pause-seconds", v.PauseSeconds), ("--db-down-seconds", v.DbDownSeconds),
                     ("--repeat", v.Repeat) })
            if (s < 1) throw new CommandFailure(ExitCodes.Usage, name + " must be at least 1 (got " + s + ")");
        if (chosen.Any(s => s.Letter != "f"))
        {
            try
            {
                ScenarioDatabase.Create(v.PgUrl).Dispose();
            }
            catch (BenchDatabase.Unreachable e)
            {
                throw new CommandFailure(ExitCodes.Infrastructure, "PostgreSQL unreachable at " + BenchDatabase.Where(v.PgUrl) + ": " + e.Message
                    + "; the recovery bench's clusters journal there (start it, or pass --pg-url)");
            }
        }

        var data = Campaign.DataDir(v.Common).Dir;
        var benchDir = Directory.CreateDirectory(Path.Combine(data, "bench")).FullName;
        var started = DateTimeOffset.UtcNow;
        var outFile = v.Out ?? Path.Combine(benchDir, "recovery-" + BenchSupport.FileTime(started) + ".json");
        var work = Directory.CreateDirectory(Path.Combine(benchDir, "recovery-work-" + Path.GetRandomFileName().Replace(".", ""))).FullName;
        var nodeClass = Commands.Trials.NodeClass();
        var results = new List<ScenarioResult>();
        var hocon = Path.Combine(work, "recovery.conf");
        // Akka.NET's cluster lines at INFO (a member's removal among them), so that a failover's steps can be timed from the
        // logs; no timing setting is changed.
        File.WriteAllText(hocon, "akka.cluster.log-info = on\ndream.runner.slots = 1\n", new UTF8Encoding(false));
        var hoconFiles = new List<string>(v.Common.HoconFiles()) { hocon };
        ReferenceRun? reference = null;
        try
        {
            var configDir = Path.Combine(work, "config");
            BenchSimConfig.Load(configDir, v.Trials, v.TrialSeconds);
            var campaign = new RecoveryCampaign(configDir, v.Population, v.Generations, v.Trials, v.TrialSeconds, v.Seed);
            stdout.WriteLine("dream bench recovery: sim domain, population " + v.Population + ", " + v.Generations + " generations, " + v.Trials
                + " trials x " + BenchSimConfig.Regimes + " regimes of " + Canonical.FormatDouble(v.TrialSeconds) + " s, seed " + v.Seed
                + "; scenarios " + string.Join(",", chosen.Select(s => s.Letter)));
            stdout.Flush();
            err.WriteLine("  the undisturbed run (single node, SQLite)...");
            err.Flush();
            reference = ReferenceRun.Start(Path.Combine(work, "reference"), campaign, hoconFiles);
            stdout.WriteLine("undisturbed run " + reference.RunId + ": " + reference.Distinct + " trials, " + BenchSupport.Fixed(reference.WallS, 1) + " s");
            stdout.Flush();
            var ctx = new RecoveryContext(campaign, reference, work, hoconFiles, v.PgUrl, v.PgCtl, v.FreezeSeconds, v.PauseSeconds, v.DbDownSeconds, err);
            foreach (var s in chosen)
            for (var round = 1; round <= v.Repeat; round++)
            {
                var r = new ScenarioResult(s.Name, s.Letter, s.Title);
                if (v.Repeat > 1) r.Facts["round"] = round;
                err.WriteLine(s.Letter + ") " + s.Title + (v.Repeat > 1 ? " (round " + round + " of " + v.Repeat + ")" : ""));
                err.Flush();
                try
                {
                    // Each round's processes in directories of their own: a round never starts from another's data.
                    s.Run(v.Repeat > 1 ? ctx with { Work = Directory.CreateDirectory(Path.Combine(work, "round-" + round)).FullName } : ctx, r);
                }
                catch (Exception e) when (e is ScenarioFailure or BenchDatabase.Unreachable or IOException or InvalidOperationException
                                              or Npgsql.NpgsqlException or TimeoutException)
                {
                    r.Fail(e.Message);
                }
                results.Add(r);
                stdout.WriteLine(Row(r, s.Key));
                stdout.Flush();
            }
        }
        catch (ScenarioFailure e)
        {
            throw new CommandFailure(ExitCodes.InternalError, e.Message);
        }
        finally
        {
            if (!v.Keep) BenchSupport.DeleteTree(work);
        }
        Json.WriteAtomically(outFile, Document(v, started, nodeClass, reference, results));
        stdout.WriteLine();
        stdout.WriteLine(Header());
        foreach (var r in results) stdout.WriteLine(Row(r, All.First(s => s.Name == r.Name).Key));
        foreach (var r in results.Where(x => !x.Passed))
        {
            stdout.WriteLine();
            stdout.WriteLine(r.Letter + ") " + r.Name + ": " + (r.Skipped ? "skipped: " + r.SkippedReason : r.Error ?? "failed"));
            foreach (var c in r.Checks.Where(c => !c.Passed)) stdout.WriteLine("  FAILED " + c.Name + ": " + c.Detail);
        }
        stdout.WriteLine("results: " + Path.GetFullPath(outFile));
        if (v.Keep) stdout.WriteLine("logs and run files kept under " + work);
        stdout.Flush();
        var failed = results.Where(x => !x.Passed && !x.Skipped).Select(x => x.Letter + " " + x.Name).ToList();
        if (failed.Count > 0) throw new CommandFailure(ExitCodes.InternalError, "scenario(s) failed: " + string.Join(", ", failed));
        return ExitCodes.Ok;
    }

    public static string Header() =>
        string.Join(" ", "scenario".PadRight(21), "result".PadRight(6), "key timing".PadRight(22)) + "  checks; other timings (s)";

    public static string Row(ScenarioResult r, string key)
    {
        var result = r.Skipped ? "SKIP" : r.Passed ? "PASS" : "FAIL";
        var keyText = r.Timings.TryGetValue(key, out var k) ? key + " " + (k is { } x ? BenchSupport.Fixed(x, 2) : "-") : "";
        var others = string.Join(", ", r.Timings.Where(t => t.Key != key).Select(t => t.Key + " " + (t.Value is { } x ? BenchSupport.Fixed(x, 2) : "-")));
        var checks = r.Checks.Count(c => c.Passed) + "/" + r.Checks.Count;
        var tail = r.Skipped ? r.SkippedReason : r.Error != null ? "error: " + FirstLine(r.Error) : checks + (others.Length > 0 ? "; " + others : "");
        return string.Join(" ", (r.Letter + " " + r.Name).PadRight(21), result.PadRight(6), keyText.PadRight(22)) + "  " + tail;
    }

    private static string FirstLine(string s) => s.Split('\n')[0];

    private static Dictionary<string, object?> Document(Values v, DateTimeOffset started, string nodeClass, ReferenceRun? reference, List<ScenarioResult> results)
    {
        var doc = BenchSupport.Document("bench_recovery.v1", started, nodeClass);
        doc["campaign"] = new Dictionary<string, object?>
        {
            ["kind"] = "sim",
            ["regimes"] = BenchSimConfig.Regimes,
            ["trial_s"] = v.TrialSeconds,
            ["population"] = v.Population,
            ["generations"] = v.Generations,
            ["trials_per_regime"] = v.Trials,
            ["seed"] = v.Seed,
            ["slots_per_runner"] = 1,
        };
        doc["fault_settings"] = new Dictionary<string, object?>
        {
            ["freeze_s"] = v.FreezeSeconds,
            ["pause_s"] = v.PauseSeconds,
            ["rounds_per_scenario"] = v.Repeat,
            ["db_down_s"] = v.DbDownSeconds,
            ["pg_ctl"] = v.PgCtl,
            ["journal_server"] = BenchDatabase.Where(v.PgUrl),
        };
        doc["undisturbed_run"] = reference == null ? null : new Dictionary<string, object?>
        {
            ["run_id"] = reference.RunId,
            ["trials"] = reference.Distinct,
            ["wall_s"] = BenchSupport.Round(reference.WallS, 3),
            ["how"] = "dream run on a single node with a SQLite journal, same campaign and seed",
        };
        doc["times_from"] = "each timing is seconds from the fault (the bench's clock as it sent the signal or stopped the server) to a log"
            + " line's time of day (Dream's and Akka.NET's lines at INFO) or a journal row's write time, all on this machine's clock;"
            + " failover_s = SIGKILL of the coordinator's node to the first event its DomainCoordinator wrote afterwards";
        doc["scenarios"] = results.Select(r => r.Document()).ToList();
        doc["load_average_1m_after"] = BenchSupport.LoadAverage();
        return doc;
    }
}
