using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Dream.Cli.Commands;
using Dream.Cluster.Runs;
using Dream.Core.Packs;
using Dream.Core.Racing;
using Dream.Core.Domain;

namespace Dream.Cli.Bench;

/// <summary>
/// <c>dream bench racing</c>: what each allocation spends and what it finds on the shipped sim landscapes
/// (<see cref="SearchLandscape.All"/>: sphere, rosenbrock and rastrigin regimes, 3 to 8 knobs of every type, noise
/// 0.02 to 0.15). For every landscape and seed, the same strategy, population and generations under <c>full</c>,
/// <c>race</c> (and the bandits asked for): trials and trial-seconds spent, the winner's true distance to the known
/// optimum, how often a generation's true best (highest noise-free score) was eliminated, and the latency of each
/// decision, also on races of 100 candidates.
/// </summary>
public static class RacingBench
{
    public const string Schema = "bench_racing.v1";
    public const int DefaultBlocks = 12;
    public const int LatencyCandidates = 100;
    /// <summary>Each seed's race of <see cref="LatencyCandidates"/> is replayed this often, so that p99 rests on enough decisions.</summary>
    public const int LatencyRepeats = 10;
    public static readonly IReadOnlyList<string> DefaultAllocations = [RunSpec.FullAllocation, RunSpec.RaceAllocation, "ucb", "thompson", "egreedy"];

    public sealed record Values(int Seeds, int Blocks, IReadOnlyList<string> Landscapes, IReadOnlyList<string> Allocations, string Strategy,
        double Confidence, string? Out, CommonValues Common, int? TrialBudget = null);

    public sealed record Cell(string Landscape, string Allocation, IReadOnlyList<RacingRun> Runs)
    {
        public double[] Fs => Runs.Select(r => r.F).Order().ToArray();
        public double Median => SearchBench.Quantile(Fs, 0.5);
        public double Q1 => SearchBench.Quantile(Fs, 0.25);
        public double Q3 => SearchBench.Quantile(Fs, 0.75);
        public double MeanTrials => Runs.Average(r => r.Trials);
        public double MeanTrialSeconds => Runs.Average(r => r.TrialSeconds);
        public int TrueBestEliminated => Runs.Sum(r => r.TrueBestEliminated);
        public int Generations => Runs.Sum(r => r.GenerationsRaced);
        public double[] Decisions => Runs.SelectMany(r => r.DecisionMs).Order().ToArray();
    }

    public static Command Create()
    {
        var command = new Command("racing", string.Join("\n",
            "Trials, trial-seconds and the winner's true distance to the optimum of full evaluation against racing (and the bandits)",
            "on the shipped sim landscapes, with the same strategy, population and generations; how often a generation's true",
            "best was eliminated; decision latency (also with " + LatencyCandidates + " candidates). Candidates are measured and scored",
            "in this process as dream run --domain sim does. Results: a table, and JSON (" + Schema + ") in --out."));
        var common = new CommonOptions(command);
        var seeds = Options.Int("--seeds", "Seeds per landscape and allocation, 1..N (default 10).", "N");
        var blocks = Options.Int("--blocks", "Blocks (trials) per candidate under full evaluation; each regime gets ceil(N / regimes) trials (default "
            + DefaultBlocks + ", the default cpu campaign's 4 regimes x 3 trials).", "N");
        var landscapes = Options.List("--landscapes", "L", "Landscapes (default: all: " + string.Join(", ", SearchLandscape.All.Select(l => l.Name)) + ").");
        var allocations = Options.List("--allocations", "A", "Allocations (default: full, race, ucb, thompson, egreedy).");
        var strategy = Options.Text("--strategy", "S", "The strategy every campaign runs (default ga).");
        var confidence = Options.Text("--race-confidence", "C", "The race's confidence, in (0, 1) (default 0.95).");
        var @out = Options.Text("--out", "FILE", "JSON results (default: <data>/bench/racing-<UTC time>.json).");
        var budget = Options.Int("--trial-budget", "A bandit's trials per generation (default: half of full evaluation's; at least one block per candidate).", "N");
        foreach (var o in new Option[] { seeds, blocks, landscapes, allocations, strategy, confidence, @out, budget }) command.Add(o);
        command.SetAction(r =>
        {
            var c = r.GetValue(confidence);
            double conf = RaceSettings.DefaultConfidence;
            if (c is not null && (!double.TryParse(c, NumberStyles.Float, CultureInfo.InvariantCulture, out conf) || !(conf > 0 && conf < 1)))
                throw new CommandFailure(ExitCodes.Usage, "--race-confidence must be a number in (0, 1) (got '" + c + "')");
            return Call(new Values(r.GetValue(seeds) ?? 10, r.GetValue(blocks) ?? DefaultBlocks, r.GetValue(landscapes) ?? [],
                    r.GetValue(allocations) ?? [], r.GetValue(strategy) ?? "ga", conf, r.GetValue(@out), common.Read(r), r.GetValue(budget)),
                r.InvocationConfiguration.Output, r.InvocationConfiguration.Error);
        });
        return command;
    }

