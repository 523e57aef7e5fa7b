using System.CommandLine;
using System.Globalization;
using System.Text;
using Dream.Cli.Commands;
using Dream.Cluster.Nodes;
using Dream.Cluster.Runs;
using Dream.Core.Config;
using Dream.Core.Domain;
using Dream.Core.Packs;

namespace Dream.Cli.Bench;

/// <summary>
/// <c>dream bench scaling</c>: the same campaign with trials of a fixed length on 1, 2, 3... runner nodes, each count
/// on a fresh cluster and a fresh PostgreSQL database, against the ideal (the one-node time divided by the count). One
/// trial per node at a time, as in production, so the runners' trials never disturb each other. Every time is the
/// journal's: the run's Started event to its Finished event, both stamped as the coordinator wrote them, so process
/// start-up and joining are left out. Before the measured run each cluster runs a short campaign of zero-second trials,
/// not measured: the nodes of a fleet are long-lived, and what a campaign costs them is not their processes' first
/// minutes (<c>--warmup-generations 0</c> measures cold nodes).
/// </summary>
public static class ScalingBench
{
    private const int WarmupPopulation = 8;

    /// <summary>What one invocation asks for.</summary>
    public sealed record Values(CommonValues Common, IReadOnlyList<int> Runners, double TrialSeconds, int Population, int Generations, int Trials,
        long Seed, int WarmupGenerations, string? PgUrl, string? Out, bool Keep, string? Allocation = null)
    {
        public string EffectiveAllocation => BenchAllocation.Effective(Allocation);

        public Dream.Core.Racing.RaceSettings? Race => BenchAllocation.Race(Allocation);
    }

    /// <summary>One count's run, as its journal tells it.</summary>
    public sealed record Measurement(int Runners, string RunId, JournalTally Tally, double? LoadBefore)
    {
        public double WallMs() => Between(Tally.Phases.Started, Tally.Phases.Finished);

        public double BaselineMs() => Between(Tally.Phases.Started, Tally.Phases.BaselinesFixed);

        public double GenerationsMs() => Between(Tally.Phases.FirstProposed, Tally.Phases.LastCompleted);

        private static double Between(DateTimeOffset? from, DateTimeOffset? to) =>
            from is { } f && to is { } t ? (t - f).TotalMilliseconds : double.NaN;
    }

    public static Command Create()
    {
        var command = new Command("scaling", string.Join("\n",
            "Wall time of one campaign of fixed-length sim trials on 1, 2, 3... runner nodes (dream node processes on this",
            "machine, joined over loopback, one trial per node at a time) against the ideal, on PostgreSQL.",
            "The sim config is generated; --config-dir is not used. Results: a table, and JSON in --out."));
        var common = new CommonOptions(command);
        var runners = Options.List("--runners", "N", "Runner-node counts to measure (default: 1,2,3).");
        var trialSeconds = Options.Text("--trial-seconds", "S", "Length of each sim trial (default: 0.5).");
        var population = Options.Int("--population", "Candidates per generation (default: 24).");
        var generations = Options.Int("--generations", "Generations (default: 1).");
        var trials = Options.Int("--trials", "Trials per candidate and regime, and of the baseline (default: 3; with the other defaults"
            + " 150 trials, 75 s of trials, and every phase divides evenly over 1, 2 and 3 runners).");
        var seed = Options.Long("--seed", "Seed of the runs (default: 7).");
        var warmup = Options.Int("--warmup-generations",
            "Generations of a zero-second-trial campaign that each cluster runs before the measured one, not measured, so that"
            + " the nodes are warm as a long-lived fleet's are (default: 3; 0: cold nodes).", "N");
        var pgUrl = Options.Text("--pg-url", "URL",
            "PostgreSQL journal database, postgresql://USER[:PASSWORD]@HOST:PORT/DB (password also from $DREAM_DB_PASSWORD)."
            + " Default: a fresh database on 127.0.0.1:5432 (user postgres) for each count, dropped after it.");
        var @out = Options.Text("--out", "FILE", "JSON results (default: <data>/bench/scaling-<UTC time>.json).");
        var keep = Options.Flag("--keep", "Keep each count's data directory (runner logs, run files) under <data>/bench/.");
        var allocation = Options.Text("--allocation", "full|race",
            "full (default): every candidate every trial; race: as dream run's default, so that the efficiency shows how busy the runners stay between a race's blocks.");
        foreach (var o in new Option[] { runners, trialSeconds, population, generations, trials, seed, warmup, pgUrl, @out, keep, allocation }) command.Add(o);
        command.SetAction(r => Call(new Values(common.Read(r), ThroughputBench.Ints("--runners", r.GetValue(runners), 1, 2, 3),
                Seconds(r.GetValue(trialSeconds)), r.GetValue(population) ?? 24, r.GetValue(generations) ?? 1, r.GetValue(trials) ?? 3,
                r.GetValue(seed) ?? 7, r.GetValue(warmup) ?? 3, r.GetValue(pgUrl), r.GetValue(@out), r.GetValue(keep), r.GetValue(allocation)),
            r.InvocationConfiguration.Output, r.InvocationConfiguration.Error));
        return command;
    }

