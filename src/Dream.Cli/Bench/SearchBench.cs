using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Dream.Cli.Commands;
using Dream.Core.Packs;

namespace Dream.Cli.Bench;

/// <summary>
/// <c>dream bench search</c>: how close each strategy gets to a sim landscape's known optimum at the same trial budget.
/// Every strategy (and, with <c>--peer optuna</c>, Optuna's default TPE) tunes every landscape once per seed, with
/// the KPI model, noise and composite score of <c>dream run --domain sim</c> (<see cref="SimMeasure"/>); a run ends
/// when its next new candidate would pass the budget. The figure is f, the winner's true distance to the optimum
/// (Σ z² over the knobs the optimum names, each z scaled by the knob's range): median, quartiles, runs under 0.01,
/// with the trials used and the wall time.
/// </summary>
public static class SearchBench
{
    public const string Schema = "bench_search.v1";
    public const double Near = 0.01;
    public static readonly IReadOnlyList<string> DefaultStrategies = ["ga", "cmaes", "tpe", "tpe" + SearchRun.WithRace];

    public sealed record Values(int Seeds, int? Budget, IReadOnlyList<string> Landscapes, IReadOnlyList<string> Strategies,
        IReadOnlyList<string> Peers, string? Out, CommonValues Common);

    /// <summary>One strategy on one landscape over the seeds, or why it could not run.</summary>
    public sealed record Cell(string Landscape, string Strategy, bool Peer, int Budget, IReadOnlyList<SearchRun> Runs, string? Unavailable,
        string? Version)
    {
        public double[] Fs => Runs.Select(r => r.F).Order().ToArray();
        public double Median => Quantile(Fs, 0.5);
        public double Q1 => Quantile(Fs, 0.25);
        public double Q3 => Quantile(Fs, 0.75);
        public int UnderNear => Runs.Count(r => r.F < Near);
        public double MeanTrials => Runs.Count == 0 ? double.NaN : Runs.Average(r => r.Trials);
        public double WallS => Runs.Sum(r => r.WallMs) / 1000.0;
    }

    public static Command Create()
    {
        var command = new Command("search", string.Join("\n",
            "How close each strategy gets to the known optimum of shipped sim landscapes at equal trial budgets: f is the",
            "winner's true distance to the optimum (sum of squared range-scaled knob distances; 0 = optimum). Candidates are",
            "measured and scored in this process with the KPI model, noise and score of dream run --domain sim. With",
            "--peer optuna, Optuna's default TPE (python3-optuna) proposes candidates that Dream measures the same way.",
            "The landscapes' configs are generated; --config-dir is not used. Results: a table, and JSON (" + Schema + ") in --out."));
        var common = new CommonOptions(command);
        var seeds = Options.Int("--seeds", "Seeds per strategy and landscape, 1..N (default 10).", "N");
        var budget = Options.Int("--budget", "Trials per run (default: each landscape's population x generations x regimes x trials).", "N");
        var landscapes = Options.List("--landscapes", "L", "Landscapes (default: all: " + string.Join(", ", SearchLandscape.All.Select(l => l.Name)) + ").");
        var strategies = Options.List("--strategies", "S",
            "Dream strategies (default: ga, cmaes, tpe, tpe+race); S+ops runs S with the population operators (DIVERSIFY on stagnation or a"
            + " diversity collapse, SPECIALIZE late in the budget) applied to each proposal; S+race races each generation as dream run"
            + " does by default, for as many generations as the budget pays for.");
        var peer = Options.List("--peer", "P", "Peers run beside them: optuna.");
        var @out = Options.Text("--out", "FILE", "JSON results (default: <data>/bench/search-<UTC time>.json).");
        foreach (var o in new Option[] { seeds, budget, landscapes, strategies, peer, @out }) command.Add(o);
        command.SetAction(r => Call(new Values(r.GetValue(seeds) ?? 10, r.GetValue(budget), r.GetValue(landscapes) ?? [],
                r.GetValue(strategies) ?? [], r.GetValue(peer) ?? [], r.GetValue(@out), common.Read(r)),
            r.InvocationConfiguration.Output, r.InvocationConfiguration.Error));
        return command;
    }

