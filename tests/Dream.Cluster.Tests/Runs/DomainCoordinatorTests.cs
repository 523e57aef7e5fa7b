using System.Globalization;
using Akka;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using Dream.Cluster.Baselines;
using Dream.Cluster.Dispatch;
using Dream.Cluster.Runs;
using Dream.Core.Domain;
using Dream.Trials;
using Xunit.Abstractions;

namespace Dream.Cluster.Tests.Runs;

/// <summary>The coordinator's scenarios with the journal in a SQLite file.</summary>
public sealed class DomainCoordinatorTests(ITestOutputHelper output)
    : DomainCoordinatorScenarios(TestSystems.Cluster(TestSystems.FreshJournal()), null, output);

/// <summary>
/// The same scenarios with the journal on PostgreSQL (a database of their own, dropped afterwards); skipped with a
/// message when no server answers.
/// </summary>
public sealed class DomainCoordinatorOnPostgresTests : DomainCoordinatorScenarios
{
    private readonly string? _database;

    public DomainCoordinatorOnPostgresTests(ITestOutputHelper output) : this(Database(), output) { }

    private DomainCoordinatorOnPostgresTests((string? Name, string? Why) db, ITestOutputHelper output)
        : base(db.Name == null
            ? TestSystems.PlainLocal()
            : TestSystems.ClusterOn(TestSystems.Journal("PostgreSQL.15", StackProof.PostgresServer.ConnectionString(db.Name))), db.Why, output) =>
        _database = db.Name;

    private static (string? Name, string? Why) Database() =>
        StackProof.PostgresServer.Unavailable() is { } why ? (null, why) : (StackProof.PostgresServer.CreateDatabase("dream_runs_"), null);

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && _database != null) StackProof.PostgresServer.DropDatabase(_database);
    }
}