    public static int Call(Values v, TextWriter stdout, TextWriter err)
    {
        if (v.Seeds < 1) throw new CommandFailure(ExitCodes.Usage, "--seeds must be at least 1 (got " + v.Seeds + ")");
        if (v.Blocks < 2) throw new CommandFailure(ExitCodes.Usage, "--blocks must be at least 2 (got " + v.Blocks + ")");
        if (!CampaignOptions.Strategies.Contains(v.Strategy))
            throw new CommandFailure(ExitCodes.Usage, "--strategy: unknown strategy " + v.Strategy + " (" + string.Join(", ", CampaignOptions.Strategies) + ")");
        var allocations = v.Allocations.Count == 0 ? DefaultAllocations : v.Allocations;
        foreach (var a in allocations)
            if (!RacingAllocators.Known.Contains(a))
                throw new CommandFailure(ExitCodes.Usage, "--allocations: unknown allocation " + a + " (" + string.Join(", ", RacingAllocators.Known) + ")");
        IReadOnlyList<SearchLandscape> landscapes;
        try
        {
            landscapes = v.Landscapes.Count == 0 ? SearchLandscape.All : v.Landscapes.Select(SearchLandscape.Named).ToList();
        }
        catch (ArgumentException e)
        {
            throw new CommandFailure(ExitCodes.Usage, "--landscapes: " + e.Message);
        }
        foreach (var l in landscapes)
            if (v.TrialBudget is { } given && given < l.Population)
                throw new CommandFailure(ExitCodes.Usage, "--trial-budget must be at least one block per candidate: " + l.Population
                    + " on landscape " + l.Name + " (got " + given + ")");
        var started = DateTimeOffset.UtcNow;
        var data = Campaign.DataDir(v.Common).Dir;
        var benchDir = Directory.CreateDirectory(Path.Combine(data, "bench")).FullName;
        var outFile = v.Out ?? Path.Combine(benchDir, "racing-" + BenchSupport.FileTime(started) + ".json");
        var work = Directory.CreateDirectory(Path.Combine(benchDir, "racing-work-" + Path.GetRandomFileName().Replace(".", ""))).FullName;
        var settings = new RaceSettings(null, v.Confidence);
        var cells = new List<Cell>();
        var landscapeDocs = new List<Dictionary<string, object?>>();
        var clock = Stopwatch.StartNew();
        try
        {
            stdout.WriteLine(string.Format(CultureInfo.InvariantCulture, "dream bench racing: {0} landscape(s), allocations {1}, strategy {2}, {3} seed(s) each, confidence {4}",
                landscapes.Count, string.Join(", ", allocations), v.Strategy, v.Seeds, v.Confidence));
            stdout.Flush();
            foreach (var l0 in landscapes)
            {
                var l = l0 with { Trials = (v.Blocks + l0.Regimes.Count - 1) / l0.Regimes.Count };
                var config = l.Load(Path.Combine(work, l.Name));
                var latency = Latency(l, config, v, settings);
                landscapeDocs.Add(LandscapeDoc(l, latency));
                stdout.WriteLine(string.Format(CultureInfo.InvariantCulture,
                    "{0}: {1} regimes x {2} trials = {3} blocks per candidate, population {4} x {5} generations; race decision with {6} candidates p50 {7:0.000} ms, p99 {8:0.000} ms",
                    l.Name, l.Regimes.Count, l.Trials, l.Regimes.Count * l.Trials, l.Population, l.Generations, LatencyCandidates,
                    SearchBench.Quantile(latency, 0.5), SearchBench.Quantile(latency, 0.99)));
                stdout.Flush();
                foreach (var a in allocations)
                {
                    var runs = new RacingRun[v.Seeds];
                    Parallel.For(1, v.Seeds + 1, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, seed =>
                    {
                        var m = new SimMeasure(config, SearchLandscape.Domain, seed, v.Strategy, l.Population, l.Generations);
                        runs[seed - 1] = RacingRun.Of(m, RacingAllocators.Create(a, m, settings, seed,
                            v.TrialBudget ?? (l.Population * l.Regimes.Count * l.Trials + 1) / 2), seed, l.Generations);
                    });
                    cells.Add(new Cell(l.Name, a, runs));
                    stdout.WriteLine(Row(cells[^1], cells.FirstOrDefault(c => c.Landscape == l.Name && c.Allocation == RunSpec.FullAllocation)));
                    stdout.Flush();
                }
            }
        }
        finally
        {
            BenchSupport.DeleteTree(work);
        }
        stdout.WriteLine();
        stdout.WriteLine(Table(cells));
        var doc = BenchSupport.Document(Schema, started, Commands.Trials.NodeClass());
        doc["seeds"] = Enumerable.Range(1, v.Seeds).ToList();
        doc["strategy"] = v.Strategy;
        doc["race"] = new Dictionary<string, object?>
        {
            ["test"] = PairedTTest.Name,
            ["confidence"] = v.Confidence,
            ["first_test"] = "one block per regime, at least " + RaceSettings.MinFirstTest,
        };
        doc["bandit"] = new Dictionary<string, object?>
        {
            ["success"] = "block score > " + BanditSettings.DefaultMargin.ToString(CultureInfo.InvariantCulture) + " (beats the baseline by the margin)",
            ["ucb_constant"] = BenchSupport.Round(BanditSettings.DefaultUcbConstant, 6),
            ["epsilon"] = "max(0.02, 0.3 / (1 + 0.05 t))",
            ["discount"] = 1.0,
            ["slots"] = 4,
            ["trial_budget_per_generation"] = v.TrialBudget is { } tb ? tb : "half of full evaluation's (population x blocks / 2)",
        };
        doc["metric"] = "f: sum over the knobs the optimum names of ((x - optimum) / (max - min))^2 at the winner (best score_v2 among the candidates not eliminated)";
        doc["trial_seconds_basis"] = "warmup_s + duration_s of the trial's regime; the landscapes' sim trials take no time, so each counts "
            + RacingRun.NominalTrialSeconds.ToString(CultureInfo.InvariantCulture) + " s (all trials equally long)";
        doc["landscapes"] = landscapeDocs;
        doc["results"] = cells.Select(c => CellDoc(c, cells.FirstOrDefault(f => f.Landscape == c.Landscape && f.Allocation == RunSpec.FullAllocation))).ToList();
        doc["wall_s"] = BenchSupport.Round(clock.Elapsed.TotalSeconds, 1);
        Json.WriteAtomically(outFile, doc);
        stdout.WriteLine("results: " + outFile);
        stdout.Flush();
        return ExitCodes.Ok;
    }

