using Akka.Actor;
using Akka.Event;
using Akka.Cluster.Sharding;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using Dream.Cluster.Baselines;
using Dream.Cluster.Dispatch;
using Dream.Cluster.Nodes;
using Dream.Cluster.Runs;
using Dream.Core.Packs;

namespace Dream.Cluster.Http;

/// <summary>
/// What the <c>/dream</c> routes answer. Runs and their progress come from the journal (the read side), so that
/// looking at a run never starts or resumes it; whether a coordinator is running comes from the shard regions; the
/// trials in flight from the TrialDispatcher and the baselines from their BaselineStore.
/// </summary>
public sealed class RunQueries(ActorSystem system, NodeServices services, TimeSpan timeout)
{
    private static readonly string RunPrefix = RunRegistry.TypeName + "|";

    private readonly Reports.ProgressProjection _progress = new(system);

    private SqlReadJournal Journal() => PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);

    /// <summary>
    /// Builds the run list's projection now, on the thread pool, so that the first ask finds it built; a failure (the
    /// journal not answering yet) is logged and left to the first ask, which tries again.
    /// </summary>
    public void WarmInBackground() => _ = Task.Run(async () =>
    {
        try
        {
            await _progress.All();
        }
        catch (Exception e)
        {
            Logging.GetLogger(system, nameof(RunQueries)).Warning("the run list's projection could not be built ahead: {0}", e.Message);
        }
    });

    /// <summary>Every run in the journal, newest first (run ids sort by their start time).</summary>
    public async Task<Views.Runs> Runs() => new((await RunDetails()).Select(d => d.Run).ToList());

    /// <summary>Every run in the journal with its domains' progress, newest first; one question to the shard regions for all.</summary>
    public async Task<IReadOnlyList<Views.RunDetail>> RunDetails()
    {
        var runs = await _progress.All();
        var alive = await Alive();
        return runs.Select(r => Detail(r.Run, r.Domains, alive)).OrderByDescending(d => d.Run.RunId, StringComparer.Ordinal).ToList();
    }

    /// <summary>One run with the progress of each domain; null when the journal has no such run.</summary>
    public async Task<Views.RunDetail?> Run(string runId) => await Detail(runId, await Alive());

    private Task<ShardedEntities.Alive> Alive() =>
        ShardedEntities.AliveAsync(system, DomainCoordinator.TypeName, DreamNode.Coordinator, timeout);

    private async Task<Views.RunDetail?> Detail(string runId, ShardedEntities.Alive alive)
    {
        if (await Spec(runId) is not { } run) return null;
        var domains = await Task.WhenAll(run.Domains.Select(async d => DomainView(run, d, await JournalProgress.Of(system, runId, d), alive)));
        var summary = new Views.RunSummary(run.RunId, RunState(domains), run.StartedAtUtc, run.Domains, run.Generations, run.Seed,
            run.NodeClass, run.Nodes ?? []);
        return new Views.RunDetail(summary, run.DreamVersion, run.CodeHash, domains);
    }

    private static Views.RunDetail Detail(RunSpec run, IReadOnlyDictionary<string, DomainCoordinator.Progress?> progress, ShardedEntities.Alive alive)
    {
        var domains = run.Domains.Select(d => DomainView(run, d, progress.GetValueOrDefault(d), alive)).ToList();
        var summary = new Views.RunSummary(run.RunId, RunState(domains), run.StartedAtUtc, run.Domains, run.Generations, run.Seed,
            run.NodeClass, run.Nodes ?? []);
        return new Views.RunDetail(summary, run.DreamVersion, run.CodeHash, domains);
    }

    /// <summary>The spec RunRegistry recorded, read from its journal (its first event).</summary>
    private async Task<RunSpec?> Spec(string runId)
    {
        var first = await Journal().CurrentEventsByPersistenceId(RunRegistry.PersistenceIdOf(runId), 0L, long.MaxValue)
            .Take(1)
            .RunWith(Sink.Seq<EventEnvelope>(), system.Materializer());
        return first.Count == 0 ? null : ((RunRegistry.Created)first[0].Event).Spec;
    }

    private static Views.DomainProgress DomainView(RunSpec run, string domain, DomainCoordinator.Progress? p, ShardedEntities.Alive alive)
    {
        var plan = run.Plan(domain);
        alive.Where.TryGetValue(DomainCoordinator.EntityId(run.RunId, domain), out var where);
        var state = DomainState(p, where != null, alive.Complete);
        return new Views.DomainProgress(
            domain, state, state == Views.Running ? where : null,
            p?.Generation ?? -1, run.Generations, plan.Evolution.Population,
            plan.Regimes.Select(r => r.Name).ToList(), plan.Execution.Trials,
            p?.TrialsRecorded ?? 0, p?.BestCandId, p?.BestScore, p?.Finished);
    }

    /// <summary>
    /// Finished when the journal says so; else running when its coordinator is alive somewhere; else not started
    /// when its journal is empty; else stopped, or unknown when some coordinator node did not answer.
    /// </summary>
    public static string DomainState(DomainCoordinator.Progress? journal, bool coordinatorAlive, bool allRegionsAnswered)
    {
        if (journal?.Finished != null) return Views.Finished;
        if (coordinatorAlive) return Views.Running;
        if (journal == null) return Views.NotStarted;
        return allRegionsAnswered ? Views.Stopped : Views.Unknown;
    }

    /// <summary>Running if any domain runs; finished when all have; else stopped, unknown or not started, in that order.</summary>
    public static string RunState(IReadOnlyList<Views.DomainProgress> domains)
    {
        var states = domains.Select(d => d.State).ToList();
        if (states.Contains(Views.Running)) return Views.Running;
        if (states.Count > 0 && states.All(s => s == Views.Finished)) return Views.Finished;
        foreach (var s in new[] { Views.Stopped, Views.Unknown })
            if (states.Contains(s)) return s;
        // some domains finished, the others never started: the run stopped between them
        return states.Contains(Views.Finished) ? Views.Stopped : Views.NotStarted;
    }

    public async Task<Views.Trials> Trials()
    {
        var dispatcher = services.Dispatcher ?? throw new InvalidOperationException("this node has no trial dispatcher");
        var s = await dispatcher.Ask<TrialDispatcher.Status>(new TrialDispatcher.GetStatus(), timeout);
        return new Views.Trials(s.Runners, s.Queued, s.InFlight.Select(f => new Views.TrialInFlight(f.TrialId, f.Node, f.AgeMs, f.Attempt)).ToList(),
            s.Dispatched, s.Redispatched);
    }

    /// <summary>The baselines.v2 document of one domain and node class (this node's unless named).</summary>
    public async Task<BaselinesFile> Baselines(string domain, string? nodeClass)
    {
        var nc = string.IsNullOrEmpty(nodeClass) ? services.NodeClass : nodeClass;
        var region = ClusterSharding.Get(system).ShardRegion(BaselineStore.TypeName);
        var all = await region.Ask<BaselineStore.All>(new BaselineStore.GetAll(domain, nc), timeout);
        var f = BaselinesFile.Empty();
        foreach (var s in all.ByRegime.Values) f = f.With(s.Record);
        return f;
    }
}
