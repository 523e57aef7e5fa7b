using System.Globalization;
using Akka;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.TestKit.Xunit2;
using Dream.Cluster.Baselines;
using Dream.Cluster.Dispatch;
using Dream.Cluster.Runs;
using Dream.Core.Domain;
using Dream.Core.Packs;
using Dream.Core.Racing;
using Dream.Trials;
using Xunit.Abstractions;

namespace Dream.Cluster.Tests.Runs;

/// <summary>
/// <c>--allocation race</c> on a one-node cluster with the journal in SQLite: a clearly bad candidate is eliminated
/// early, by a journaled event, and the run spends fewer trials than full evaluation; a raced run stopped mid-race and
/// restarted ends exactly as an uninterrupted one.
/// </summary>
public sealed class RaceCoordinatorTests(ITestOutputHelper output)
    : TestKit(TestSystems.Cluster(TestSystems.FreshJournal()), "RaceCoordinatorTests", output)
{
    private static readonly TimeSpan RunTimeout = CoordinatorRuns.RunTimeout;
    private static readonly TimeSpan T = CoordinatorRuns.T;

    private IActorRef _stores = ActorRefs.Nobody;

    /// <summary>The sim's KPIs, except that candidate 3 of generation 0 is clearly bad: a fifth of the perf, five times the p95.</summary>
    private sealed class OneBadCandidate(SimExecutor sim) : ITrialExecutor
    {
        public static bool IsBad(TrialSpec s) => s.CandId == "gen0_c3";

        public TrialResult Run(TrialSpec spec)
        {
            var r = sim.Run(spec);
            if (!IsBad(spec)) return r;
            var kpis = new Dictionary<string, double>(r.Kpis) { ["perf"] = r.Kpis["perf"] * 0.2, ["p95_ms"] = r.Kpis["p95_ms"] * 5 };
            return r with { Kpis = kpis };
        }
    }

    private async Task StartCluster() => _stores = await CoordinatorRuns.StartCluster(Sys);

    /// <summary>Two regimes of the same landscape, three trials each: six blocks, the first test after block 2.</summary>
    private static RunSpec Run(string runId, bool raced)
    {
        // a node class per run: runs of one class would share the BaselineStore's baselines and measure none
        var run = Fixtures.Run(runId, "class-" + runId[^6..], 2, 6, new ExecutionSpec(3, 0, 0, 1, 1.5), new GlobalCaps(3, 60, 2),
            [Fixtures.Regime("normal", 0), Fixtures.Regime("stress", 0)]);
        if (!raced) return run;
        var settings = run.Settings.ToList();
        settings.Add(new(RunSpec.AllocationKey, RunSpec.RaceAllocation));
        settings.Add(new(RunSpec.RaceConfidenceKey, 0.95));
        return run with { Settings = Canonical.Map(settings) };
    }

    private Props Coordinator(IActorRef dispatcher, RunSpec run) => CoordinatorRuns.Coordinator(_stores, dispatcher, run, CreateTestProbe().Ref);

    private static Task StartRun(IActorRef coordinator, RunSpec run) => CoordinatorRuns.StartRun(coordinator, run);

    private static Task<DomainCoordinator.Progress> AwaitFinished(IActorRef coordinator, RunSpec run) => CoordinatorRuns.AwaitFinished(coordinator, run);

    private Task<IReadOnlyList<DomainEvent>> Events(RunSpec run) => CoordinatorRuns.Events(Sys, run);

    private Task<(DomainCoordinator.Progress Done, IReadOnlyList<DomainEvent> Events)> RunToEnd(RunSpec run, ITrialExecutor executor) =>
        CoordinatorRuns.RunToEnd(Sys, _stores, run, executor, CreateTestProbe().Ref);

    [Fact]
    public async Task AClearlyBadCandidateIsEliminatedEarlyAndTheRaceSpendsFewerTrialsThanFull()
    {
        await StartCluster();
        var (full, fullEvents) = await RunToEnd(Run("2025-01-01T00-00-00_rfull00", false), new OneBadCandidate(new SimExecutor()));
        var (raced, events) = await RunToEnd(Run("2025-01-01T00-00-00_rraced0", true), new OneBadCandidate(new SimExecutor()));
        Assert.Equal("completed", raced.Finished);
        Assert.Empty(fullEvents.OfType<DomainEvent.CandidateEliminated>());

        var eliminations = events.OfType<DomainEvent.CandidateEliminated>().ToList();
        foreach (var e in eliminations)
            output.WriteLine($"{e.CandId} eliminated at block {e.Block}: {e.Test} t={e.Statistic} p={e.PValue} against {e.ComparedWith}");
        var bad = Assert.Single(eliminations, e => e.CandId == "gen0_c3");
        Assert.Equal(PairedTTest.Name, bad.Test);
        Assert.True(bad.Block < 5, "eliminated before the blocks ran out: block " + bad.Block);
        Assert.True(bad.PValue < 0.05 && bad.Statistic > 0 && bad.ComparedWith is not null);

        // it is assessed on what it earned: its trials up to that block, no more
        var trialsOfBad = events.OfType<DomainEvent.TrialsRecorded>().SelectMany(t => t.Results)
            .Count(r => TrialIds.CandOf(r.TrialId) == "gen0_c3");
        Assert.Equal(bad.Block + 1, trialsOfBad);
        var assessedBad = events.OfType<DomainEvent.CandidateAssessed>().Single(a => a.CandId == "gen0_c3");
        Assert.Equal(new PackEvidence(bad.Block + 1, bad.Block + 1, PackEvidence.EliminatedAt(bad.Block)), assessedBad.Pack.Evidence);
        Assert.True(events.ToList().IndexOf(bad) < events.ToList().IndexOf(assessedBad), "the elimination is journaled before the assessment");
        PackSchema.AssertValid(assessedBad.Pack);

        // survivors ran the whole race; an eliminated candidate is never the best
        var measured = events.OfType<DomainEvent.CandidateAssessed>().Where(a => a.ReusedFrom == null).ToList();
        var eliminated = eliminations.Select(e => e.CandId).ToHashSet();
        Assert.All(measured.Where(a => !eliminated.Contains(a.CandId)), a => Assert.Equal(PackEvidence.Completed, a.Pack.Evidence!.Stopped));
        Assert.DoesNotContain(raced.BestCandId, eliminated);
        Assert.All(events.OfType<DomainEvent.GenerationCompleted>(), g => Assert.DoesNotContain(g.BestCandId, eliminated));

        output.WriteLine($"trials recorded: race {raced.TrialsRecorded}, full {full.TrialsRecorded}; best race {raced.BestScore}, full {full.BestScore}");
        Assert.True(raced.TrialsRecorded < full.TrialsRecorded, $"race {raced.TrialsRecorded} vs full {full.TrialsRecorded}");
        var ids = events.OfType<DomainEvent.TrialsRecorded>().SelectMany(t => t.Results).Select(r => r.TrialId).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public async Task ARacedCoordinatorStoppedMidRaceEndsExactlyAsAnUninterruptedOne()
    {
        await StartCluster();
        var (expected, calmEvents) = await RunToEnd(Run("2025-01-01T00-00-00_rcalm00", true), new OneBadCandidate(new SimExecutor()));
        Assert.NotEmpty(calmEvents.OfType<DomainEvent.CandidateEliminated>());

        // the same run under another id, stopped while a trial of block 3 (after the first eliminations, and before the
        // survivors have the four blocks after which a race down to its floor may end) is in flight
        var sim = new SimExecutor(s => s.RunId == "2025-01-01T00-00-00_rstop00" && s.CandId.StartsWith("gen0_", StringComparison.Ordinal)
            && s.Regime == "stress" && s.Index == 1, 1);
        var dispatcher = Sys.ActorOf(SimDispatcher.Props(new OneBadCandidate(sim)));
        var run = Run("2025-01-01T00-00-00_rstop00", true);
        var first = Sys.ActorOf(Coordinator(dispatcher, run));
        await StartRun(first, run);
        await sim.Held.Task.WaitAsync(RunTimeout);
        // the elimination of the bad candidate (decided at an earlier block) is journaled; generation 0 is not over
        await AwaitAssertAsync(async () =>
            Assert.Contains(await Events(run), e => e is DomainEvent.CandidateEliminated { CandId: "gen0_c3" }), T);
        Assert.DoesNotContain(await Events(run), e => e is DomainEvent.GenerationCompleted);
        Watch(first);
        Sys.Stop(first);
        ExpectTerminated(first, T);
        await Task.Delay(500); // a write the stopped coordinator had in flight lands before the new one reads
        sim.Release.SetResult(); // its outcome goes nowhere: the restarted coordinator asks again

        var second = Sys.ActorOf(Coordinator(dispatcher, run));
        var after = await AwaitFinished(second, run);
        var resumedEvents = await Events(run);

        output.WriteLine("calm:    " + string.Join("; ", Eliminations(calmEvents)));
        output.WriteLine("resumed: " + string.Join("; ", Eliminations(resumedEvents)));
        foreach (var (k, v) in Assessments(calmEvents)) output.WriteLine($"calm {k}: {v}");
        foreach (var (k, v) in Assessments(resumedEvents)) output.WriteLine($"resumed {k}: {v}");
        Assert.Equal(expected.Finished, after.Finished);
        Assert.Equal(expected.BestCandId, after.BestCandId);
        Assert.Equal(expected.BestScore, after.BestScore);
        Assert.Equal(expected.TrialsRecorded, after.TrialsRecorded);
        Assert.Equal(Eliminations(calmEvents), Eliminations(resumedEvents));
        Assert.Equal(Assessments(calmEvents), Assessments(resumedEvents));
        Assert.Equal(calmEvents.OfType<DomainEvent.GenerationProposed>().Select(g => g.Genomes.ToList()),
            resumedEvents.OfType<DomainEvent.GenerationProposed>().Select(g => g.Genomes.ToList()));
        var ids = resumedEvents.OfType<DomainEvent.TrialsRecorded>().SelectMany(t => t.Results).Select(r => r.TrialId).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    /// <summary>Holds generation 0's trials until told to release them, and says how many it holds.</summary>
    private sealed class HoldingDispatcher : ReceiveActor
    {
        public sealed record Held;

        public sealed record Release;

        private readonly List<TrialDispatcher.Submit> _held = new();
        private bool _released;

        public HoldingDispatcher(ITrialExecutor executor)
        {
            void RunIt(TrialDispatcher.Submit s) => Task.Run(() => s.ReplyTo.Tell(new TrialDispatcher.Completed(executor.Run(s.Spec))));
            Receive<TrialDispatcher.Submit>(s =>
            {
                if (!_released && s.Spec.CandId.StartsWith("gen0_", StringComparison.Ordinal)) _held.Add(s);
                else RunIt(s);
            });
            Receive<TrialDispatcher.Cancel>(_ => { });
            Receive<Held>(_ => Sender.Tell(_held.Select(h => h.Spec.TrialId).Distinct().Count()));
            Receive<Release>(_ =>
            {
                _released = true;
                foreach (var h in _held) RunIt(h);
                _held.Clear();
            });
        }
    }

    [Fact]
    public async Task BeforeTheFirstTestEveryCandidateIsSentAllItsFirstBlocksAtOnce()
    {
        await StartCluster();
        var run = Run("2025-01-01T00-00-00_rwide00", true);
        var dispatcher = Sys.ActorOf(Akka.Actor.Props.Create(() => new HoldingDispatcher(new SimExecutor())));
        var coordinator = Sys.ActorOf(Coordinator(dispatcher, run));
        await StartRun(coordinator, run);
        // six candidates, and nothing is tested before the third block: 18 trials in flight at once, not one block's six,
        // so that the runners are not left idle while a block's last trials finish
        await AwaitAssertAsync(async () => Assert.Equal(6 * 3, await dispatcher.Ask<int>(new HoldingDispatcher.Held(), T)), T);
        await Task.Delay(300);
        Assert.Equal(6 * 3, await dispatcher.Ask<int>(new HoldingDispatcher.Held(), T)); // and no more: block 3 waits for the test
        dispatcher.Tell(new HoldingDispatcher.Release());
        var done = await AwaitFinished(coordinator, run);
        Assert.Equal("completed", done.Finished);
        var events = await Events(run);
        var ids = events.OfType<DomainEvent.TrialsRecorded>().SelectMany(t => t.Results).Select(r => r.TrialId).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    private static List<string> Eliminations(IEnumerable<DomainEvent> events) =>
        events.OfType<DomainEvent.CandidateEliminated>()
            .Select(e => string.Join("|", e.Generation, e.CandId, e.Block, e.Test, Text(e.Statistic), Text(e.PValue), e.ComparedWith)).ToList();

    /// <summary>candId → score, reused from, interval, evidence</summary>
    private static SortedDictionary<string, string> Assessments(IEnumerable<DomainEvent> events)
    {
        var m = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var a in events.OfType<DomainEvent.CandidateAssessed>())
            m[a.CandId] = string.Join("|", Text(a.Score), a.ReusedFrom ?? "-",
                a.Pack.Aggregate.ScoreCi95 == null ? "-" : string.Join(",", a.Pack.Aggregate.ScoreCi95.Select(d => Text(d))),
                a.Pack.Evidence?.ToJson().ToJsonString() ?? "-");
        return m;
    }

    private static string Text(double? d) => d?.ToString("R", CultureInfo.InvariantCulture) ?? "null";
}
