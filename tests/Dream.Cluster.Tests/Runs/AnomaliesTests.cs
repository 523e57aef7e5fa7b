using Dream.Cluster.Baselines;
using Dream.Cluster.Runs;
using Dream.Core.Domain;
using Dream.Core.Packs;
using Dream.Core.Scoring;
using Dream.Trials;

namespace Dream.Cluster.Tests.Runs;

/// <summary>
/// The anomalies (<see cref="Anomalies"/>): a stall, a node whose trials fail far more often than the others', a
/// baseline that drifted beyond the previous interval; each decided from journaled state alone.
/// </summary>
public sealed class AnomaliesTests
{
    private static readonly Anomalies.Settings Settings = Anomalies.Settings.Default;

    [Fact]
    public void AStallIsReportedOnceWhenTheBestHasNotImprovedForKGenerations()
    {
        // best improves up to generation 1 (0.2), then generations 2..6 bring nothing strictly better
        double?[] bests = [0.1, 0.2, 0.2, 0.15, null, 0.19, 0.2, 0.1];
        var at = Enumerable.Range(1, bests.Length).Select(n => Anomalies.StallAt(bests[..n], 5, "t")).ToList();
        Assert.Equal([6], at.Select((a, g) => (a, g)).Where(x => x.a is not null).Select(x => x.g));
        var stall = at[6]!;
        Assert.Equal((6, Anomalies.Stall, 5.0, 5.0), (stall.Generation, stall.Kind, stall.Value, stall.Threshold));
        Assert.Contains("generation 1", stall.Detail);
        // an improvement ends the stall; a new one needs K generations again
        double?[] again = [.. bests[..7], 0.3, 0.3, 0.3, 0.3, 0.3, 0.3];
        Assert.Null(Anomalies.StallAt(again[..12], 5, "t"));
        Assert.NotNull(Anomalies.StallAt(again, 5, "t"));
    }

    [Fact]
    public void NoSafeCandidateForKGenerationsIsAStallToo()
    {
        Assert.Null(Anomalies.StallAt([null, null], 3, "t"));
        var stall = Assert.IsType<DomainEvent.AnomalyDetected>(Anomalies.StallAt([null, null, null], 3, "t"));
        Assert.Contains("no safe candidate", stall.Detail);
        Assert.Null(Anomalies.StallAt([0.5, 0.6, 0.7], 0, "t"));
    }

    private static IEnumerable<TrialResult> On(string node, int trials, int failed) =>
        Enumerable.Range(0, trials).Select(i => new TrialResult(TrialIds.Of("r1", "sim", "gen0_c" + i % 4, "normal", i),
            i < failed ? TrialOutcome.Failed : TrialOutcome.Ok, new Dictionary<string, double>(), new Dictionary<string, string>(), [],
            i < failed ? "boom" : null, 0.1, node));

    [Fact]
    public void ANodeWhoseTrialsFailFarMoreOftenThanTheOthersIsReported()
    {
        var trials = On("n2", 12, 7).Concat(On("n1", 30, 1)).Concat(On("n3", 30, 0)).ToList();
        var found = Anomalies.NodeFailuresIn(3, trials, Settings, "t");
        var a = Assert.Single(found);
        Assert.Equal((3, Anomalies.NodeFailures, "n2"), (a.Generation, a.Kind, a.Subject));
        Assert.Equal(7.0 / 12, a.Value, 12);
        Assert.Equal(1.0 / 60, a.Threshold, 12);
        Assert.Contains("7 of 12 trials failed on n2", a.Detail);
    }

    [Fact]
    public void SimilarFailureRatesTooFewTrialsOrOneNodeAreNoAnomaly()
    {
        Assert.Empty(Anomalies.NodeFailuresIn(0, On("n1", 10, 3).Concat(On("n2", 30, 8)), Settings, "t"));
        Assert.Empty(Anomalies.NodeFailuresIn(0, On("n1", 4, 4).Concat(On("n2", 30, 0)), Settings, "t"));
        Assert.Empty(Anomalies.NodeFailuresIn(0, On("n1", 40, 40), Settings, "t"));
        Assert.Empty(Anomalies.NodeFailuresIn(0, On("n1", 20, 20).Concat(On("n2", 20, 20)), Settings, "t"));
    }

    private static BaselineRecord Record(string regime, double perf, double lo, double hi, DateTimeOffset at, double? watts = null) =>
        new("sim", regime,
            watts is { } w ? new Dictionary<string, double> { ["perf"] = perf, ["watts"] = w } : new Dictionary<string, double> { ["perf"] = perf },
            new Dictionary<string, IReadOnlyList<double>> { ["perf"] = [lo, hi] }, 3, Genome.Of(("threads", 8L)), "test", "h", at,
            BaselineRecord.MakeBaselineId("sim", regime, at));

