using Akka;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.TestKit.Xunit2;
using Dream.Cluster.Baselines;
using Dream.Cluster.Runs;
using Dream.Core.Domain;

namespace Dream.Cluster.Tests.Runs;

/// <summary>
/// The evidence cache on a cluster of two coordinator nodes sharing one journal: a run coordinated on one node
/// measures; an identical run coordinated on the other measures nothing already recorded and decides the same;
/// another node class, or a run with --no-reuse, measures all its trials again.
/// </summary>
public sealed class EvidenceClusterTests : TestKit, IAsyncLifetime
{
    private static readonly TimeSpan T = TimeSpan.FromSeconds(20);
    private readonly string _journal;
    private ActorSystem? _other;

    public EvidenceClusterTests() : this(TestSystems.FreshJournal()) { }

    private EvidenceClusterTests(string journal) : base(TestSystems.Cluster(journal), "Dream") => _journal = journal;

    public async Task InitializeAsync()
    {
        await TestSystems.JoinSelf(Sys);
        _other = ActorSystem.Create("Dream", TestSystems.Cluster(_journal));
        var up = new TaskCompletionSource();
        var cluster = Akka.Cluster.Cluster.Get(_other);
        cluster.RegisterOnMemberUp(() => up.TrySetResult());
        cluster.Join(Akka.Cluster.Cluster.Get(Sys).SelfAddress);
        await up.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    public async Task DisposeAsync()
    {
        if (_other != null) await _other.Terminate().WaitAsync(TimeSpan.FromSeconds(30));
    }

    private static async Task<(IActorRef Baselines, IActorRef Evidence)> Regions(ActorSystem system)
    {
        var sharding = ClusterSharding.Get(system);
        var settings = ClusterShardingSettings.Create(system);
        var baselines = await sharding.StartAsync(BaselineStore.TypeName, id => BaselineStore.Props(id), settings, new TestSystems.Extractor());
        var evidence = await sharding.StartAsync(EvidenceStore.TypeName, id => EvidenceStore.Props(id), settings, new TestSystems.Extractor());
        return (baselines, evidence);
    }

    /// <summary>Coordinates <paramref name="run"/> on <paramref name="system"/> to its end; its events.</summary>
    private async Task<IReadOnlyList<DomainEvent>> Coordinate(ActorSystem system, (IActorRef Baselines, IActorRef Evidence) regions, RunSpec run,
        SimExecutor executor) =>
        await AwaitEnd(await Start(system, regions, run, system.ActorOf(SimDispatcher.Props(executor))), run);

    private async Task<IActorRef> Start(ActorSystem system, (IActorRef Baselines, IActorRef Evidence) regions, RunSpec run, IActorRef dispatcher)
    {
        var coordinator = system.ActorOf(DomainCoordinator.Props(DomainCoordinator.EntityId(run.RunId, "sim"), dispatcher, 200, regions.Baselines,
            CreateTestProbe().Ref, regions.Evidence));
        var reply = await coordinator.Ask<StatusReply<Done>>(new DomainCoordinator.Start(run, "sim"), T);
        Assert.True(reply.IsSuccess, reply.Error?.Message);
        return coordinator;
    }

    private async Task<IReadOnlyList<DomainEvent>> AwaitEnd(IActorRef coordinator, RunSpec run)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while ((await coordinator.Ask<DomainCoordinator.Progress>(new DomainCoordinator.GetProgress(run.RunId, "sim"), T)).Finished == null)
        {
            Assert.True(DateTime.UtcNow < deadline, "run " + run.RunId + " did not finish");
            await Task.Delay(50);
        }
        return (await TestSystems.Events(Sys, DomainCoordinator.PersistenceIdOf(run.RunId, "sim"))).Cast<DomainEvent>().ToList();
    }

    private static int CandidateTrialsMeasured(IEnumerable<DomainEvent> events) =>
        events.OfType<DomainEvent.TrialsRecorded>().SelectMany(t => t.Results).Count(r => TrialIds.CandOf(r.TrialId) != DomainState.Baseline);

    private static int Reused(IEnumerable<DomainEvent> events) => events.OfType<DomainEvent.TrialsReused>().Sum(u => u.Trials.Count);

    private static double Counted(ActorSystem system, string metric) =>
        Dream.Cluster.Metrics.PrometheusText.Value(Dream.Cluster.Metrics.PrometheusText.Parse(Dream.Cluster.Metrics.Metrics.Get(system).Scrape()),
            metric, new Dictionary<string, string> { ["domain"] = "sim" }) ?? 0;

    private static DomainEvent.Finished End(IEnumerable<DomainEvent> events) => events.OfType<DomainEvent.Finished>().Single();

