using System.Text.Json.Nodes;
using Dream.Cli.Bench;
using Dream.Cli.Commands;
using Dream.Core.Domain;
using Dream.Cli.Tests.Commands;

namespace Dream.Cli.Tests.Bench;

/// <summary>
/// <c>dream bench search</c>: the in-process measurement agrees with the sim model and the run's scoring, a run
/// keeps to its budget, and the command writes its document. Figures are the bench's to report, never asserted here.
/// </summary>
public sealed class SearchBenchTests : IDisposable
{
    private readonly TempDir tmp = new();

    public void Dispose() => tmp.Dispose();

    private SimMeasure Measure(string landscape, long seed, string strategy = "ga")
    {
        var l = SearchLandscape.Named(landscape);
        return new SimMeasure(l.Load(tmp.Resolve(landscape + seed)), SearchLandscape.Domain, seed, strategy, l.Population, l.Generations);
    }

    [Fact]
    public void TheOptimumIsAtDistanceZeroAndScoresAboveTheStock()
    {
        var m = Measure("mixed3", 1);
        var optimum = Genome.Of(("rate", 72.5), ("threads", 40L), ("mode", "c"), ("spare", true));
        Assert.Equal(0.0, m.Distance(optimum));
        Assert.Equal(0.753, m.Distance(m.Stock), 3);
        var atOptimum = m.Score(optimum, 0, "gen0_c0");
        var atStock = m.Score(m.Stock, 0, "gen0_c1");
        Assert.NotNull(atOptimum);
        Assert.True(atOptimum > atStock + 0.3, $"optimum {atOptimum}, stock {atStock}");
    }

    [Fact]
    public void TheSameSeedMeasuresTheSameScores()
    {
        var g = Genome.Of(("rate", 10.0), ("threads", 3L), ("mode", "a"), ("spare", false));
        Assert.Equal(Measure("mixed3", 4).Score(g, 0, "gen0_c0"), Measure("mixed3", 4).Score(g, 3, "gen3_c7"));
        Assert.NotEqual(Measure("mixed3", 4).Score(g, 0, "gen0_c0"), Measure("mixed3", 5).Score(g, 0, "gen0_c0"));
    }

    [Theory]
    [InlineData("ga")]
    [InlineData("cmaes")]
    [InlineData("tpe")]
    public void ARunKeepsToItsBudgetAndReportsItsWinnersDistance(string strategy)
    {
        var m = Measure("mixed6", 2, strategy);
        var run = SearchRun.OfStrategy(m, strategy, 2, 300);
        Assert.True(run.Trials <= 300 && run.Trials > 300 - m.TrialsPerCandidate, $"{run.Trials} trials");
        Assert.Equal(run.Trials, run.Candidates * m.TrialsPerCandidate);
        Assert.NotNull(run.Best);
        Assert.Equal(m.Distance(run.Best!), run.F);
        Assert.Equal(run, SearchRun.OfStrategy(Measure("mixed6", 2, strategy), strategy, 2, 300) with { WallMs = run.WallMs, Operators = run.Operators });
    }

    [Fact]
    public void ARacedRunNeverPassesItsBudgetAndBuysMoreCandidatesWithWhatTheRaceSaves()
    {
        var m = Measure("mixed6", 2, "tpe");
        var raced = SearchRun.OfRace(m, 2, 600);
        var full = SearchRun.OfStrategy(Measure("mixed6", 2, "tpe"), "tpe", 2, 600);
        Assert.True(raced.Trials <= 600, $"{raced.Trials} trials");
        // eliminated candidates stop early, so the same budget measures more of them than full evaluation does
        Assert.True(raced.Candidates > full.Candidates, $"raced {raced.Candidates} candidates, full {full.Candidates}");
        Assert.True(raced.Trials < raced.Candidates * m.TrialsPerCandidate);
        Assert.NotNull(raced.Best);
        Assert.Equal(m.Distance(raced.Best!), raced.F);
        Assert.Equal(raced, SearchRun.OfRace(Measure("mixed6", 2, "tpe"), 2, 600) with { WallMs = raced.WallMs });
    }

    [Fact]
    public void WithOperatorsARunRecordsEachDecisionWithItsRealisedGain()
    {
        var m = Measure("mixed6", 3, "ga");
        var run = SearchRun.OfStrategy(m, "ga" + SearchRun.WithOperators, 3, 900);
        Assert.True(run.Trials <= 900);
        Assert.NotEmpty(run.Operators);
        Assert.All(run.Operators, o => Assert.NotEqual(Dream.Core.Evolution.PopulationOperator.None, o.Decision.Operator));
        Assert.Empty(SearchRun.OfStrategy(Measure("mixed6", 3, "ga"), "ga", 3, 900).Operators);
    }