    [Fact]
    public void ABaselineThatMovedBeyondThePreviousIntervalHasDrifted()
    {
        var t0 = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
        var previous = Record("normal", 100, 98, 102, t0, watts: 50);
        var drifted = Anomalies.BaselineDriftOf("normal", previous, Record("normal", 105, 103, 107, t0.AddDays(8), watts: 90), "t");
        var a = Assert.Single(drifted); // watts has no interval in the previous baseline: not judged
        Assert.Equal((-1, Anomalies.BaselineDrift, "normal/perf", 2.5, 1.0), (a.Generation, a.Kind, a.Subject, a.Value, a.Threshold));
        Assert.Contains("sim_normal_2026-12-01T00-00-00Z", a.Detail);
        Assert.Empty(Anomalies.BaselineDriftOf("normal", previous, Record("normal", 101, 99, 103, t0.AddDays(8)), "t"));
        Assert.Equal([("perf", 0.5)], Anomalies.DriftRatios(previous, Record("normal", 99, 97, 101, t0.AddDays(8))));
    }

    [Fact]
    public void TheBaselineStoreRemembersTheBaselineARefreshReplaced()
    {
        var t0 = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
        BaselineStore.Stored S(double perf, DateTimeOffset at) =>
            new(new Baseline(BaselineRecord.MakeBaselineId("sim", "normal", at), new Dictionary<string, double> { ["perf"] = perf }),
                Record("normal", perf, perf - 1, perf + 1, at), "fp");
        var retired = new BaselineStore.State()
            .Apply(new BaselineStore.Recorded(S(100, t0)))
            .Apply(new BaselineStore.Retired("dream baselines refresh", "t"))
            .Apply(new BaselineStore.Recorded(S(104, t0.AddDays(1))));
        Assert.Equal(100, retired.Previous["normal"].Record.Kpis["perf"]);
        Assert.Equal(104, retired.ByRegime["normal"].Record.Kpis["perf"]);
        var replaced = new BaselineStore.State().Apply(new BaselineStore.Recorded(S(100, t0))).Apply(new BaselineStore.Recorded(S(97, t0.AddDays(8))));
        Assert.Equal(100, replaced.Previous["normal"].Record.Kpis["perf"]);
        Assert.Empty(new BaselineStore.State().Apply(new BaselineStore.Recorded(S(100, t0))).Previous);
    }

    /// <summary>A generation of 4 candidates whose trials ran on two nodes, one of which failed most of its trials.</summary>
    private static DomainState Generation0()
    {
        var s = new DomainState();
        s.Apply(new DomainEvent.Started(Fixtures.Run("r1", "test", 4, 4, 3), "sim", "t"));
        s.Apply(new DomainEvent.BaselinesFixed(new Dictionary<string, Baseline>(), new Dictionary<string, BaselineRecord>(), "t"));
        s.Apply(new DomainEvent.GenerationProposed(0, Enumerable.Range(0, 4).Select(i => Genome.Of(("threads", (long)i + 1), ("util", 0.5))).ToList(), "t"));
        var results = Enumerable.Range(0, 4).SelectMany(c => Enumerable.Range(0, 6).Select(k =>
            new TrialResult(TrialIds.Of("r1", "sim", DomainState.CandId(0, c), "normal", k), k < 3 && c < 3 ? TrialOutcome.Failed : TrialOutcome.Ok,
                new Dictionary<string, double>(), new Dictionary<string, string>(), [], null, 0.1, k < 3 ? "bad-node" : "good-node"))).ToList();
        s.Apply(new DomainEvent.TrialsRecorded(results, "t"));
        return s;
    }

    [Fact]
    public void TheCoordinatorDecidesTheSameAnomaliesFromTheStateAndFromItsSnapshot()
    {
        var s = Generation0();
        var completed = new DomainEvent.GenerationCompleted(0, null, null, null, 0, 4, "t");
        var settings = Settings with { StallGenerations = 1 };
        var found = DomainCoordinator.AnomaliesAt(s, completed, settings).Cast<DomainEvent.AnomalyDetected>().ToList();
        Assert.Equal([(Anomalies.Stall, "domain"), (Anomalies.NodeFailures, "bad-node")], found.Select(a => (a.Kind, a.Subject)));
        Assert.Equal(found, DomainCoordinator.AnomaliesAt(s.Copy(), completed, settings));
        Assert.Empty(DomainCoordinator.AnomaliesAt(s, completed, settings with { StallGenerations = 2, NodeExcessRate = 0.9 }));
    }
}

/// <summary>The anomalies reach the report's and the dashboard's projection, in journal order.</summary>
public sealed class AnomalyProjectionTests
{
    [Fact]
    public void TheRunHistoryKeepsEachDomainsAnomalies()
    {
        var h = new Dream.Cluster.Reports.RunHistory();
        h.OnEvent("sim", new DomainEvent.AnomalyDetected(-1, Anomalies.BaselineDrift, "normal/perf", 2.5, 1, "moved", "t"));
        h.OnEvent("sim", new DomainEvent.AnomalyDetected(5, Anomalies.Stall, "domain", 5, 5, "flat", "t"));
        h.OnEvent("cpu", new DomainEvent.GenerationCompleted(0, null, null, null, 0, 1, "t"));
        var d = h.Domains();
        Assert.Equal([Anomalies.BaselineDrift, Anomalies.Stall], d["sim"].Anomalies.Select(a => a.Kind));
        Assert.Empty(d["cpu"].Anomalies);
    }
}
