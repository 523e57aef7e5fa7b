using Dream.Cluster.Runs;
using Dream.Core.Domain;
using Dream.Trials;

namespace Dream.Cluster.Tests.Runs;

public class BaselineMeasurementTests
{
    private static readonly RunSpec Run = Fixtures.Run("2025-01-01T00-00-00_rbase00", "class-a", 1, 4, new ExecutionSpec(2, 0, 0, 0, 1.5),
        new GlobalCaps(3, 60, 2), [Fixtures.Regime("idle", 0), Fixtures.Regime("normal", 0), Fixtures.Regime("stress", 0)]);

    private static TrialResult Failed(string regime, int k, string error) =>
        new(TrialIds.Of(Run.RunId, "sim", "baseline", regime, k), TrialOutcome.Failed, new Dictionary<string, double>(),
            new Dictionary<string, string>(), [], error, 0, "test");

    [Fact]
    public void ARegimeWhoseToolIsMissingSaysHowToRunWithoutIt()
    {
        const string missing = "ToolMissingException: stress-ng is not installed on this node (not found on PATH)";
        var results = new[] { Failed("stress", 0, missing), Failed("stress", 1, missing) }.ToDictionary(r => r.TrialId);
        var r = BaselineMeasurement.Of(Run, "sim", Run.Plan("sim").Regimes[2], Genome.Of(("threads", 8L), ("util", 0.5)), results,
            DateTimeOffset.UnixEpoch);
        Assert.Null(r.Baseline);
        Assert.Equal("baseline of regime stress: only 0 of 2 trials succeeded (min_successful_trials 2): " + missing
            + " (install it, or leave the regime out: --regimes idle,normal)", r.Error);
    }

    [Fact]
    public void AnotherFailureGetsNoSuchHint()
    {
        var results = new[] { Failed("stress", 0, "exit 1"), Failed("stress", 1, "exit 1") }.ToDictionary(r => r.TrialId);
        var r = BaselineMeasurement.Of(Run, "sim", Run.Plan("sim").Regimes[2], Genome.Of(("threads", 8L), ("util", 0.5)), results,
            DateTimeOffset.UnixEpoch);
        Assert.EndsWith("(min_successful_trials 2): exit 1", r.Error);
    }
}
