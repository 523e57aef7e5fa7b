using System.Text.Json.Nodes;
using Dream.Cli.Bench;
using Dream.Cli.Bench.Recovery;
using Dream.Cli.Commands;
using Dream.Cli.Tests.Commands;

namespace Dream.Cli.Tests.Bench;

/// <summary>
/// <c>dream bench recovery</c>'s refusals and the pure parts its scenarios judge by: log times as instants, the run
/// files' comparison, a scenario's verdict and document. The scenarios themselves need real processes and
/// PostgreSQL; they are run by the bench, and their timings are never asserted.
/// </summary>
public sealed class RecoveryBenchTests : IDisposable
{
    private const string NoServer = "postgresql://nobody@127.0.0.1:1/nothing";

    private readonly TempDir tmp = new();

    public void Dispose() => tmp.Dispose();

    [Fact]
    public void AnUnknownScenarioIsBadUsage()
    {
        var r = Commands.Cli.Run("bench", "recovery", "--scenarios", "a,zz", "--data", tmp.Resolve("data"));
        Assert.True(r.ExitCode == ExitCodes.Usage, r.Out + r.Err);
        Assert.Contains("unknown scenario 'zz'", r.Err);
    }

    [Fact]
    public void NoRoundsIsBadUsage()
    {
        var r = Commands.Cli.Run("bench", "recovery", "--scenarios", "g", "--repeat", "0", "--pg-url", NoServer, "--data", tmp.Resolve("data"));
        Assert.True(r.ExitCode == ExitCodes.Usage, r.Out + r.Err);
        Assert.Contains("--repeat must be at least 1 (got 0)", r.Err);
    }

    [Fact]
    public void AnUnreachablePostgresEndsWithExit3BeforeAnyRun()
    {
        var r = Commands.Cli.Run("bench", "recovery", "--scenarios", "a", "--pg-url", NoServer, "--data", tmp.Resolve("data"));
        Assert.True(r.ExitCode == ExitCodes.Infrastructure, r.Out + r.Err);
        Assert.Contains("PostgreSQL unreachable at " + NoServer, r.Err);
    }

    [Fact]
    public void ScenariosAreChosenByLetterOrNameInTheBenchsOrder()
    {
        var chosen = RecoveryBench.Select(["disk-full", "B", "a"]);
        Assert.Equal(["a", "b", "f"], chosen.Select(s => s.Letter));
        Assert.Equal(RecoveryBench.All.Count, RecoveryBench.Select([]).Count);
        Assert.Equal("failover_s", RecoveryBench.Select(["coordinator-killed"])[0].Key);
    }

    [Fact]
    public void ALogTimeIsTakenOnTheDayNearestTheFaultAcrossMidnight()
    {
        var fault = new DateTimeOffset(2026, 12, 6, 23, 59, 59, 500, TimeZoneInfo.Local.GetUtcOffset(new DateTime(2026, 12, 6, 23, 59, 59)));
        var after = LogLines.Instant(LogLines.ParseTime("00:00:02.250"), fault);
        Assert.Equal(2.75, (after - fault).TotalSeconds, 3);
        var before = LogLines.Instant(LogLines.ParseTime("23:59:58.000"), fault);
        Assert.Equal(-1.5, (before - fault).TotalSeconds, 3);
    }

    [Fact]
    public void TheFirstMatchingLineAfterTheFaultCountsAndEarlierOnesDoNot()
    {
        var fault = new DateTimeOffset(2026, 12, 6, 12, 0, 10, TimeZoneInfo.Local.GetUtcOffset(new DateTime(2026, 12, 6, 12, 0, 10)));
        var one = "12:00:05.000 WARN daemon - Marking node(s) as UNREACHABLE [Member(address = akka.tcp://Dream@127.0.0.1:4001)]\n"
                  + "12:00:16.000 WARN daemon - Marking node(s) as UNREACHABLE [Member(address = akka.tcp://Dream@127.0.0.1:4001)]\n";
        var two = "12:00:14.500 WARN daemon - Marking node(s) as UNREACHABLE [Member(address = akka.tcp://Dream@127.0.0.1:4001)]\n"
                  + "12:00:12.000 WARN daemon - Marking node(s) as UNREACHABLE [Member(address = akka.tcp://Dream@127.0.0.1:4999)]\n";
        var first = LogLines.First([one, two], RecoveryContext.Unreachable("akka.tcp://Dream@127.0.0.1:4001"), fault);
        Assert.Equal(4.5, LogLines.Seconds(fault, first));
        Assert.Null(LogLines.First([one, two], RecoveryContext.Downed("akka.tcp://Dream@127.0.0.1:4001"), fault));
        Assert.Null(LogLines.Seconds(fault, null));
    }

