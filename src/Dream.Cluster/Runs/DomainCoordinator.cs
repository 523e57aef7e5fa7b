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

    private sealed class FlushAssessed
    {
        public static readonly FlushAssessed Instance = new();
    }

    /// <summary>From the RaceActor: journal this elimination (once; a replayed race sends it again only if it was not journaled).</summary>
    public sealed record Eliminate(DomainEvent.CandidateEliminated Event) : ICommand;

    /// <summary>From the BanditActor: journal this decision (once), then answer <see cref="Chosen"/>, so the trial is dispatched only once journaled.</summary>
    public sealed record Choose(DomainEvent.BanditChosen Event) : ICommand;

    /// <summary>The decision <see cref="Decision"/> of the generation in progress is in the journal.</summary>
    public sealed record Chosen(int Decision) : ICommand;

    /// <summary>From the baseline phase: every regime's baseline is known.</summary>
    /// <summary><see cref="Drifts"/>: the regimes whose refreshed baseline moved beyond the previous one's interval.</summary>
    public sealed record BaselinesReady(
        IReadOnlyDictionary<string, Baseline> Baselines, IReadOnlyDictionary<string, BaselineRecord> Records,
        IReadOnlyList<DomainEvent.AnomalyDetected>? Drifts = null) : ICommand;

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
    private readonly List<Assessed> _assessing = []; // assessments waiting for their write, in arrival order
    private int _phases;
    private IActorRef? _evidenceStores;
    private int _evidenceWritten = -1; // the generation whose trials the evidence cache has been given by this incarnation

    public override string PersistenceId { get; }

    /// <summary>The sharded entity <paramref name="entityId"/> (<see cref="EntityId(string, string)"/>).</summary>
    /// <param name="dispatcher">the TrialDispatcher (its singleton proxy)</param>
    /// <param name="baselineStores">the BaselineStore shard region; null: this system's region of <see cref="BaselineStore.TypeName"/></param>
    /// <param name="shard">where Passivate goes; null: the parent, which is the shard when sharded</param>
    /// <param name="evidenceStores">the EvidenceStore shard region; null: this system's region of <see cref="EvidenceStore.TypeName"/>
    /// if one is started, else no evidence is reused</param>
    public static Props Props(string entityId, IActorRef dispatcher, int snapshotEvery, IActorRef? baselineStores = null,
        IActorRef? shard = null, IActorRef? evidenceStores = null) =>
        Akka.Actor.Props.Create(() => new DomainCoordinator(entityId, dispatcher, snapshotEvery, baselineStores, shard, evidenceStores));

    public DomainCoordinator(string entityId, IActorRef dispatcher, int snapshotEvery, IActorRef? baselineStores, IActorRef? shard,
        IActorRef? evidenceStores = null)
    {
        _evidenceStores = evidenceStores;
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
        Command<FlushAssessed>(_ => OnFlushAssessed());
        Command<Eliminate>(OnEliminate);
        Command<Choose>(OnChoose);
        Command<BaselinesReady>(OnBaselinesReady);
        Command<PhaseFailed>(OnPhaseFailed);
        Command<EvidenceLookup.Looked>(OnLooked);
        Command<EvidenceWrite.Written>(OnWritten);
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
        if (_assessing.Exists(a => a.CandId == c.CandId)) return;
        // Assessments arriving together (a race's survivors end at once) are journaled in one write: one at a time,
        // each waited for its own commit, and the end of every generation stalled the runners for tens of writes.
        _assessing.Add(c);
        if (_assessing.Count == 1) Self.Tell(FlushAssessed.Instance);
    }

    /// <param name="notAll">what to do when the write leaves candidates unassessed</param>
    private void OnFlushAssessed(Action? notAll = null)
    {
        var batch = _assessing.Where(c => c.Generation == _state.Generation && _state.CandidateOf(c.CandId) is { Assessed: false })
            .Select(c => (DomainEvent)new DomainEvent.CandidateAssessed(c.Generation, c.CandId, c.Pack, c.Score, null, Now()))
            .ToList();
        _assessing.Clear();
        if (batch.Count == 0)
        {
            notAll?.Invoke();
            return;
        }
        PersistThen(batch, () =>
        {
            if (!_state.AllAssessed())
            {
                notAll?.Invoke();
                return;
            }
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

    private void OnChoose(Choose c)
    {
        var sender = Sender;
        var e = c.Event;
        if (e.Generation != _state.Generation || _state.Now != DomainState.Stage.Measuring) return;
        var journaled = _state.BanditChoices.Count;
        if (e.Decision < journaled)
        {
            // sent again (a BanditActor of an earlier incarnation of this coordinator): the journal's decision stands
            if (_state.BanditChoices[e.Decision].CandId == e.CandId) sender.Tell(new Chosen(e.Decision));
            return;
        }
        if (e.Decision > journaled)
        {
            _log.Warning("generation {0}: bandit decision {1} arrived before decision {2}; ignored", e.Generation, e.Decision, journaled);
            return;
        }
        PersistThen([e], () => sender.Tell(new Chosen(e.Decision)));
    }

    /// <summary>A phase that stops before its work is in has failed (its error is in the log).</summary>
    private void OnPhaseEnded(Terminated t)
    {
        if (_phase == null || !_phase.Equals(t.ActorRef)) return;
        // The generation stops right after its last assessment, which may still wait for its write: write it first.
        if (_assessing.Count > 0)
        {
            OnFlushAssessed(() => OnPhaseEnded(t));
            return;
        }
        _phase = null;
        OnPhaseFailed(new PhaseFailed("the " + (_state.Baselines == null ? "baseline" : "generation " + _state.Generation)
            + " phase stopped unexpectedly"));
    }

    private void OnBaselinesReady(BaselinesReady c)
    {
        EndPhase();
        if (_state.Baselines != null) return;
        PersistThen([new DomainEvent.BaselinesFixed(c.Baselines, c.Records, Now()), .. c.Drifts ?? []], () => Self.Tell(Advance.Instance));
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
                else if (s.Run.Reuses && EvidenceStores() is { } lookIn)
                    WatchPhase(Context.ActorOf(EvidenceLookup.Props(s.Run, s.Domain!, Propose(s, next), lookIn, EvidenceMaxAge(),
                        Self), "evidence-" + ++_phases));
                else PersistThen(Propose(s, next), () => Self.Tell(Advance.Instance));
                return;
            case DomainState.Stage.Completing:
                if (s.Run!.Reuses && _evidenceWritten != s.Generation && EvidenceStores() is { } writeTo)
                {
                    WatchPhase(Context.ActorOf(EvidenceWrite.Props(s.Domain!, s.Run.NodeClass, s.Generation, EvidenceCache.Entries(s),
                        writeTo, 2 * EvidenceMaxAge(), Self), "evidence-" + ++_phases));
                    return;
                }
                var completed = GenerationCompleted(s);
                PersistThen([completed, .. AnomaliesAt(s, completed, Anomalies.Settings.From(Context.System.Settings.Config))],
                    () => Self.Tell(Advance.Instance));
                return;
            case DomainState.Stage.Measuring:
                var measuring = s.Run!.Raced ? RaceActor.Props(s, Self, _recorder, _dispatcher)
                    : s.Run.Bandited ? BanditActor.Props(s, Self, _recorder, _dispatcher, RunnerSlots())
                    : GenerationActor.Props(s, Self, _recorder, _dispatcher);
                WatchPhase(Context.ActorOf(measuring, $"generation-{s.Generation}-{++_phases}"));
                return;
        }
    }

    /// <summary>
    /// The decisions a bandit keeps outstanding: this node's dream.runner.slots, a fixed number rather than the cluster's
    /// free slots, so that the decisions do not depend on which runners happen to be up.
    /// </summary>
    private int RunnerSlots() => Math.Max(1, Context.System.Settings.Config.GetInt("dream.runner.slots", 1));

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
            if (e is DomainEvent.AnomalyDetected a) OnAnomaly(a);
            if (e is DomainEvent.TrialsReused or DomainEvent.TrialsRecorded) CountEvidence(e);
            if (_snapshotEvery > 0 && LastSequenceNr % _snapshotEvery == 0) SaveSnapshot(_state.Copy());
            if (--remaining == 0) after();
        });
    }

    private void OnLooked(EvidenceLookup.Looked c)
    {
        EndPhase();
        if (_state.Now != DomainState.Stage.Proposing || c.Generation != _state.Generation + 1) return;
        PersistThen(c.Events, () => Self.Tell(Advance.Instance));
    }

    private void OnWritten(EvidenceWrite.Written c)
    {
        EndPhase();
        _evidenceWritten = c.Generation;
        Self.Tell(Advance.Instance);
    }

    /// <summary>Hits and misses of a fresh decision (never one replayed on recovery), for /metrics.</summary>
    private void CountEvidence(DomainEvent e)
    {
        if (!_state.Run!.Reuses || EvidenceStores() == null) return;
        var metrics = Metrics.Metrics.Get(Context.System);
        if (e is DomainEvent.TrialsReused u) metrics.Evidence(_state.Domain!, u.Trials.Count, 0, u.LookedUp);
        else if (e is DomainEvent.TrialsRecorded t)
        {
            var measured = t.Results.Count(r => TrialIds.CandOf(r.TrialId) != DomainState.Baseline);
            if (measured > 0) metrics.Evidence(_state.Domain!, 0, measured, 0);
        }
    }

    private TimeSpan EvidenceMaxAge() => Context.System.Settings.Config.GetTimeSpan(EvidenceCache.MaxAgeSetting, EvidenceCache.DefaultMaxAge);

    private IActorRef? EvidenceStores() => _evidenceStores ??= EvidenceRegion(Context.System);

    /// <summary>This system's EvidenceStore region, or null where none is started (a node that hosts no cache, a test).</summary>
    private static IActorRef? EvidenceRegion(ActorSystem system)
    {
        try
        {
            var sharding = ClusterSharding.Get(system);
            return sharding.ShardTypeNames.Contains(EvidenceStore.TypeName) ? sharding.ShardRegion(EvidenceStore.TypeName) : null;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return null;
        }
    }

    /// <summary>A fresh anomaly (never one replayed on recovery): a log line for people and the metric for alerts.</summary>
    private void OnAnomaly(DomainEvent.AnomalyDetected a)
    {
        _log.Warning("anomaly in domain {0} of run {1}: {2} ({3}): {4}", _state.Domain, _state.Run!.RunId, a.Kind, a.Subject, a.Detail);
        Metrics.Metrics.Get(Context.System).Anomaly(_state.Domain!, a.Kind);
    }

    private static IReadOnlyList<DomainEvent> Propose(DomainState s, int generation)
    {
        var plan = s.Plan();
        var space = KnobSpace.Of(plan.Domain.Knobs);
        var strategy = Strategies.Create(space, plan.Evolution, s.Run!.Seed, s.Domain!);
        var history = s.HistoryIncludingCurrent();
        var genomes = strategy.Propose(generation, history);
        var at = Now();
        var decided = plan.Evolution.Operators ? Operate(s, generation, space, history, ref genomes, at) : null;
        var events = new List<DomainEvent> { new DomainEvent.GenerationProposed(generation, genomes.ToList().AsReadOnly(), at) };
        if (decided is not null) events.Add(decided);
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

    /// <summary>
    /// The population operator for the generation to propose, decided from the journaled history alone and applied with a
    /// stream of the run's seed, so that a resumed run decides and proposes the same; the event when one fired.
    /// </summary>
    internal static DomainEvent.OperatorDecided? Operate(DomainState s, int generation, KnobSpace space,
        IReadOnlyList<IReadOnlyList<Scored>> history, ref IReadOnlyList<Dream.Core.Domain.Genome> genomes, string at)
    {
        var settings = OperatorSettings.Default;
        var d = PopulationOperators.Decide(space, history, s.Run!.Generations, s.Plan().Evolution.Population, settings);
        if (d.Operator == PopulationOperator.None) return null;
        genomes = PopulationOperators.Apply(d, space, genomes, history, settings,
            GenerationRandom.Derive(s.Run.Seed, s.Domain!, "operators", generation));
        return new DomainEvent.OperatorDecided(generation, d.Operator.ToString().ToLowerInvariant(), d.Rule, d.Count, d.ExpectedGain, at);
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

    /// <summary>The anomalies of the generation that <paramref name="completed"/> ends, from the journaled state alone.</summary>
    internal static IReadOnlyList<DomainEvent> AnomaliesAt(DomainState s, DomainEvent.GenerationCompleted completed, Anomalies.Settings settings)
    {
        var bests = s.History.Select(g => g.Where(c => c.Score is not null).Select(c => c.Score).Max())
            .Append(completed.BestScore).ToList();
        var found = new List<DomainEvent>();
        if (Anomalies.StallAt(bests, settings.StallGenerations, completed.AtUtc) is { } stall) found.Add(stall);
        found.AddRange(Anomalies.NodeFailuresIn(s.Generation, s.Candidates.SelectMany(c => c.Results.Values), settings, completed.AtUtc));
        return found;
    }

    internal static Progress ProgressOf(DomainState s) =>
        new(s.Run?.RunId, s.Domain, s.Started, s.Generation, s.Run?.Generations ?? 0, s.TrialsRecorded, s.BestCandId, s.BestScore,
            s.Finished);

    internal static string Now() => Timestamps.Utc(DateTimeOffset.UtcNow);
}