    public static int Call(Values v, TextWriter stdout, TextWriter err)
    {
        if (v.Seeds < 1) throw new CommandFailure(ExitCodes.Usage, "--seeds must be at least 1 (got " + v.Seeds + ")");
        if (v.Budget is < 1) throw new CommandFailure(ExitCodes.Usage, "--budget must be at least 1 (got " + v.Budget + ")");
        var strategies = v.Strategies.Count == 0 ? DefaultStrategies : v.Strategies;
        foreach (var s in strategies)
        {
            var name = s.EndsWith(SearchRun.WithOperators, StringComparison.Ordinal) ? s[..^SearchRun.WithOperators.Length]
                : s.EndsWith(SearchRun.WithRace, StringComparison.Ordinal) ? s[..^SearchRun.WithRace.Length] : s;
            if (!CampaignOptions.Strategies.Contains(name))
                throw new CommandFailure(ExitCodes.Usage, "--strategies: unknown strategy " + s + " (ga, cmaes, tpe, each optionally with +ops or +race)");
        }
        foreach (var p in v.Peers)
            if (p != OptunaPeer.Name) throw new CommandFailure(ExitCodes.Usage, "--peer: unknown peer " + p + " (optuna)");
        IReadOnlyList<SearchLandscape> landscapes;
        try
        {
            landscapes = v.Landscapes.Count == 0 ? SearchLandscape.All : v.Landscapes.Select(SearchLandscape.Named).ToList();
        }
        catch (ArgumentException e)
        {
            throw new CommandFailure(ExitCodes.Usage, "--landscapes: " + e.Message);
        }
        var started = DateTimeOffset.UtcNow;
        var data = Campaign.DataDir(v.Common).Dir;
        var benchDir = Directory.CreateDirectory(Path.Combine(data, "bench")).FullName;
        var outFile = v.Out ?? Path.Combine(benchDir, "search-" + BenchSupport.FileTime(started) + ".json");
        var work = Directory.CreateDirectory(Path.Combine(benchDir, "search-work-" + Path.GetRandomFileName().Replace(".", ""))).FullName;
        var cells = new List<Cell>();
        var landscapeDocs = new List<Dictionary<string, object?>>();
        var clock = Stopwatch.StartNew();
        try
        {
            stdout.WriteLine(string.Format(CultureInfo.InvariantCulture, "dream bench search: {0} landscape(s), strategies {1}{2}, {3} seed(s) each",
                landscapes.Count, string.Join(", ", strategies), v.Peers.Count > 0 ? ", peer " + string.Join(", ", v.Peers) : "", v.Seeds));
            stdout.Flush();
            foreach (var l in landscapes)
            {
                var config = l.Load(Path.Combine(work, l.Name));
                var probe = new SimMeasure(config, SearchLandscape.Domain, 1, "ga", l.Population, l.Generations);
                var runBudget = v.Budget ?? l.Budget;
                landscapeDocs.Add(LandscapeDoc(l, probe, runBudget));
                stdout.WriteLine(string.Format(CultureInfo.InvariantCulture,
                    "{0}: {1}; budget {2} trials per run ({3} per candidate), stock f {4:0.000}",
                    l.Name, l.Description, runBudget, probe.TrialsPerCandidate, probe.Distance(probe.Stock)));
                stdout.Flush();
                foreach (var s in strategies)
                {
                    cells.Add(RunCell(l, config, s, false, v.Seeds, runBudget));
                    stdout.WriteLine(Row(cells[^1]));
                    stdout.Flush();
                }
                foreach (var p in v.Peers)
                {
                    cells.Add(RunCell(l, config, p, true, v.Seeds, runBudget));
                    stdout.WriteLine(Row(cells[^1]));
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
        doc["metric"] = "f: sum over the knobs the optimum names of ((x - optimum) / (max - min))^2 at the winner (best score_v2); near: f < " + Near;
        doc["landscapes"] = landscapeDocs;
        doc["results"] = cells.Select(CellDoc).ToList();
        doc["wall_s"] = BenchSupport.Round(clock.Elapsed.TotalSeconds, 1);
        var figures = new List<string>();
        foreach (var l in landscapes)
        {
            if (Report.SearchFigure.Of(l.Name, cells) is not { } figure) continue;
            // beside the JSON, named after it: search-<time>-<landscape>.png and .svg
            var stem = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(outFile))!, Path.GetFileNameWithoutExtension(outFile) + "-" + l.Name);
            Json.WriteAtomically(stem + ".png", figure.Png);
            Json.WriteAtomically(stem + ".svg", new System.Text.UTF8Encoding(false).GetBytes(figure.Svg));
            figures.Add(stem + ".png");
        }
        doc["figures"] = figures.Select(Path.GetFileName).ToList();
        Json.WriteAtomically(outFile, doc);
        stdout.WriteLine("results: " + outFile);
        foreach (var f in figures) stdout.WriteLine("figure: " + f + " (and .svg)");
        stdout.Flush();
        return ExitCodes.Ok;
    }

    private static Cell RunCell(SearchLandscape l, Dream.Core.Config.DreamConfig config, string strategy, bool peer, int seeds, int budget)
    {
        string? version = null;
        if (peer)
        {
            try
            {
                var probe = new SimMeasure(config, SearchLandscape.Domain, 1, "ga", l.Population, l.Generations);
                version = "optuna " + OptunaPeer.Check(probe.Space) + ", TPESampler(seed) defaults";
            }
            catch (OptunaPeer.Unavailable e)
            {
                return new Cell(l.Name, strategy, true, budget, [], e.Message, null);
            }
        }
        var runs = new SearchRun[seeds];
        string? failure = null;
        Parallel.For(1, seeds + 1, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, seed =>
        {
            try
            {
                var planStrategy = peer ? "ga" : SearchRun.StrategyOf(strategy);
                var m = new SimMeasure(config, SearchLandscape.Domain, seed, planStrategy, l.Population, l.Generations);
                runs[seed - 1] = peer ? OptunaPeer.Run(m, seed, budget)
                    : strategy.EndsWith(SearchRun.WithRace, StringComparison.Ordinal) ? SearchRun.OfRace(m, seed, budget)
                    : SearchRun.OfStrategy(m, strategy, seed, budget);
            }
            catch (OptunaPeer.Unavailable e)
            {
                failure = e.Message;
            }
        });
        return failure is null ? new Cell(l.Name, strategy, peer, budget, runs, null, version) : new Cell(l.Name, strategy, peer, budget, [], failure, version);
    }

    private static Dictionary<string, object?> LandscapeDoc(SearchLandscape l, SimMeasure m, int budget) => new()
    {
        ["name"] = l.Name,
        ["description"] = l.Description,
        ["knobs"] = m.Space.Knobs.Select(k => k.Name).ToList(),
        ["optimum"] = l.Optimum,
        ["regimes"] = l.Regimes.Select(r => new Dictionary<string, object?> { ["name"] = r.Regime, ["function"] = r.Function, ["noise"] = r.Noise }).ToList(),
        ["trials_per_regime"] = l.Trials,
        ["population"] = l.Population,
        ["generations"] = l.Generations,
        ["trials_per_candidate"] = m.TrialsPerCandidate,
        ["budget_trials"] = budget,
        ["stock_f"] = BenchSupport.Round(m.Distance(m.Stock), 6),
    };

    private static Dictionary<string, object?> CellDoc(Cell c) => new()
    {
        ["landscape"] = c.Landscape,
        ["strategy"] = c.Strategy,
        ["peer"] = c.Peer,
        ["version"] = c.Version,
        ["available"] = c.Unavailable is null,
        ["unavailable"] = c.Unavailable,
        ["budget_trials"] = c.Budget,
        ["median_f"] = c.Runs.Count == 0 ? null : BenchSupport.RoundOrNull(c.Median, 6),
        ["q1_f"] = c.Runs.Count == 0 ? null : BenchSupport.RoundOrNull(c.Q1, 6),
        ["q3_f"] = c.Runs.Count == 0 ? null : BenchSupport.RoundOrNull(c.Q3, 6),
        ["runs_under_0_01"] = c.Runs.Count == 0 ? null : c.UnderNear,
        ["mean_trials"] = c.Runs.Count == 0 ? null : BenchSupport.RoundOrNull(c.MeanTrials, 1),
        ["wall_s"] = BenchSupport.Round(c.WallS, 2),
        ["runs"] = c.Runs.Select(r => new Dictionary<string, object?>
        {
            ["seed"] = r.Seed,
            ["f"] = BenchSupport.RoundOrNull(r.F, 6),
            ["trials"] = r.Trials,
            ["candidates"] = r.Candidates,
            ["generations_or_asks"] = r.Generations,
            ["best_score"] = r.BestScore is { } b ? BenchSupport.RoundOrNull(b, 6) : null,
            ["best"] = r.Best?.Values.ToDictionary(p => p.Key, p => (object?)p.Value),
            ["wall_ms"] = BenchSupport.Round(r.WallMs, 1),
            ["operators"] = r.Operators.Select(o => new Dictionary<string, object?>
            {
                ["generation"] = o.Decision.Generation,
                ["operator"] = o.Decision.Operator.ToString().ToUpperInvariant(),
                ["rule"] = o.Decision.Rule,
                ["count"] = o.Decision.Count,
                ["expected_gain"] = BenchSupport.RoundOrNull(o.Decision.ExpectedGain, 6),
                ["realised_gain"] = BenchSupport.RoundOrNull(o.Realised, 6),
            }).ToList(),
        }).ToList(),
    };

    private static string Row(Cell c) => c.Unavailable is not null
        ? string.Format(CultureInfo.InvariantCulture, "  {0,-8} {1,-7} unavailable: {2}", c.Landscape, c.Strategy, c.Unavailable)
        : string.Format(CultureInfo.InvariantCulture, "  {0,-8} {1,-7} median f {2:0.0000}  IQR {3:0.0000}-{4:0.0000}  f<{5} {6}/{7}  trials {8:0}  {9:0.0} s",
            c.Landscape, c.Strategy, c.Median, c.Q1, c.Q3, Near, c.UnderNear, c.Runs.Count, c.MeanTrials, c.WallS);

    public static string Table(IReadOnlyList<Cell> cells)
    {
        var lines = new List<string>
        {
            "| landscape | strategy | median f | IQR (q1-q3) | runs f < 0.01 | trials used (mean / budget) | wall s |",
            "|---|---|---|---|---|---|---|",
        };
        foreach (var c in cells)
        {
            var name = c.Peer ? c.Strategy + " (peer)" : c.Strategy;
            lines.Add(c.Unavailable is not null
                ? "| " + c.Landscape + " | " + name + " | unavailable: " + c.Unavailable + " | | | | |"
                : string.Format(CultureInfo.InvariantCulture, "| {0} | {1} | {2:0.0000} | {3:0.0000}-{4:0.0000} | {5}/{6} | {7:0} / {8} | {9:0.0} |",
                    c.Landscape, name, c.Median, c.Q1, c.Q3, c.UnderNear, c.Runs.Count, c.MeanTrials, c.Budget, c.WallS));
        }
        return string.Join("\n", lines);
    }

    /// <summary>Linear interpolation between order statistics (numpy's default), of sorted values.</summary>
    public static double Quantile(IReadOnlyList<double> sorted, double q)
    {
        if (sorted.Count == 0) return double.NaN;
        var pos = q * (sorted.Count - 1);
        var lo = (int)Math.Floor(pos);
        var hi = Math.Min(lo + 1, sorted.Count - 1);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
    }
}