    private static double Seconds(string? text)
    {
        if (text is null) return 0.5;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var s))
            throw new CommandFailure(ExitCodes.Usage, "Invalid value for option '--trial-seconds': '" + text + "' is not a double");
        return s;
    }

    public static int Call(Values v, TextWriter stdout, TextWriter err)
    {
        foreach (var n in v.Runners)
            if (n < 1) throw new CommandFailure(ExitCodes.Usage, "--runners counts must be at least 1 (got " + n + ")");
        if (!(v.TrialSeconds > 0) || !double.IsFinite(v.TrialSeconds))
            throw new CommandFailure(ExitCodes.Usage, "--trial-seconds must be above 0 (got " + Canonical.FormatDouble(v.TrialSeconds) + ")");
        if (v.Population < 2) throw new CommandFailure(ExitCodes.Usage, "--population must be at least 2 (got " + v.Population + ")");
        if (v.Generations < 1) throw new CommandFailure(ExitCodes.Usage, "--generations must be at least 1 (got " + v.Generations + ")");
        if (v.WarmupGenerations < 0)
            throw new CommandFailure(ExitCodes.Usage, "--warmup-generations must be 0 or more (got " + v.WarmupGenerations + ")");
        if (v.Trials < 2)
            throw new CommandFailure(ExitCodes.Usage, "--trials must be at least 2, the bench's min_successful_trials (got " + v.Trials + ")");
        BenchAllocation.Race(v.Allocation); // exit 2 for an allocation other than full or race

        var data = Campaign.DataDir(v.Common).Dir;
        var benchDir = Directory.CreateDirectory(Path.Combine(data, "bench")).FullName;
        var started = DateTimeOffset.UtcNow;
        var outFile = v.Out ?? Path.Combine(benchDir, "scaling-" + BenchSupport.FileTime(started) + ".json");
        var work = Directory.CreateDirectory(Path.Combine(benchDir, "scaling-work-" + Path.GetRandomFileName().Replace(".", ""))).FullName;
        var nodeClass = Commands.Trials.NodeClass();
        var results = new List<Measurement>();
        try
        {
            var config = BenchSimConfig.Load(Path.Combine(work, "config"), v.Trials, v.TrialSeconds);
            stdout.WriteLine("dream bench scaling: sim domain, " + v.EffectiveAllocation + " allocation, population " + v.Population + ", " + v.Generations + " generation(s), " + v.Trials
                + " trials x " + BenchSimConfig.Regimes + " regimes of " + Canonical.FormatDouble(v.TrialSeconds) + " s, runner nodes ["
                + string.Join(", ", v.Runners) + "], seed " + v.Seed);
            stdout.Flush();
            foreach (var n in v.Runners.Distinct())
            {
                results.Add(Measure(v, work, config, nodeClass, n, err));
                stdout.WriteLine(Row(v, results[^1], Reference(results)));
                stdout.Flush();
            }
        }
        catch (BenchDatabase.Unreachable e)
        {
            throw new CommandFailure(ExitCodes.Infrastructure, "PostgreSQL unreachable at " + BenchDatabase.Where(v.PgUrl) + ": " + e.Message
                + "; the scaling bench needs it, as a multi-node cluster's journal (start it, or pass --pg-url)");
        }
        finally
        {
            if (!v.Keep) BenchSupport.DeleteTree(work);
        }
        Json.WriteAtomically(outFile, Document(v, started, nodeClass, results));
        stdout.WriteLine();
        stdout.WriteLine(Header());
        foreach (var m in results) stdout.WriteLine(Row(v, m, Reference(results)));
        stdout.WriteLine("results: " + Path.GetFullPath(outFile));
        if (v.Keep) stdout.WriteLine("data directories kept under " + work);
        stdout.Flush();
        foreach (var m in results)
        {
            if (m.Tally.DuplicateTrialIds > 0)
            {
                throw new CommandFailure(ExitCodes.InternalError, m.Runners + " runner(s): the journal holds " + m.Tally.DuplicateTrialIds
                    + " trial id(s) more than once; exactly-once recording is broken");
            }
        }
        return ExitCodes.Ok;
    }

    private static Measurement Measure(Values v, string work, DreamConfig config, string nodeClass, int n, TextWriter err)
    {
        using var pg = BenchDatabase.Open(v.PgUrl);
        string dir;
        try
        {
            dir = DataDir.Open(Path.Combine(work, "runners-" + n));
        }
        catch (DataDir.Rejected e)
        {
            throw new InvalidOperationException(e.Message, e);
        }
        var hocon = Path.Combine(work, "runners-" + n + ".conf");
        // One trial per runner node at a time, whatever the user's files say.
        File.WriteAllText(hocon, "dream.runner.slots = 1\n" + pg.Hocon(), new UTF8Encoding(false));
        var hoconFiles = new List<string>(v.Common.HoconFiles()) { hocon };
        using var cluster = BenchCluster.Start(dir, hoconFiles, nodeClass, n);
        if (v.WarmupGenerations > 0)
        {
            err.Write(n + " runner node(s), warm-up: ");
            err.Flush();
            Campaign.Drive(cluster.Node, dir, cluster.CreateRun(config, BenchSimConfig.Warmup, WarmupPopulation, v.WarmupGenerations, v.Seed + 1, nodeClass),
                false, TextWriter.Null, err);
        }
        err.Write(n + " runner node(s): ");
        err.Flush();
        var run = cluster.CreateRun(config, BenchSimConfig.Domain, v.Population, v.Generations, v.Seed, nodeClass, race: v.Race);
        var load = BenchSupport.LoadAverage();
        Campaign.Drive(cluster.Node, dir, run, false, TextWriter.Null, err);
        var tally = JournalTally.Read(cluster.Node.System, run.RunId, BenchSimConfig.Domain);
        if (tally.Phases.Started is null || tally.Phases.Finished is null)
            throw new CommandFailure(ExitCodes.InternalError, n + " runner(s): run " + run.RunId + " ended without a Started or a Finished event");
        return new Measurement(n, run.RunId, tally, load);
    }

    /// <summary>The one-runner measurement, the reference of the ideal; null until it is measured (or when it is not asked for).</summary>
    private static Measurement? Reference(List<Measurement> results) => results.FirstOrDefault(m => m.Runners == 1);

    /// <summary>What the ideal cluster would take: the one-runner time shared evenly over the runners.</summary>
    private static double? IdealMs(Measurement m, Measurement? one, Func<Measurement, double> phase) => one == null ? null : phase(one) / m.Runners;

    /// <summary>Of the runners' time during the run, the share spent running trials.</summary>
    private static double Busy(Values v, Measurement m) => m.Tally.Trials * v.TrialSeconds * 1000 / (m.Runners * m.WallMs());

    public static string Header() => string.Join(" ", "runners".PadLeft(7), "trials".PadLeft(7), "wall_s".PadLeft(9), "ideal_s".PadLeft(9),
        "efficiency".PadLeft(10), "baseline_s".PadLeft(11), "generations_s".PadLeft(13), "gen_eff".PadLeft(9), "busy".PadLeft(6), "load".PadLeft(6))
        + "  trials by node";

    private static string Row(Values v, Measurement m, Measurement? one)
    {
        var ideal = IdealMs(m, one, x => x.WallMs());
        var genIdeal = IdealMs(m, one, x => x.GenerationsMs());
        return string.Join(" ", m.Runners.ToString(CultureInfo.InvariantCulture).PadLeft(7), m.Tally.Trials.ToString(CultureInfo.InvariantCulture).PadLeft(7),
                BenchSupport.Fixed(m.WallMs() / 1000, 2).PadLeft(9),
                (ideal == null ? "-" : BenchSupport.Fixed(ideal.Value / 1000, 2)).PadLeft(9),
                (ideal == null ? "-" : BenchSupport.Fixed(ideal.Value / m.WallMs(), 3)).PadLeft(10),
                BenchSupport.Fixed(m.BaselineMs() / 1000, 2).PadLeft(11), BenchSupport.Fixed(m.GenerationsMs() / 1000, 2).PadLeft(13),
                (genIdeal == null ? "-" : BenchSupport.Fixed(genIdeal.Value / m.GenerationsMs(), 3)).PadLeft(9),
                BenchSupport.Fixed(Busy(v, m), 3).PadLeft(6), (m.LoadBefore is { } load ? BenchSupport.Fixed(load, 1) : "-").PadLeft(6))
            + "  [" + string.Join(", ", m.Tally.TrialsByNode.Values) + "]";
    }

    private static Dictionary<string, object?> Document(Values v, DateTimeOffset started, string nodeClass, List<Measurement> results)
    {
        var doc = BenchSupport.Document("bench_scaling.v1", started, nodeClass);
        doc["campaign"] = new Dictionary<string, object?>
        {
            ["kind"] = "sim",
            ["regimes"] = BenchSimConfig.Regimes,
            ["trial_s"] = v.TrialSeconds,
            ["warmup_s"] = 0,
            ["trial_delay_s"] = 0,
            ["population"] = v.Population,
            ["generations"] = v.Generations,
            ["trials_per_regime"] = v.Trials,
            ["seed"] = v.Seed,
            ["allocation"] = v.EffectiveAllocation,
            ["slots_per_runner"] = 1,
            ["warmup"] = v.WarmupGenerations == 0 ? "none: cold nodes"
                : "before the measured run, each cluster ran " + v.WarmupGenerations + " generation(s) of population " + WarmupPopulation
                  + " with zero-second trials, not measured",
        };
        doc["times_from"] = "journal timestamps written as the run's coordinator persisted its events: wall = Started to Finished,"
            + " baseline = Started to BaselinesFixed, generations = first GenerationProposed to last GenerationCompleted";
        doc["ideal"] = "the one-runner time divided by the runner count; efficiency = ideal / measured";
        var one = Reference(results);
        var rows = new List<Dictionary<string, object?>>();
        foreach (var m in results)
        {
            var ideal = IdealMs(m, one, x => x.WallMs());
            var genIdeal = IdealMs(m, one, x => x.GenerationsMs());
            var r = new Dictionary<string, object?>
            {
                ["runners"] = m.Runners,
                ["run_id"] = m.RunId,
                ["trials"] = m.Tally.Trials,
                ["baseline_trials"] = m.Tally.BaselineTrials,
                ["failed_trials"] = m.Tally.FailedTrials,
                ["duplicate_trial_ids"] = m.Tally.DuplicateTrialIds,
                ["trials_by_node"] = m.Tally.TrialsByNode,
                ["wall_s"] = BenchSupport.RoundOrNull(m.WallMs() / 1000, 3),
                ["ideal_s"] = ideal == null ? null : BenchSupport.RoundOrNull(ideal.Value / 1000, 3),
                ["efficiency"] = ideal == null ? null : BenchSupport.RoundOrNull(ideal.Value / m.WallMs(), 4),
                ["baseline_s"] = BenchSupport.RoundOrNull(m.BaselineMs() / 1000, 3),
                ["generations_s"] = BenchSupport.RoundOrNull(m.GenerationsMs() / 1000, 3),
                ["generations_efficiency"] = genIdeal == null ? null : BenchSupport.RoundOrNull(genIdeal.Value / m.GenerationsMs(), 4),
                ["trial_seconds_per_runner"] = BenchSupport.Round(m.Tally.Trials * v.TrialSeconds / m.Runners, 3),
                ["runner_busy_fraction"] = BenchSupport.RoundOrNull(Busy(v, m), 4),
                ["outcome"] = m.Tally.Outcome,
                ["load_average_1m_before"] = m.LoadBefore is { } load ? BenchSupport.Round(load, 2) : null,
            };
            if (m.LoadBefore == null) r["unmeasured"] = new Dictionary<string, object?> { ["load_average_1m_before"] = "this platform has no /proc/loadavg" };
            rows.Add(r);
        }
        doc["results"] = rows;
        return doc;
    }
}
