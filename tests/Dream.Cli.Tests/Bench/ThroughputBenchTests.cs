using System.Text.Json.Nodes;
using Dream.Cli.Bench;
using Dream.Cli.Commands;
using Dream.Cli.Tests.Commands;
using Dream.Cluster.Runs;
using Dream.Trials;

namespace Dream.Cli.Tests.Bench;

/// <summary><c>dream bench throughput</c> and <c>dream bench scaling</c>: what they record and how they refuse. No timing is asserted.</summary>
public sealed class ThroughputBenchTests : IDisposable
{
    private const string NoServer = "postgresql://nobody@127.0.0.1:1/nothing";

    private readonly TempDir tmp = new();

    public void Dispose() => tmp.Dispose();

    private static JsonNode ReadJson(string file) => JsonNode.Parse(File.ReadAllText(file))!;

    [Fact]
    public void ATinyBenchRecordsEveryPlannedTrialOnceAndWritesItsResults()
    {
        var @out = tmp.Resolve("bench.json");
        var r = Commands.Cli.Run("bench", "throughput", "--db", "sqlite", "--population", "3", "--generations", "1", "--trials", "2",
            "--warmup-generations", "0", "--data", tmp.Resolve("data"), "--out", @out);
        Assert.True(r.ExitCode == ExitCodes.Ok, r.Out + r.Err);
        var doc = ReadJson(@out);
        Assert.Equal("bench_throughput.v1", (string?)doc["schema"]);
        Assert.Equal("tpe", (string?)doc["strategy"]);
        Assert.Equal("full", (string?)doc["allocation"]);
        var results = doc["results"]!.AsArray();
        Assert.True(results.Count == 1, doc.ToJsonString());
        var sqlite = results[0]!;
        Assert.Equal("sqlite", (string?)sqlite["db"]);
        // one generation of 3 candidates and the baseline, 2 regimes x 2 trials each, nothing reused
        Assert.Equal((3 + 1) * 2 * 2, (long)sqlite["trials_planned"]!);
        Assert.Equal((long)sqlite["trials_planned"]!, (long)sqlite["trials"]!);
        Assert.Equal(0, (long)sqlite["duplicate_trial_ids"]!);
        Assert.Equal(0, (long)sqlite["failed_trials"]!);
        Assert.Equal("completed", (string?)sqlite["outcome"]);
        Assert.True((double)sqlite["trials_per_s"]! > 0, sqlite.ToJsonString());
        Assert.True((double)sqlite["overhead_ms_per_trial"]! > 0, sqlite.ToJsonString());
        Assert.Equal(1, (int)sqlite["slots"]!);
        Assert.Equal(16, sqlite["trials_by_node"]!.AsObject().Sum(e => (long)e.Value!));
        Assert.False(string.IsNullOrEmpty((string?)doc["code_hash"]));
        Assert.NotNull(doc["runtime"]?["framework"]);
        Assert.Contains("trials/s", r.Out);
        // the measurement's own journal and files are gone; only the results stay
        Assert.Empty(Directory.EnumerateFileSystemEntries(tmp.Resolve("data", "bench")));
    }

    [Fact]
    public void TheStrategyAndAllocationOfTheMeasuredRunsAreChosenAndRecorded()
    {
        var @out = tmp.Resolve("ga.json");
        var r = Commands.Cli.Run("bench", "throughput", "--db", "sqlite", "--population", "4", "--generations", "2", "--trials", "3",
            "--warmup-generations", "0", "--strategy", "ga", "--allocation", "race", "--keep", "--data", tmp.Resolve("data"), "--out", @out);
        Assert.True(r.ExitCode == ExitCodes.Ok, r.Out + r.Err);
        Assert.Contains("sim domain, ga, race allocation", r.Out);
        var doc = ReadJson(@out);
        Assert.Equal("ga", (string?)doc["strategy"]);
        Assert.Equal("race", (string?)doc["allocation"]);
        Assert.Equal("completed", (string?)doc["results"]![0]!["outcome"]);
        // the kept run's manifest says what the run was told
        var manifest = Directory.EnumerateFiles(tmp.Resolve("data", "bench"), "manifest.json", SearchOption.AllDirectories).Single();
        var settings = ReadJson(manifest)["settings"]!;
        Assert.Equal("ga", (string?)settings["strategy"]);
        Assert.Equal("race", (string?)settings["allocation"]);
    }

    [Fact]
    public void AnUnreachablePostgresIsSkippedWithAMessage()
    {
        var @out = tmp.Resolve("pg.json");
        var r = Commands.Cli.Run("bench", "throughput", "--db", "postgres", "--pg-url", NoServer, "--warmup-generations", "0",
            "--data", tmp.Resolve("data"), "--out", @out);
        Assert.True(r.ExitCode == ExitCodes.Infrastructure, r.Out + r.Err);
        Assert.Contains("PostgreSQL unreachable at " + NoServer, r.Err);
        var doc = ReadJson(@out);
        Assert.Empty(doc["results"]!.AsArray());
        Assert.Equal("postgres", (string?)doc["skipped"]![0]!["db"]);
    }

    [Fact]
    public void TheScalingBenchWithoutPostgresEndsWithExit3AndSaysWhy()
    {
        var r = Commands.Cli.Run("bench", "scaling", "--pg-url", NoServer, "--runners", "1", "--data", tmp.Resolve("data"), "--out", tmp.Resolve("s.json"));
        Assert.True(r.ExitCode == ExitCodes.Infrastructure, r.Out + r.Err);
        Assert.Contains("PostgreSQL unreachable at " + NoServer, r.Err);
        Assert.False(File.Exists(tmp.Resolve("s.json")));
    }