    [Fact]
    public void ARunnersTrialLinesSayWhichTrialsItStartedAndWhichFinished()
    {
        var log = "10:00:00.000 INFO  trial-runner - trial r/bench/baseline/normal/0 started (lease 1)\n"
                  + "10:00:00.400 INFO  trial-runner - trial r/bench/baseline/normal/0 finished: Ok (lease 1)\n"
                  + "10:00:00.410 INFO  trial-runner - trial r/bench/gen0_c1/normal/0 started (lease 2)\n";
        var started = LogLines.StartedTrials(log);
        Assert.Equal([("r/bench/baseline/normal/0", true), ("r/bench/gen0_c1/normal/0", false)], started);
    }

    private string RunDir(string name, string best, params (string Pack, string Json)[] packs)
    {
        var dir = Directory.CreateDirectory(tmp.Resolve(name)).FullName;
        File.WriteAllText(Path.Combine(dir, "best.json"), best);
        foreach (var (pack, json) in packs)
        {
            var file = Path.Combine(dir, "candidates", pack);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllText(file, json);
        }
        return dir;
    }

    [Fact]
    public void RunsThatDifferOnlyInTimesAndIdsHaveTheSameResults()
    {
        var reference = RunDir("ref", """{"run_id": "r1", "created_at_utc": "2026-01-01T00:00:00Z", "score": 1.5}""",
            ("g0/c1.json", """{"knobs": {"a": 1}, "timestamp": "x", "baseline_id": "b1"}"""));
        var same = RunDir("same", """{"score": 1.5, "run_id": "r2", "created_at_utc": "2026-02-02T00:00:00Z"}""",
            ("g0/c1.json", """{"knobs": {"a": 1}, "timestamp": "y", "baseline_id": "b2"}"""));
        Assert.Empty(RunComparison.Differences(reference, same));
    }

    [Fact]
    public void ADifferentScoreOrAMissingPackIsADifference()
    {
        var reference = RunDir("ref", """{"score": 1.5}""", ("g0/c1.json", """{"knobs": {"a": 1}}"""), ("g0/c2.json", """{"knobs": {"a": 2}}"""));
        var other = RunDir("other", """{"score": 1.25}""", ("g0/c1.json", """{"knobs": {"a": 3}}"""));
        var d = RunComparison.Differences(reference, other);
        Assert.Contains("best.json differs from the undisturbed run's", d);
        Assert.Contains(d, x => x.Contains("c2.json missing", StringComparison.Ordinal));
        Assert.Contains(d, x => x.Contains("c1.json differs", StringComparison.Ordinal));
    }

    [Fact]
    public void AScenarioPassesOnlyWhenEveryCheckDoesAndWritesItsTimingsAsFields()
    {
        var r = new ScenarioResult("coordinator-killed", "b", "t");
        Assert.False(r.Passed); // no check yet
        r.Expect("one", true, "fine");
        r.Time("failover_s", 11.5, "");
        r.Time("removed_s", null, "no removal line");
        Assert.True(r.Passed);
        var doc = JsonNode.Parse(Dream.Core.Packs.Json.Compact(r.Document()))!;
        Assert.Equal(11.5, (double)doc["failover_s"]!);
        Assert.Equal("no removal line", (string?)doc["unmeasured"]!["removed_s"]);
        Assert.True((bool)doc["passed"]!);
        r.Expect("two", false, "broken");
        Assert.False(r.Passed);
        var skipped = new ScenarioResult("disk-full", "f", "t").Skip("cannot mount");
        Assert.False(skipped.Passed);
        Assert.Equal("cannot mount", (string?)JsonNode.Parse(Dream.Core.Packs.Json.Compact(skipped.Document()))!["skipped_reason"]);
    }

    [Fact]
    public void AFailoverBreaksDownIntoTheGapsBetweenItsSteps()
    {
        var t = new Dictionary<string, double?>
        {
            ["unreachable_s"] = 5.2, ["downed_s"] = 12.2, ["removed_s"] = 13.2, ["singleton_s"] = 20.2, ["recovered_s"] = 22.5,
            ["recovery_to_first_write_s"] = 0.4,
        };
        var b = ClusterScenarios.Breakdown(t);
        Assert.Equal(5.2, b["1_detection"]);
        Assert.Equal(7.0, b["2_sbr_stable_after"]);
        Assert.Equal(1.0, b["3_leader_removal"]);
        Assert.Equal(7.0, b["4_singleton_handover_margin"]);
        Assert.Equal(2.3, b["5_shard_reallocation_and_journal_recovery"]);
        t["removed_s"] = null;
        Assert.Null(ClusterScenarios.Breakdown(t)["3_leader_removal"]);
    }

    [Fact]
    public void TheDatabaseScenarioNeedsAClusterItMayStopAndStart()
    {
        Assert.Contains("needs --pg-ctl", DatabaseScenario.CannotControl(null, 5432));
        Assert.Contains("takes \"VERSION CLUSTER\"", DatabaseScenario.CannotControl("15", 5432));
    }
}
