using System.Text.Json.Nodes;
using Dream.Cli.Bench;
using Dream.Cli.Commands;
using Dream.Cli.Tests.Commands;
using Dream.Core.Racing;

namespace Dream.Cli.Tests.Bench;

/// <summary>
/// <c>dream bench racing</c>: the allocations spend what they say on the same campaign, a replay decides the same, and
/// the command writes its document and refuses bad input. Figures are the bench's to report, never asserted here.
/// </summary>
public sealed class RacingBenchTests : IDisposable
{
    private readonly TempDir tmp = new();

    public void Dispose() => tmp.Dispose();

    private SimMeasure Measure(string landscape, long seed, int trials)
    {
        var l = SearchLandscape.Named(landscape) with { Trials = trials };
        return new SimMeasure(l.Load(tmp.Resolve(landscape + seed + "-" + Guid.NewGuid().ToString("N"))), SearchLandscape.Domain, seed, "ga",
            l.Population, l.Generations);
    }

    [Fact]
    public void ARaceSpendsLessThanFullEvaluationAndReplaysToTheSameRun()
    {
        var m = Measure("mixed3", 3, 3);
        var full = RacingRun.Of(m, new RacingRun.Full(), 3, 3);
        var raced = RacingRun.Of(m, new RacingRun.Raced(m, RaceSettings.Default), 3, 3);
        Assert.Equal(full.Candidates * m.TrialsPerCandidate, full.Trials);
        Assert.Equal(0, full.Eliminated);
        Assert.True(raced.Eliminated > 0 && raced.Trials < full.Trials, $"race {raced.Trials} ({raced.Eliminated} eliminated), full {full.Trials}");
        Assert.Equal(raced.Trials, raced.TrialSeconds); // sim trials take no time: each counts 1 s
        Assert.NotEmpty(raced.DecisionMs);
        var again = RacingRun.Of(Measure("mixed3", 3, 3), new RacingRun.Raced(m, RaceSettings.Default), 3, 3);
        Assert.Equal((raced.Trials, raced.Eliminated, raced.BestScore, raced.F), (again.Trials, again.Eliminated, again.BestScore, again.F));
    }

    [Fact]
    public void ABanditKeepsToItsTrialBudgetAndJournalsEveryChoiceWithEachArmsIndex()
    {
        var m = Measure("mixed3", 2, 3);
        var ucb = new RacingRun.Bandited(m, BanditSettings.Of("ucb"), 2, 60);
        var run = RacingRun.Of(m, ucb, 2, 2);
        Assert.True(run.Trials <= 2 * 60, $"{run.Trials} trials");
        Assert.NotEmpty(ucb.Choices);
        Assert.All(ucb.Choices, c => Assert.Contains(c.Chosen, c.Indexes.Keys));
        var thompson = new RacingRun.Bandited(m, BanditSettings.Of("thompson"), 2, 60);
        RacingRun.Of(m, thompson, 2, 2);
        var again = new RacingRun.Bandited(m, BanditSettings.Of("thompson"), 2, 60);
        RacingRun.Of(m, again, 2, 2);
        Assert.Equal(thompson.Choices.Select(c => c.Chosen), again.Choices.Select(c => c.Chosen));
        Assert.All(thompson.Choices, c => Assert.NotNull(c.Stream));
    }

    [Fact]
    public void TheCommandWritesItsDocument()
    {
        var outFile = tmp.Resolve("racing.json");
        var r = Commands.Cli.Run("bench", "racing", "--seeds", "1", "--landscapes", "mixed3", "--allocations", "full,race,ucb",
            "--data", tmp.Resolve("data"), "--out", outFile);
        Assert.True(r.ExitCode == ExitCodes.Ok, r.Err + r.Out);
        var doc = JsonNode.Parse(File.ReadAllText(outFile))!;
        Assert.Equal(RacingBench.Schema, (string)doc["schema"]!);
        var results = doc["results"]!.AsArray();
        Assert.Equal(["full", "race", "ucb"], results.Select(x => (string)x!["allocation"]!));
        Assert.Equal(0.0, (double)results[0]!["trial_seconds_saved_vs_full"]!);
        Assert.NotNull(doc["landscapes"]![0]!["race_decision_ms_100_candidates"]!["p99"]);
        Assert.Contains("| mixed3 | race |", r.Out);
    }

    [Theory]
    [InlineData("--trial-budget must be at least one block per candidate: 12 on landscape mixed3 (got 5)", "--trial-budget", "5")]
    [InlineData("--allocations: unknown allocation bogus", "--allocations", "bogus")]
    [InlineData("--race-confidence must be a number in (0, 1) (got '1')", "--race-confidence", "1")]
    public void BadInputIsUsage(string message, params string[] args)
    {
        var r = Commands.Cli.Run(new[] { "bench", "racing", "--landscapes", "mixed3", "--data", tmp.Resolve("data") }.Concat(args).ToArray());
        Assert.True(r.ExitCode == ExitCodes.Usage, r.Err);
        Assert.Contains(message, r.Err);
    }
}
