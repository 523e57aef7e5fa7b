using Dream.Cli.Commands;
using Dream.Cluster.Runs;
using Dream.Core.Racing;

namespace Dream.Cli.Tests.Commands;

/// <summary><c>--allocation</c> and the race's options: bad values exit 2 before anything is written; good ones reach the run's settings.</summary>
public sealed class AllocationOptionsTests : IDisposable
{
    private readonly TempDir tmp = new();

    public void Dispose() => tmp.Dispose();

    [Theory]
    [InlineData("--allocation must be race or full (got 'ucb')", "--allocation", "ucb")]
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
}
