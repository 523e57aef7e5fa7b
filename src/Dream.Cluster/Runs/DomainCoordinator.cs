using Akka;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Event;
using Akka.Persistence;
using Dream.Cluster.Baselines;
using Dream.Core.Evolution;
using Dream.Core.Knobs;
using Dream.Core.Packs;
using Dream.Core.Scoring;
using Dream.Trials;

namespace Dream.Cluster.Runs;

/// <summary>
/// One per (run, domain), a Cluster Sharding entity whose journal is the run history of that domain. It fixes the
/// baselines, proposes each generation with the run's strategy, records every trial outcome once, keeps each
/// candidate's assessment and decides the next generation from the scores alone, so replaying its journal
/// reproduces every decision. The next step is chosen from <see cref="DomainState.Now"/> alone.
/// </summary>
public sealed class DomainCoordinator : ReceivePersistentActor
{
    public const string TypeName = "DomainCoordinator";

    public static string EntityId(string runId, string domain) => runId + "~" + domain;

    public static string PersistenceIdOf(string runId, string domain) => TypeName + "|" + EntityId(runId, domain);

    public interface ICommand : CborSerializable;

    /// <summary>Start (or, when already started, continue) this domain of the run; answered with a StatusReply of Done.</summary>
    public sealed record Start(RunSpec Run, string Domain) : ICommand, IEntityMessage
    {
        string IEntityMessage.EntityId => DomainCoordinator.EntityId(Run.RunId, Domain);
    }

    /// <summary>Answered with <see cref="Progress"/>. Asking wakes the entity: read the journal (JournalProgress) to avoid that.</summary>
    public sealed record GetProgress(string RunId, string Domain) : ICommand, IEntityMessage
    {
        string IEntityMessage.EntityId => DomainCoordinator.EntityId(RunId, Domain);
    }

    public sealed record Progress(
        string? RunId, string? Domain, bool Started, int Generation, int Generations, long TrialsRecorded,
        string? BestCandId, double? BestScore, string? Finished) : CborSerializable;

    /// <summary>From the TrialRecorder: persist these outcomes, then answer the sender Done.</summary>
    public sealed record PersistTrials(IReadOnlyList<TrialResult> Results) : ICommand;

    /// <summary>From the GenerationActor: one candidate is assessed.</summary>
    public sealed record Assessed(int Generation, string CandId, CandidatePack Pack, double? Score) : ICommand;

    /// <summary>From the RaceActor: journal this elimination (once; a replayed race sends it again only if it was not journaled).</summary>
    public sealed record Eliminate(DomainEvent.CandidateEliminated Event) : ICommand;

    /// <summary>From the baseline phase: every regime's baseline is known.</summary>
    public sealed record BaselinesReady(
        IReadOnlyDictionary<string, Baseline> Baselines, IReadOnlyDictionary<string, BaselineRecord> Records) : ICommand;

    public sealed record PhaseFailed(string Reason) : ICommand;

    private sealed class Advance
    {
        public static readonly Advance Instance = new();
    }

    private readonly IActorRef _dispatcher;
    private readonly IActorRef? _baselineStores;
    private readonly IActorRef? _shard;
    private readonly int _snapshotEvery;
    private readonly IActorRef _recorder;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private DomainState _state = new();
    private IActorRef? _phase; // the running baseline phase or GenerationActor, if any
    private int _phases;

    public override string PersistenceId { get; }

    /// <summary>The sharded entity <paramref name="entityId"/> (<see cref="EntityId(string, string)"/>).</summary>
    /// <param name="dispatcher">the TrialDispatcher (its singleton proxy)</param>
    /// <param name="baselineStores">the BaselineStore shard region; null: this system's region of <see cref="BaselineStore.TypeName"/></param>
    /// <param name="shard">where Passivate goes; null: the parent, which is the shard when sharded</param>
    public static Props Props(string entityId, IActorRef dispatcher, int snapshotEvery, IActorRef? baselineStores = null,
        IActorRef? shard = null) =>
        Akka.Actor.Props.Create(() => new DomainCoordinator(entityId, dispatcher, snapshotEvery, baselineStores, shard));