    /// <summary>Every decision of generation-0 races of <see cref="LatencyCandidates"/> candidates, one per seed, in ms.</summary>
    private static double[] Latency(SearchLandscape l, Dream.Core.Config.DreamConfig config, Values v, RaceSettings settings)
    {
        var all = new List<double>();
        for (var seed = 1; seed <= v.Seeds; seed++)
        {
            var m = new SimMeasure(config, SearchLandscape.Domain, seed, v.Strategy, LatencyCandidates, 1);
            // Compiled, and past the JIT's tiering (which recompiles a method after its first 30 calls, in the background),
            // before anything is timed: one warm race left the first landscape's p99 at the mercy of the recompilation.
            if (seed == 1)
                for (var w = 0; w < LatencyRepeats; w++) RacingRun.Of(m, new RacingRun.Raced(m, settings), seed, 1);
            for (var repeat = 0; repeat < LatencyRepeats; repeat++)
                all.AddRange(RacingRun.Of(m, new RacingRun.Raced(m, settings), seed, 1).DecisionMs);
        }
        return all.Order().ToArray();
    }

    private static Dictionary<string, object?> LandscapeDoc(SearchLandscape l, double[] latency) => new()
    {
        ["name"] = l.Name,
        ["description"] = l.Description,
        ["optimum"] = l.Optimum,
        ["regimes"] = l.Regimes.Select(r => new Dictionary<string, object?> { ["name"] = r.Regime, ["function"] = r.Function, ["noise"] = r.Noise }).ToList(),
        ["trials_per_regime"] = l.Trials,
        ["blocks_per_candidate"] = l.Trials * l.Regimes.Count,
        ["population"] = l.Population,
        ["generations"] = l.Generations,
        ["race_decision_ms_100_candidates"] = new Dictionary<string, object?>
        {
            ["decisions"] = latency.Length,
            ["p50"] = BenchSupport.RoundOrNull(SearchBench.Quantile(latency, 0.5), 4),
            ["p99"] = BenchSupport.RoundOrNull(SearchBench.Quantile(latency, 0.99), 4),
            ["max"] = latency.Length == 0 ? null : BenchSupport.RoundOrNull(latency[^1], 4),
        },
    };

    private static double Saved(Cell c, Cell? full) => full is null ? double.NaN : 1 - c.MeanTrialSeconds / full.MeanTrialSeconds;

