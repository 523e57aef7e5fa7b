using Dream.Cli.Commands;
using Dream.Cluster.Runs;
using Dream.Core.Config;
using Dream.Core.Racing;

namespace Dream.Cli.Tests.Commands;

/// <summary><c>--allocation</c> and the race's options: bad values exit 2 before anything is written; good ones reach the run's settings.</summary>
public sealed class AllocationOptionsTests : IDisposable
{
    private readonly TempDir tmp = new();

    public void Dispose() => tmp.Dispose();

    [Theory]
    [InlineData("--allocation must be one of race, full, ucb, thompson, egreedy (got 'bandit')", "--allocation", "bandit")]
    [InlineData("--trial-budget must be at least one block per candidate: at least 8 for a population of 8 (got 7)", "--allocation", "ucb",
        "--population", "8", "--trial-budget", "7")]
    [InlineData("--trial-budget needs a bandit allocation: --allocation ucb, thompson or egreedy", "--trial-budget", "20")]
    [InlineData("--trial-budget needs a bandit allocation: --allocation ucb, thompson or egreedy", "--allocation", "race", "--trial-budget", "20")]
    [InlineData("--race-first-test and --race-confidence need --allocation race (a bandit has no race", "--allocation", "thompson",
        "--race-confidence", "0.9")]
    [InlineData("--race-first-test and --race-confidence need --allocation race (a bandit has no race", "--allocation", "egreedy",
        "--race-first-test", "3")]
    [InlineData("--race-confidence must be a number in (0, 1) (got '1.5')", "--allocation", "race", "--race-confidence", "1.5")]
    [InlineData("--race-confidence must be a number in (0, 1) (got '0')", "--allocation", "race", "--race-confidence", "0")]
    [InlineData("--race-confidence must be a number in (0, 1) (got 'high')", "--allocation", "race", "--race-confidence", "high")]
    [InlineData("--race-first-test must be at least 1 (got 0)", "--allocation", "race", "--race-first-test", "0")]
    [InlineData("--race-first-test and --race-confidence need --allocation race", "--allocation", "full", "--race-first-test", "4")]
    public void AreBadUsageAndWriteNothing(string message, params string[] args)
    {
        var data = tmp.Resolve("data");
        var r = Cli.Run(new[] { "run", "--domain", "sim" }.Concat(args).Concat(new[] { "--data", data }).ToArray());
        Assert.True(r.ExitCode == ExitCodes.Usage, r.Err);
        Assert.StartsWith("dream: ", r.Err);
        Assert.Contains(message, r.Err);
        Assert.False(Directory.Exists(data), "wrote " + data);
    }

    [Fact]
    public void ARaceIsTheDefaultAndIsRecordedInTheRunsSettingsAndAFullRunsSettingsStayAsBefore()
    {
        var raced = new AllocationValues("race", 5, "0.9").Validated();
        Assert.Equal(5, raced.Race()!.FirstTest);
        Assert.Equal(0.9, raced.Race()!.Confidence);
        Assert.Equal(RaceSettings.Default, new AllocationValues(null, null, null).Validated().Race());
        Assert.Null(new AllocationValues("full", null, null).Validated().Race());
        Assert.Equal(RunSpec.RaceAllocation, new AllocationValues(null, null, null).Effective());
        Assert.Equal(0.9, new AllocationValues(null, null, "0.9").Validated().Race()!.Confidence);
    }

    private static RunSpec Spec(AllocationValues a) =>
        RunSpecs.Create(ConfigLoader.Load(Path.Combine(Cli.RepoRoot(), "config")),
            new RunSpecs.Choices(["sim"], 5, 2, 3, [], 7, null, false, a.Validated(5).Race(), Bandit: a.Bandit(), TrialBudget: a.TrialBudget),
            "2026-01-01T00-00-00_rabcdef", DateTimeOffset.UtcNow, "nc");

    [Fact]
    public void ABanditRunRecordsItsAllocationAndBudgetAndFullAndRaceSettingsStayAsBefore()
    {
        var explicitBudget = Spec(new AllocationValues("thompson", null, null, 12));
        Assert.Equal("thompson", explicitBudget.Settings[RunSpec.AllocationKey]);
        Assert.Equal(12L, explicitBudget.Settings[RunSpec.TrialBudgetKey]);
        Assert.True(explicitBudget.Bandited);
        Assert.Equal(BanditStrategy.Thompson, explicitBudget.Bandit!.Strategy);
        Assert.False(explicitBudget.Raced);

        // default: half of 5 candidates × regimes × 3 trials, rounded up
        var byDefault = Spec(new AllocationValues("ucb", null, null));
        var regimes = byDefault.Plan("sim").Regimes.Count;
        Assert.Equal((long)((5 * regimes * 3 + 1) / 2), byDefault.Settings[RunSpec.TrialBudgetKey]);

        var full = Spec(new AllocationValues("full", null, null));
        Assert.False(full.Settings.ContainsKey(RunSpec.AllocationKey));
        Assert.False(full.Settings.ContainsKey(RunSpec.TrialBudgetKey));
        var raced = Spec(new AllocationValues("race", null, null));
        Assert.Equal(RunSpec.RaceAllocation, raced.Settings[RunSpec.AllocationKey]);
        Assert.False(raced.Settings.ContainsKey(RunSpec.TrialBudgetKey));
        Assert.Null(raced.Bandit);
    }

    [Fact]
    public void TheDefaultBudgetIsHalfOfFullEvaluationRoundedUpAndAtLeastOneBlockPerCandidate()
    {
        Assert.Equal(24, BanditBudget.Default(8, 2, 3));
        Assert.Equal(8, BanditBudget.Default(5, 1, 3));
        Assert.Equal(8, BanditBudget.Default(8, 1, 1));
        Assert.Equal(8, BanditBudget.Minimum(8));
    }

    [Fact]
    public void TheHelpOfRunNamesTheBanditsAndTheBudget()
    {
        var r = Cli.Run("run", "--help");
        Assert.Contains("race|full|ucb|thompson|egreedy", r.Out);
        Assert.Contains("--trial-budget", r.Out);
    }
}