/// <summary>
/// The DomainCoordinator on a one-node cluster: sharded BaselineStore and coordinators, the dispatcher's protocol
/// answered with the sim workload's numbers, and the journal in SQL (through the real serializers).
/// </summary>
public abstract class DomainCoordinatorScenarios(Akka.Configuration.Config config, string? unavailable, ITestOutputHelper output)
    : TestKit(config, "DomainCoordinatorTests", output)
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan T = TimeSpan.FromSeconds(20);

    private IActorRef _stores = ActorRefs.Nobody;

    /// <summary>False (and why, in the output) when the journal's database is not there.</summary>
    private async Task<bool> StartCluster()
    {
        if (unavailable != null)
        {
            output.WriteLine(unavailable);
            return false;
        }
        await TestSystems.JoinSelf(Sys);
        _stores = await ClusterSharding.Get(Sys).StartAsync(BaselineStore.TypeName, id => BaselineStore.Props(id),
            ClusterShardingSettings.Create(Sys).WithRememberEntities(true), new TestSystems.Extractor());
        return true;
    }

    private IActorRef TrialsOn(SimExecutor executor) => Sys.ActorOf(SimDispatcher.Props(executor));

    private async Task<IActorRef> Sharded(IActorRef dispatcher) =>
        await ClusterSharding.Get(Sys).StartAsync(DomainCoordinator.TypeName, id => DomainCoordinator.Props(id, dispatcher, 200),
            ClusterShardingSettings.Create(Sys).WithRememberEntities(true), new TestSystems.Extractor());

    /// <summary>The coordinator as a plain child of the test, so that the test decides when it stops.</summary>
    private Props Unsharded(IActorRef dispatcher, RunSpec run, int snapshotEvery) =>
        DomainCoordinator.Props(DomainCoordinator.EntityId(run.RunId, "sim"), dispatcher, snapshotEvery, _stores, CreateTestProbe().Ref);

    private static async Task StartRun(IActorRef coordinator, RunSpec run)
    {
        var reply = await coordinator.Ask<StatusReply<Done>>(new DomainCoordinator.Start(run, "sim"), T);
        Assert.True(reply.IsSuccess, reply.Error?.Message);
    }

    private static Task<DomainCoordinator.Progress> ProgressOf(IActorRef coordinator, RunSpec run) =>
        coordinator.Ask<DomainCoordinator.Progress>(new DomainCoordinator.GetProgress(run.RunId, "sim"), T);

    private static async Task<DomainCoordinator.Progress> AwaitFinished(IActorRef coordinator, RunSpec run)
    {
        var deadline = DateTime.UtcNow + RunTimeout;
        while (true)
        {
            var p = await ProgressOf(coordinator, run);
            if (p.Finished != null) return p;
            if (DateTime.UtcNow > deadline) throw new TimeoutException("not finished: " + p);
            await Task.Delay(50);
        }
    }

    private async Task<IReadOnlyList<DomainEvent>> Events(RunSpec run) =>
        (await TestSystems.Events(Sys, DomainCoordinator.PersistenceIdOf(run.RunId, "sim"))).Cast<DomainEvent>().ToList();

    private static List<string> RecordedTrialIds(IEnumerable<DomainEvent> events) =>
        events.OfType<DomainEvent.TrialsRecorded>().SelectMany(t => t.Results).Select(r => r.TrialId).ToList();

    [Fact]
    public async Task RunsFromStartThroughBaselinesAndGenerationsToFinished()
    {
        if (!await StartCluster()) return;
        var run = Fixtures.Run("run-happy", "class-happy", 3, 4, 2);
        var coordinator = await Sharded(TrialsOn(new SimExecutor()));
        await StartRun(coordinator, run);
        var done = await AwaitFinished(coordinator, run);

        var events = await Events(run);
        Assert.IsType<DomainEvent.Started>(events[0]);
        var fixedAt = events.ToList().FindIndex(e => e is DomainEvent.BaselinesFixed);
        var firstGeneration = events.ToList().FindIndex(e => e is DomainEvent.GenerationProposed);
        Assert.True(fixedAt > 0 && fixedAt < firstGeneration, "baselines are fixed before generation 0 is proposed: "
            + string.Join(", ", events.Select(e => e.GetType().Name)));
        Assert.Equal(["normal"], ((DomainEvent.BaselinesFixed)events[fixedAt]).Baselines.Keys);
        var finished = Assert.IsType<DomainEvent.Finished>(events[^1]);
        Assert.Equal("completed", finished.Outcome);

        var scores = new SortedDictionary<string, double?>(StringComparer.Ordinal);
        var evaluated = new HashSet<string>();
        foreach (var a in events.OfType<DomainEvent.CandidateAssessed>())
        {
            scores[a.CandId] = a.Score;
            if (a.ReusedFrom == null) evaluated.Add(a.CandId);
        }
        Assert.Equal([0, 1, 2], events.OfType<DomainEvent.GenerationProposed>().Select(g => g.Generation));
        Assert.All(events.OfType<DomainEvent.GenerationProposed>(), g => Assert.Equal(4, g.Genomes.Count));
        Assert.Equal([0, 1, 2], events.OfType<DomainEvent.GenerationCompleted>().Select(g => g.Generation));
        Assert.Equal(12, scores.Count); // every candidate of every generation is assessed once

        // every trial recorded exactly once: the baseline's and those of each candidate measured (elites reuse theirs)
        var ids = RecordedTrialIds(events);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(2 + evaluated.Count * 2, ids.Count);
        Assert.Equal(ids.Count, done.TrialsRecorded);

        // the selection is the best score_v2, and the sim's optimum (12, 0.75) beats the stock (8, 0.5)
        var best = scores.Where(e => e.Value != null).MaxBy(e => e.Value!.Value).Key;
        Assert.Equal(best, done.BestCandId);
        Assert.Equal(best, finished.BestCandId);
        Assert.Equal(scores[best], done.BestScore);
        Assert.True(done.BestScore > 0, "the best candidate should beat the stock configuration: " + done);

        // a Start of a finished domain is acknowledged and changes nothing
        await StartRun(coordinator, run);
        await Task.Delay(300);
        Assert.Equal(events.Count, (await Events(run)).Count);

        // the read side sees the same, without waking anything
        var fromJournal = await JournalProgress.Of(Sys, run.RunId, "sim");
        Assert.Equal(done, fromJournal);
        Assert.Null(await JournalProgress.Of(Sys, "no-such-run", "sim"));
    }

    [Fact]
    public async Task RunsOnTheRealTrialDispatcherAndRunner()
    {
        if (!await StartCluster()) return;
        // a dispatcher with one runner of one slot of the run's node class, as on a default node
        var dispatcher = Sys.ActorOf(TrialDispatcher.Props(1, TimeSpan.FromSeconds(10)));
        Sys.ActorOf(TrialRunner.Props(new SimExecutor(), 1, "class-real"));
        var run = Fixtures.Run("run-real", "class-real", 3, 4, 2);
        var coordinator = await Sharded(dispatcher);
        await StartRun(coordinator, run);
        var done = await AwaitFinished(coordinator, run);
        Assert.Equal("completed", done.Finished);
        var ids = RecordedTrialIds(await Events(run));
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(ids.Count, done.TrialsRecorded);
        Assert.True(done.BestScore > 0, "the best candidate should beat the stock configuration: " + done);
    }

    [Fact]
    public async Task ATrialOutcomeIsCountedOnceHoweverOftenItArrives()
    {
        if (!await StartCluster()) return;
        var run = Fixtures.Run("run-once", "class-once", 2, 4, 3);
        var dispatcher = CreateTestProbe();
        var coordinator = await Sharded(dispatcher.Ref);
        await StartRun(coordinator, run);
        // the baseline phase asks for the stock configuration's 3 trials
        var submits = Enumerable.Range(0, 3).Select(_ => dispatcher.ExpectMsg<TrialDispatcher.Submit>(T)).ToList();
        var t0 = submits[0].Spec;
        var t1 = submits[1].Spec;
        Assert.Equal(DomainState.Baseline, t0.CandId);

        submits[0].ReplyTo.Tell(new TrialDispatcher.Completed(new SimExecutor().Run(t0)));
        await AwaitAssertAsync(async () => Assert.Equal(1, (await ProgressOf(coordinator, run)).TrialsRecorded), TimeSpan.FromSeconds(10));

        // the same outcome again (a trial dispatched twice, a recorder that retried): acknowledged, not counted
        var entityId = DomainCoordinator.EntityId(run.RunId, "sim");
        var ack = CreateTestProbe();
        coordinator.Tell(new ShardingEnvelope(entityId, new DomainCoordinator.PersistTrials([new SimExecutor().Run(t0)])), ack.Ref);
        ack.ExpectMsg<Done>(T);
        Assert.Equal(1, (await ProgressOf(coordinator, run)).TrialsRecorded);

        // a batch holding one trial twice counts it once
        var r1 = new SimExecutor().Run(t1);
        coordinator.Tell(new ShardingEnvelope(entityId, new DomainCoordinator.PersistTrials([r1, r1])), ack.Ref);
        ack.ExpectMsg<Done>(T);
        Assert.Equal(2, (await ProgressOf(coordinator, run)).TrialsRecorded);

        // the runner's own answer for t1 arrives late: the evaluator records it, the journal does not
        submits[1].ReplyTo.Tell(new TrialDispatcher.Completed(r1));
        await Task.Delay(300);
        Assert.Equal(2, (await ProgressOf(coordinator, run)).TrialsRecorded);
        Assert.Equal([t0.TrialId, t1.TrialId], RecordedTrialIds(await Events(run)));
    }

    [Fact]
    public async Task AJournalWithADuplicateTrialIsReplayedCountingItOnce()
    {
        if (!await StartCluster()) return;
        var run = Fixtures.Run("run-replay", "class-replay", 2, 4, 3);
        var t0 = BaselineTrial(run, 0);
        var t1 = BaselineTrial(run, 1);
        var sim = new SimExecutor();
        await TestSystems.WriteJournal(Sys, DomainCoordinator.PersistenceIdOf(run.RunId, "sim"),
        [
            new DomainEvent.Started(run, "sim", "2025-01-01T00:00:00Z"),
            new DomainEvent.TrialsRecorded([sim.Run(t0)], "2025-01-01T00:00:01Z"),
            new DomainEvent.TrialsRecorded([sim.Run(t0), sim.Run(t1)], "2025-01-01T00:00:02Z"),
        ]);
        var dispatcher = CreateTestProbe();
        var coordinator = await Sharded(dispatcher.Ref);
        Assert.Equal(2, (await ProgressOf(coordinator, run)).TrialsRecorded);
        // and it carries on where the journal ends: only the baseline trial not yet recorded is asked for
        var next = dispatcher.ExpectMsg<TrialDispatcher.Submit>(T);
        Assert.Equal(BaselineTrial(run, 2).TrialId, next.Spec.TrialId);
        dispatcher.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public async Task ACoordinatorStoppedMidGenerationContinuesToTheSameResultsAsAnUninterruptedOne()
    {
        if (!await StartCluster()) return;
        // one set of trial machinery for both runs; it holds the third trial of generation 1 of the second
        var executor = new SimExecutor(s => s.RunId == "run-stopped" && s.CandId.StartsWith("gen1_", StringComparison.Ordinal), 3);
        var dispatcher = TrialsOn(executor);
        var reference = Fixtures.Run("run-calm", "class-calm", 3, 4, 2);
        var calm = Sys.ActorOf(Unsharded(dispatcher, reference, 4));
        await StartRun(calm, reference);
        var expected = await AwaitFinished(calm, reference);

        // the same run (seed, plan) under another id, stopped while a trial of generation 1 is in flight
        var run = Fixtures.Run("run-stopped", "class-stopped", 3, 4, 2);
        var first = Sys.ActorOf(Unsharded(dispatcher, run, 4));
        await StartRun(first, run);
        await executor.Held.Task.WaitAsync(RunTimeout);
        var before = await ProgressOf(first, run);
        Assert.Equal(1, before.Generation);
        Assert.Null(before.Finished);
        Assert.True(before.TrialsRecorded >= 2 + 4 * 2, "the baseline and generation 0 are in the journal: " + before);
        Watch(first);
        Sys.Stop(first);
        ExpectTerminated(first, T);
        await Task.Delay(500); // a write the stopped coordinator had in flight lands before the new one reads
        executor.Release.SetResult(); // its outcome now goes nowhere: the restarted coordinator must ask again

        var second = Sys.ActorOf(Unsharded(dispatcher, run, 4));
        var after = await AwaitFinished(second, run);

        Assert.Equal(expected.Finished, after.Finished);
        Assert.Equal(expected.BestCandId, after.BestCandId);
        Assert.Equal(expected.BestScore, after.BestScore);
        Assert.Equal(expected.TrialsRecorded, after.TrialsRecorded);
        Assert.Equal(expected.Generation, after.Generation);
        var calmEvents = await Events(reference);
        var resumedEvents = await Events(run);
        Assert.Equal(Proposals(calmEvents), Proposals(resumedEvents));
        Assert.Equal(Assessments(calmEvents), Assessments(resumedEvents));
        Assert.Equal(Outcomes(calmEvents), Outcomes(resumedEvents));
        var ids = RecordedTrialIds(resumedEvents);
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public async Task AStartForAnotherRunIsRefused()
    {
        if (!await StartCluster()) return;
        var run = Fixtures.Run("run-own", "class-own", 0, 2, 1);
        var coordinator = Sys.ActorOf(Unsharded(CreateTestProbe().Ref, run, 200));
        await StartRun(coordinator, run);
        var other = Fixtures.Run("run-other", "class-own", 0, 2, 1);
        var reply = await coordinator.Ask<StatusReply<Done>>(new DomainCoordinator.Start(other, "sim"), T);
        Assert.False(reply.IsSuccess);
        Assert.Contains("run-own", reply.Error!.Message);
    }

    private static TrialSpec BaselineTrial(RunSpec run, int k)
    {
        var plan = run.Plan("sim");
        return new TrialSpec(TrialIds.Of(run.RunId, "sim", DomainState.Baseline, "normal", k), run.RunId, "sim", DomainState.Baseline,
            "normal", k, BaselinePhase.StockGenome(plan), plan.Domain, plan.Regimes[0], plan.Execution, plan.Caps, plan.Global,
            run.Seed, false);
    }

    private static List<List<Genome>> Proposals(IEnumerable<DomainEvent> events) =>
        events.OfType<DomainEvent.GenerationProposed>().Select(g => g.Genomes.ToList()).ToList();

    /// <summary>candId → score, reused from, score interval</summary>
    private static SortedDictionary<string, string> Assessments(IEnumerable<DomainEvent> events)
    {
        var m = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var a in events.OfType<DomainEvent.CandidateAssessed>())
            m[a.CandId] = string.Join("|", Text(a.Score), a.ReusedFrom ?? "-",
                a.Pack.Aggregate.ScoreCi95 == null ? "-" : string.Join(",", a.Pack.Aggregate.ScoreCi95.Select(d => Text(d))));
        return m;
    }

    /// <summary>cand/regime/k → KPIs, the run id left out.</summary>
    private static SortedDictionary<string, string> Outcomes(IEnumerable<DomainEvent> events)
    {
        var m = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var r in events.OfType<DomainEvent.TrialsRecorded>().SelectMany(t => t.Results))
            m[r.TrialId[r.TrialId.IndexOf("/sim/", StringComparison.Ordinal)..]] =
                string.Join(",", r.Kpis.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + Text(p.Value)));
        return m;
    }

    private static string Text(double? d) => d?.ToString("R", CultureInfo.InvariantCulture) ?? "null";
}