    public DomainCoordinator(string entityId, IActorRef dispatcher, int snapshotEvery, IActorRef? baselineStores, IActorRef? shard)
    {
        PersistenceId = TypeName + "|" + entityId;
        _dispatcher = dispatcher;
        _snapshotEvery = snapshotEvery;
        _baselineStores = baselineStores;
        _shard = shard;
        _recorder = Context.ActorOf(TrialRecorder.Props(Self), "recorder");

        Recover<SnapshotOffer>(o =>
        {
            if (o.Snapshot is DomainState s) _state = s;
        });
        Recover<DomainEvent>(e => _state.Apply(e));
        Recover<RecoveryCompleted>(_ =>
        {
            // A run that a node's death moved here says so (DREAM_LOG_LEVEL=INFO), with where it stands.
            if (_state.Started)
                _log.Info("domain {0} of run {1} recovered on {2} at generation {3} with {4} trials recorded", _state.Domain,
                    _state.Run!.RunId, ((ExtendedActorSystem)Context.System).Provider.DefaultAddress, _state.Generation,
                    _state.TrialsRecorded);
            Self.Tell(Advance.Instance);
        });

        Command<Start>(OnStart);
        Command<GetProgress>(_ => Sender.Tell(ProgressOf(_state)));
        Command<PersistTrials>(OnPersistTrials);
        Command<Assessed>(OnAssessed);
        Command<Eliminate>(OnEliminate);
        Command<BaselinesReady>(OnBaselinesReady);
        Command<PhaseFailed>(OnPhaseFailed);
        Command<Terminated>(OnPhaseEnded);
        Command<Advance>(_ => Step());
        Command<SaveSnapshotSuccess>(s =>
        {
            // Two snapshots are kept, as Pekko's snapshotEvery(n, 2) did.
            var keepFrom = s.Metadata.SequenceNr - 2L * _snapshotEvery;
            if (keepFrom > 0) DeleteSnapshots(new SnapshotSelectionCriteria(keepFrom));
        });
        Command<SaveSnapshotFailure>(f => _log.Warning("snapshot of {0} not saved: {1}", PersistenceId, f.Cause.Message));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(f => _log.Warning("old snapshots of {0} not deleted: {1}", PersistenceId, f.Cause.Message));
    }

    protected override void PostStop()
    {
        if (_state.Started)
            Metrics.Metrics.Get(Context.System).DomainProgress(_state.Run!.RunId, _state.Domain!, _state.Generation, _state.BestScore, true);
        base.PostStop();
    }

    private void OnStart(Start c)
    {
        var sender = Sender;
        if (_state.Started)
        {
            if (_state.Run!.RunId != c.Run.RunId)
            {
                sender.Tell(StatusReply<Done>.Failure("entity belongs to run " + _state.Run.RunId));
                return;
            }
            sender.Tell(StatusReply<Done>.Success(Done.Instance));
            Self.Tell(Advance.Instance);
            return;
        }
        PersistThen([new DomainEvent.Started(c.Run, c.Domain, Now())], () =>
        {
            sender.Tell(StatusReply<Done>.Success(Done.Instance));
            Self.Tell(Advance.Instance);
        });
    }

    private void OnPersistTrials(PersistTrials c)
    {
        var sender = Sender;
        var seen = new HashSet<string>();
        var fresh = c.Results.Where(r => !_state.Recorded(r.TrialId) && seen.Add(r.TrialId)).ToList();
        if (fresh.Count == 0)
        {
            sender.Tell(Done.Instance);
            return;
        }
        PersistThen([new DomainEvent.TrialsRecorded(fresh.AsReadOnly(), Now())], () => sender.Tell(Done.Instance));
    }

    private void OnAssessed(Assessed c)
    {
        var cand = _state.CandidateOf(c.CandId);
        if (c.Generation != _state.Generation || cand == null || cand.Assessed) return;
        PersistThen([new DomainEvent.CandidateAssessed(c.Generation, c.CandId, c.Pack, c.Score, null, Now())], () =>
        {
            if (!_state.AllAssessed()) return;
            EndPhase();
            Self.Tell(Advance.Instance);
        });
    }

    private void OnEliminate(Eliminate c)
    {
        var cand = _state.CandidateOf(c.Event.CandId);
        if (c.Event.Generation != _state.Generation || cand == null || cand.Assessed || cand.Elimination != null) return;
        PersistThen([c.Event], () => { });
    }

    /// <summary>A phase that stops before its work is in has failed (its error is in the log).</summary>
    private void OnPhaseEnded(Terminated t)
    {
        if (_phase == null || !_phase.Equals(t.ActorRef)) return;
        _phase = null;
        OnPhaseFailed(new PhaseFailed("the " + (_state.Baselines == null ? "baseline" : "generation " + _state.Generation)
            + " phase stopped unexpectedly"));
    }

    private void OnBaselinesReady(BaselinesReady c)
    {
        EndPhase();
        if (_state.Baselines != null) return;
        PersistThen([new DomainEvent.BaselinesFixed(c.Baselines, c.Records, Now())], () => Self.Tell(Advance.Instance));
    }

    private void OnPhaseFailed(PhaseFailed c)
    {
        EndPhase();
        if (!_state.Started || _state.Finished != null) return;
        _log.Error("domain {0} of run {1} stopped: {2}", _state.Domain, _state.Run!.RunId, c.Reason);
        PersistThen([new DomainEvent.Finished("failed: " + c.Reason, _state.BestCandId, _state.BestScore, Now())],
            () => Self.Tell(Advance.Instance));
    }