    [Theory]
    [InlineData("--runners", "0")]
    [InlineData("--trial-seconds", "0")]
    [InlineData("--trials", "1")]
    [InlineData("--warmup-generations", "-1")]
    [InlineData("--allocation", "ucb")]
    public void BadScalingOptionsAreUsageErrors(string option, string value)
    {
        var r = Commands.Cli.Run("bench", "scaling", "--data", tmp.Resolve("data"), option, value);
        Assert.True(r.ExitCode == ExitCodes.Usage, option + " " + value + ": " + r.Err);
    }

    [Theory]
    [InlineData("--db", "sqlite", "--runner-nodes", "1")]
    [InlineData("--db", "mysql")]
    [InlineData("--slots", "0")]
    [InlineData("--population", "1")]
    [InlineData("--strategy", "nelder-mead")]
    [InlineData("--allocation", "ucb")]
    public void BadThroughputOptionsAreUsageErrors(params string[] bad)
    {
        var r = Commands.Cli.Run(new[] { "bench", "throughput", "--data", tmp.Resolve("data") }.Concat(bad).ToArray());
        Assert.True(r.ExitCode == ExitCodes.Usage, string.Join(" ", bad) + ": " + r.Err);
    }

    [Theory]
    [InlineData("h2", "sqlite")]
    [InlineData("SQLite", "sqlite")]
    [InlineData("postgres", "postgres")]
    [InlineData("both", "both")]
    public void H2IsAnotherNameForTheSqliteJournal(string given, string meant) => Assert.Equal(meant, ThroughputBench.ParseDb(given));

    [Fact]
    public void TheGeneratedConfigValidates()
    {
        var config = BenchSimConfig.Load(tmp.Resolve("config"), 3, 0.5);
        Assert.Equal(new[] { BenchSimConfig.Domain, BenchSimConfig.Warmup }.Order(), config.Domains.Keys.Order());
        Assert.Equal(BenchSimConfig.Regimes, config.Regimes[BenchSimConfig.Domain].Count);
    }

    [Fact]
    public void TheTallyCountsWhatTheJournalHoldsAndSeesATrialRecordedTwice()
    {
        var t0 = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        static TrialResult Trial(string id, string node, TrialOutcome outcome = TrialOutcome.Ok) =>
            new(id, outcome, new Dictionary<string, double>(), new Dictionary<string, string>(), [], null, 0, node);
        var events = new (DomainEvent, DateTimeOffset?)[]
        {
            (new DomainEvent.Started(null!, "bench", "2026-01-01T00:00:00Z"), t0),
            (new DomainEvent.TrialsRecorded([Trial("r/bench/baseline/normal/0", "n1"), Trial("r/bench/baseline/normal/1", "n2")],
                "2026-01-01T00:00:00Z"), t0.AddMilliseconds(100)),
            (new DomainEvent.BaselinesFixed(new Dictionary<string, Dream.Core.Scoring.Baseline>(),
                new Dictionary<string, Dream.Core.Packs.BaselineRecord>(), "2026-01-01T00:00:00Z"), t0.AddMilliseconds(150)),
            (new DomainEvent.TrialsRecorded([Trial("r/bench/gen0_c0/normal/0", "n1", TrialOutcome.Failed), Trial("r/bench/baseline/normal/1", "n2")],
                "2026-01-01T00:00:00Z"), t0.AddMilliseconds(250)),
            (new DomainEvent.CandidateAssessed(0, "gen0_c0", null!, null, null, "2026-01-01T00:00:00Z"), t0.AddMilliseconds(260)),
            (new DomainEvent.CandidateAssessed(0, "gen0_c1", null!, null, "gen0_c0", "2026-01-01T00:00:00Z"), t0.AddMilliseconds(270)),
            (new DomainEvent.Finished("completed", null, null, "2026-01-01T00:00:01Z"), null),
        };
        var tally = JournalTally.Of(events);
        Assert.Equal(7, tally.Events);
        Assert.Equal(2, tally.TrialWrites);
        Assert.Equal(4, tally.Trials);
        Assert.Equal(3, tally.BaselineTrials);
        Assert.Equal(1, tally.DuplicateTrialIds);
        Assert.Equal(1, tally.FailedTrials);
        Assert.Equal(1, tally.CandidatesMeasured);
        Assert.Equal(1, tally.CandidatesReused);
        Assert.Equal(new Dictionary<string, long> { ["n1"] = 2, ["n2"] = 2 }, tally.TrialsByNode);
        Assert.Equal("completed", tally.Outcome);
        Assert.Equal(t0.AddMilliseconds(250), tally.Phases.LastRecorded);
        Assert.Equal(t0.AddMilliseconds(150), tally.Phases.BaselinesFixed);
        // an event without a row timestamp falls back to its own, to the second
        Assert.Equal(t0.AddSeconds(1), tally.Phases.Finished);
        // 2 regimes x 3 trials for the one measured candidate and the baseline
        Assert.Equal(12, tally.Planned(2, 3));
    }

    [Fact]
    public void RowTimestampsAreDateTimeTicks()
    {
        var t = new DateTimeOffset(2026, 12, 6, 20, 5, 47, 898, TimeSpan.Zero);
        Assert.Equal(t, EventTimes.FromStamp(t.UtcTicks));
        Assert.Null(EventTimes.FromStamp(0));
    }
}