    [Fact]
    public async Task TwoCoordinatorsShareHitsAndAnotherNodeClassOrNoReuseMeasuresAgain()
    {
        var here = await Regions(Sys);
        var there = await Regions(_other!);
        var first = await Coordinate(Sys, here, Fixtures.Run("run-a", "class-a", 3, 4, 2), new SimExecutor());
        var measured = CandidateTrialsMeasured(first);
        Assert.True(measured > 0);
        Assert.Equal(0, Reused(first));
        Assert.Equal((double)measured, Counted(Sys, "dream_evidence_misses_total"));
        Assert.Equal(0.0, Counted(Sys, "dream_evidence_hits_total"));

        // the same campaign, coordinated on the other node: every trial comes from the cache
        var executor = new SimExecutor();
        var second = await Coordinate(_other!, there, Fixtures.Run("run-b", "class-a", 3, 4, 2), executor);
        Assert.Equal(0, CandidateTrialsMeasured(second));
        Assert.Equal(0, executor.Executed); // the baselines came from the baseline store
        Assert.Equal(measured, Reused(second));
        Assert.Equal((double)measured, Counted(_other!, "dream_evidence_hits_total")); // in /metrics of the node that decided
        Assert.Equal(0.0, Counted(_other!, "dream_evidence_misses_total"));
        var reuse = second.OfType<DomainEvent.TrialsReused>().ToList();
        Assert.NotEmpty(reuse); // one per generation that needs evidence, journaled with its proposal
        Assert.All(reuse, u => Assert.Equal(u.LookedUp, u.Trials.Count));
        Assert.All(reuse.SelectMany(u => u.Trials), t => Assert.StartsWith("run-a/sim/", t.SourceTrialId));
        Assert.All(reuse.SelectMany(u => u.Trials), t => Assert.StartsWith("run-b/sim/", t.Result.TrialId));
        Assert.Equal(End(first).BestScore, End(second).BestScore);
        Assert.Equal(End(first).BestCandId, End(second).BestCandId);

        // another node class: its own cache, empty
        var other = await Coordinate(_other!, there, Fixtures.Run("run-c", "class-c", 3, 4, 2), new SimExecutor());
        Assert.Equal(0, Reused(other));
        Assert.Equal(measured, CandidateTrialsMeasured(other));
        Assert.All(other.OfType<DomainEvent.TrialsReused>(), u => Assert.True(u.LookedUp > 0));

        // --no-reuse: nothing looked up, everything measured
        var spec = Fixtures.Run("run-d", "class-a", 3, 4, 2);
        spec = spec with { Settings = Canonical.Map([.. spec.Settings, new(RunSpec.ReuseKey, false)]) };
        Assert.False(spec.Reuses);
        var noReuse = await Coordinate(Sys, here, spec, new SimExecutor());
        Assert.Empty(noReuse.OfType<DomainEvent.TrialsReused>());
        Assert.Equal(measured, CandidateTrialsMeasured(noReuse));
    }

    [Fact]
    public async Task ACoordinatorStoppedAfterReusingResumesWithTheSameReuseAndDecidesAsAFullyMeasuredRun()
    {
        var here = await Regions(Sys);
        await Coordinate(Sys, here, Fixtures.Run("run-a", "class-a", 3, 4, 2), new SimExecutor());

        // four generations: the first three come from the cache, the fourth is measured; stopped while a trial of it runs
        var run = Fixtures.Run("run-e", "class-a", 4, 4, 2);
        var sim = new SimExecutor(s => s.CandId.StartsWith("gen3_", StringComparison.Ordinal), 1);
        var dispatcher = Sys.ActorOf(SimDispatcher.Props(sim));
        var first = await Start(Sys, here, run, dispatcher);
        await sim.Held.Task.WaitAsync(TimeSpan.FromSeconds(60));
        Watch(first);
        Sys.Stop(first);
        ExpectTerminated(first, T);
        await Task.Delay(500); // a write the stopped coordinator had in flight lands before the new one reads
        sim.Release.SetResult();
        var resumed = await AwaitEnd(await Start(Sys, here, run, dispatcher), run);

        var reuse = resumed.OfType<DomainEvent.TrialsReused>().ToList();
        Assert.Equal([0, 1, 2, 3], reuse.Select(u => u.Generation)); // looked up once per generation, not again after the restart
        Assert.Empty(reuse[3].Trials);
        var reusedIds = reuse.SelectMany(u => u.Trials).Select(t => t.Result.TrialId).ToHashSet();
        var measuredIds = resumed.OfType<DomainEvent.TrialsRecorded>().SelectMany(t => t.Results).Select(r => r.TrialId).ToList();
        Assert.Equal(measuredIds.Count, measuredIds.Distinct().Count());
        Assert.Empty(measuredIds.Where(reusedIds.Contains));
        Assert.All(measuredIds, id => Assert.StartsWith("run-e/sim/gen3_", id));

        // the same campaign on a node class with no evidence yet measures everything, and decides the same
        var full = await Coordinate(Sys, here, Fixtures.Run("run-f", "class-f", 4, 4, 2), new SimExecutor());
        Assert.Equal(full.OfType<DomainEvent.GenerationProposed>().Select(g => g.Genomes.ToList()),
            resumed.OfType<DomainEvent.GenerationProposed>().Select(g => g.Genomes.ToList()));
        Assert.Equal(full.OfType<DomainEvent.CandidateAssessed>().Select(a => (a.CandId, a.Score)).OrderBy(x => x.CandId, StringComparer.Ordinal),
            resumed.OfType<DomainEvent.CandidateAssessed>().Select(a => (a.CandId, a.Score)).OrderBy(x => x.CandId, StringComparer.Ordinal));
        Assert.Equal(End(full).BestScore, End(resumed).BestScore);
    }
}