    [Fact]
    public void QuartilesInterpolateBetweenOrderStatistics()
    {
        double[] v = [1, 2, 3, 4];
        Assert.Equal(2.5, SearchBench.Quantile(v, 0.5));
        Assert.Equal(1.75, SearchBench.Quantile(v, 0.25));
        Assert.Equal(3.25, SearchBench.Quantile(v, 0.75));
    }

    [Fact]
    public void TheCommandWritesItsDocument()
    {
        var file = tmp.Resolve("search.json");
        var r = Commands.Cli.Run("bench", "search", "--seeds", "2", "--budget", "120", "--landscapes", "mixed3",
            "--strategies", "ga,tpe", "--data", tmp.Resolve("data"), "--out", file);
        Assert.True(r.ExitCode == ExitCodes.Ok, r.Out + r.Err);
        var doc = JsonNode.Parse(File.ReadAllText(file))!;
        Assert.Equal(SearchBench.Schema, (string?)doc["schema"]);
        var results = doc["results"]!.AsArray();
        Assert.Equal(["ga", "tpe"], results.Select(x => (string?)x!["strategy"]));
        Assert.All(results, x => Assert.Equal(2, x!["runs"]!.AsArray().Count));
        Assert.All(results, x => Assert.True((double)x!["mean_trials"]! <= 120));
        Assert.Contains("| mixed3 | tpe |", r.Out);
        // a figure per landscape beside the JSON, named after it
        Assert.Equal(["search-mixed3.png"], doc["figures"]!.AsArray().Select(x => (string?)x));
        var png = File.ReadAllBytes(tmp.Resolve("search-mixed3.png"));
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png.Take(4));
        Assert.Contains("<svg ", File.ReadAllText(tmp.Resolve("search-mixed3.svg")));
    }

    [Fact]
    public void TheOptunaPeerProposesWithinTheBudgetOrSaysWhyNot()
    {
        var m = Measure("mixed3", 1);
        SearchRun run;
        try
        {
            run = OptunaPeer.Run(m, 1, 40);
        }
        catch (OptunaPeer.Unavailable e)
        {
            // Where python3-optuna is not installed the peer must say so, not fail otherwise.
            Assert.True(e.Message.Contains("optuna") || e.Message.Contains("not installed"), e.Message);
            return;
        }
        Assert.Equal(40, run.Trials);
        Assert.Equal(5, run.Candidates);
        Assert.NotNull(run.Best);
        Assert.Equal(m.Distance(run.Best!), run.F);
    }

    [Fact]
    public void APeerThatCannotRunIsReportedUnavailableWithTheReason()
    {
        var missing = tmp.Resolve("no-python");
        Environment.SetEnvironmentVariable(OptunaPeer.PythonEnv, missing);
        try
        {
            var file = tmp.Resolve("peer.json");
            var r = Commands.Cli.Run("bench", "search", "--seeds", "1", "--budget", "40", "--landscapes", "mixed3",
                "--strategies", "ga", "--peer", "optuna", "--data", tmp.Resolve("data"), "--out", file);
            Assert.True(r.ExitCode == ExitCodes.Ok, r.Out + r.Err);
            Assert.Contains("unavailable: " + missing + " is not installed", r.Out);
            var peer = JsonNode.Parse(File.ReadAllText(file))!["results"]!.AsArray().Single(x => (bool)x!["peer"]!)!;
            Assert.False((bool)peer["available"]!);
            Assert.Empty(peer["runs"]!.AsArray());
        }
        finally
        {
            Environment.SetEnvironmentVariable(OptunaPeer.PythonEnv, null);
        }
    }

    [Fact]
    public void AnUnknownLandscapeOrStrategyIsBadUsage()
    {
        var a = Commands.Cli.Run("bench", "search", "--landscapes", "nowhere", "--data", tmp.Resolve("data"));
        Assert.True(a.ExitCode == ExitCodes.Usage, a.Out + a.Err);
        var b = Commands.Cli.Run("bench", "search", "--strategies", "pso", "--data", tmp.Resolve("data"));
        Assert.True(b.ExitCode == ExitCodes.Usage, b.Out + b.Err);
        var c = Commands.Cli.Run("bench", "search", "--strategies", "pso+race", "--data", tmp.Resolve("data"));
        Assert.True(c.ExitCode == ExitCodes.Usage, c.Out + c.Err);
        Assert.Contains("+race", c.Err);
    }
}