    private static Dictionary<string, object?> CellDoc(Cell c, Cell? full) => new()
    {
        ["landscape"] = c.Landscape,
        ["allocation"] = c.Allocation,
        ["mean_trials"] = BenchSupport.Round(c.MeanTrials, 1),
        ["mean_trial_seconds"] = BenchSupport.Round(c.MeanTrialSeconds, 1),
        ["trial_seconds_saved_vs_full"] = BenchSupport.RoundOrNull(Saved(c, full), 4),
        ["median_f"] = BenchSupport.RoundOrNull(c.Median, 6),
        ["q1_f"] = BenchSupport.RoundOrNull(c.Q1, 6),
        ["q3_f"] = BenchSupport.RoundOrNull(c.Q3, 6),
        ["true_best_eliminated"] = c.TrueBestEliminated,
        ["generations"] = c.Generations,
        ["decision_ms"] = new Dictionary<string, object?>
        {
            ["decisions"] = c.Decisions.Length,
            ["p50"] = c.Decisions.Length == 0 ? null : BenchSupport.RoundOrNull(SearchBench.Quantile(c.Decisions, 0.5), 4),
            ["p99"] = c.Decisions.Length == 0 ? null : BenchSupport.RoundOrNull(SearchBench.Quantile(c.Decisions, 0.99), 4),
        },
        ["runs"] = c.Runs.Select(r => new Dictionary<string, object?>
        {
            ["seed"] = r.Seed,
            ["f"] = BenchSupport.RoundOrNull(r.F, 6),
            ["trials"] = r.Trials,
            ["trial_seconds"] = BenchSupport.Round(r.TrialSeconds, 1),
            ["candidates"] = r.Candidates,
            ["eliminated"] = r.Eliminated,
            ["true_best_eliminated"] = r.TrueBestEliminated,
            ["best_score"] = r.BestScore is { } b ? BenchSupport.RoundOrNull(b, 6) : null,
            ["wall_ms"] = BenchSupport.Round(r.WallMs, 1),
        }).ToList(),
    };

    private static string Row(Cell c, Cell? full) => string.Format(CultureInfo.InvariantCulture,
        "  {0,-8} {1,-9} trials {2,7:0.0}  saved {3,6:0.0%}  median f {4:0.0000}  IQR {5:0.0000}-{6:0.0000}  true best eliminated {7}/{8}  decision p99 {9:0.000} ms",
        c.Landscape, c.Allocation, c.MeanTrials, Saved(c, full), c.Median, c.Q1, c.Q3, c.TrueBestEliminated, c.Generations,
        c.Decisions.Length == 0 ? double.NaN : SearchBench.Quantile(c.Decisions, 0.99));

    public static string Table(IReadOnlyList<Cell> cells)
    {
        var lines = new List<string>
        {
            "| landscape | allocation | trials (mean) | trial-s (mean) | saved vs full | median f | IQR f (q1-q3) | true best eliminated | decision p50 / p99 ms |",
            "|---|---|---|---|---|---|---|---|---|",
        };
        foreach (var c in cells)
        {
            var full = cells.FirstOrDefault(f => f.Landscape == c.Landscape && f.Allocation == RunSpec.FullAllocation);
            lines.Add(string.Format(CultureInfo.InvariantCulture, "| {0} | {1} | {2:0.0} | {3:0.0} | {4} | {5:0.0000} | {6:0.0000}-{7:0.0000} | {8}/{9} | {10} |",
                c.Landscape, c.Allocation, c.MeanTrials, c.MeanTrialSeconds, full is null ? "-" : Saved(c, full).ToString("0.0%", CultureInfo.InvariantCulture),
                c.Median, c.Q1, c.Q3, c.TrueBestEliminated, c.Generations,
                c.Decisions.Length == 0 ? "-" : string.Format(CultureInfo.InvariantCulture, "{0:0.000} / {1:0.000}",
                    SearchBench.Quantile(c.Decisions, 0.5), SearchBench.Quantile(c.Decisions, 0.99))));
        }
        return string.Join("\n", lines);
    }
}

/// <summary>The allocations <c>dream bench racing</c> knows, by their <c>--allocation</c> names.</summary>
public static class RacingAllocators
{
    public static readonly IReadOnlyList<string> Known = [RunSpec.FullAllocation, RunSpec.RaceAllocation, "ucb", "thompson", "egreedy"];

    /// <param name="budget">a bandit's trials per generation</param>
    public static RacingRun.IAllocator Create(string name, SimMeasure m, RaceSettings settings, long seed, int budget) => name switch
    {
        RunSpec.FullAllocation => new RacingRun.Full(),
        RunSpec.RaceAllocation => new RacingRun.Raced(m, settings),
        _ => new RacingRun.Bandited(m, BanditSettings.Of(name), seed, budget),
    };
}