    private void EndPhase()
    {
        if (_phase != null) Context.Unwatch(_phase);
        _phase = null;
    }

    /// <summary>Takes the next step the state calls for; idempotent, so it is safe after recovery and after each event.</summary>
    private void Step()
    {
        var s = _state;
        if (s.Started) Metrics.Metrics.Get(Context.System).DomainProgress(s.Run!.RunId, s.Domain!, s.Generation, s.BestScore, false);
        switch (s.Now)
        {
            case DomainState.Stage.NotStarted:
                return;
            case DomainState.Stage.Finished:
                // Passivated, a finished run is no longer remembered, so no node restarts it; --resume or a message
                // wakes it from its journal.
                (_shard ?? Context.Parent).Tell(new Passivate(PoisonPill.Instance));
                return;
        }
        if (_phase != null) return;
        switch (s.Now)
        {
            case DomainState.Stage.Baselines:
                var stores = _baselineStores ?? ClusterSharding.Get(Context.System).ShardRegion(BaselineStore.TypeName);
                WatchPhase(Context.ActorOf(BaselinePhase.Props(s, Self, _recorder, _dispatcher, stores), "baselines-" + ++_phases));
                return;
            case DomainState.Stage.Proposing:
                var next = s.Generation + 1;
                if (next >= s.Run!.Generations)
                {
                    var outcome = s.Run.Generations == 0 ? "baselines only" : s.BestCandId == null ? "no safe candidate" : "completed";
                    PersistThen([new DomainEvent.Finished(outcome, s.BestCandId, s.BestScore, Now())], () => Self.Tell(Advance.Instance));
                }
                else PersistThen(Propose(s, next), () => Self.Tell(Advance.Instance));
                return;
            case DomainState.Stage.Completing:
                PersistThen([GenerationCompleted(s)], () => Self.Tell(Advance.Instance));
                return;
            case DomainState.Stage.Measuring:
                var measuring = s.Run!.Raced ? RaceActor.Props(s, Self, _recorder, _dispatcher) : GenerationActor.Props(s, Self, _recorder, _dispatcher);
                WatchPhase(Context.ActorOf(measuring, $"generation-{s.Generation}-{++_phases}"));
                return;
        }
    }

    private void WatchPhase(IActorRef phase)
    {
        _phase = phase;
        Context.Watch(phase);
    }

    /// <summary>Persists the events in order, applying each; then runs <paramref name="after"/> once.</summary>
    private void PersistThen(IReadOnlyList<DomainEvent> events, Action after)
    {
        var remaining = events.Count;
        PersistAll(events, e =>
        {
            _state.Apply(e);
            if (_snapshotEvery > 0 && LastSequenceNr % _snapshotEvery == 0) SaveSnapshot(_state.Copy());
            if (--remaining == 0) after();
        });
    }

    private static IReadOnlyList<DomainEvent> Propose(DomainState s, int generation)
    {
        var plan = s.Plan();
        var strategy = Strategies.Create(KnobSpace.Of(plan.Domain.Knobs), plan.Evolution, s.Run!.Seed, s.Domain!);
        var genomes = strategy.Propose(generation, s.HistoryIncludingCurrent());
        var at = Now();
        var events = new List<DomainEvent> { new DomainEvent.GenerationProposed(generation, genomes.ToList().AsReadOnly(), at) };
        // An elite seen before keeps its evidence: re-measuring it would only add noise (defect 4 of the original).
        for (var i = 0; i < genomes.Count; i++)
        {
            if (!s.AssessedByGenome.TryGetValue(genomes[i].Key(), out var earlier)) continue;
            var pack = s.Packs[earlier];
            var candId = DomainState.CandId(generation, i);
            events.Add(new DomainEvent.CandidateAssessed(generation, candId, pack.Reissued(candId, generation), pack.Aggregate.ScoreV2,
                earlier, at));
        }
        return events;
    }

    private static DomainEvent.GenerationCompleted GenerationCompleted(DomainState s)
    {
        DomainState.Candidate? best = null;
        var safe = 0;
        foreach (var c in s.Candidates)
        {
            if (c.Score == null) continue;
            safe++;
            // an eliminated candidate's score comes from fewer blocks: it never beats a survivor to the best
            if (s.IsEliminated(c)) continue;
            if (best == null || c.Score > best.Score) best = c;
        }
        var ci = best == null ? null : s.Packs[best.CandId].Aggregate.ScoreCi95;
        return new DomainEvent.GenerationCompleted(s.Generation, best?.CandId, best?.Score, ci, safe, s.Candidates.Count, Now());
    }

    internal static Progress ProgressOf(DomainState s) =>
        new(s.Run?.RunId, s.Domain, s.Started, s.Generation, s.Run?.Generations ?? 0, s.TrialsRecorded, s.BestCandId, s.BestScore,
            s.Finished);

    internal static string Now() => Timestamps.Utc(DateTimeOffset.UtcNow);
}
