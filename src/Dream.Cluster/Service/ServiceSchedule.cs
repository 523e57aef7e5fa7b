using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Persistence;
using Dream.Cluster.Runs;
using Dream.Core.Scheduling;

namespace Dream.Cluster.Service;

/// <summary>
/// The continuous-campaign schedule of one domain (<c>dream service</c>), kept in the journal so that a restarted
/// service knows which campaign was running (and resumes it) and when the next one is due. One sharded entity per
/// domain: a cluster has one schedule per domain, however many service processes run. The service process asks
/// it, runs the campaigns and reports back; the entity decides nothing on its own clock. Each event carries the
/// times that were computed for it, so a replay gives the same plan. Every command is answered with the
/// <see cref="State"/> after it (to its ReplyTo, or to the sender when null).
/// </summary>
public sealed class ServiceSchedule : ReceivePersistentActor
{
    public const string TypeName = "ServiceSchedule";

    /// <summary>Two events per campaign, forever: snapshots keep recovery short for a service that runs for years.</summary>
    public const int SnapshotEvery = 100;
    private const int SnapshotsKept = 2;

    public static string PersistenceIdOf(string domain) => TypeName + "|" + domain;

    public static Props Props(string domain) => Akka.Actor.Props.Create(() => new ServiceSchedule(domain));

    /// <summary>
    /// Registers the entity type on this node (the service process hosts the schedules it drives); send it
    /// <c>new ShardingEnvelope(domain, command)</c>.
    /// </summary>
    public static IActorRef Init(ActorSystem system) =>
        ClusterSharding.Get(system).Start(TypeName, Props, ClusterShardingSettings.Create(system).WithRememberEntities(false),
            new EnvelopeExtractor());

    public interface ICommand : CborSerializable
    {
        IActorRef? ReplyTo { get; }
    }

    public sealed record Get(IActorRef? ReplyTo = null) : ICommand;

    /// <summary>Campaign <paramref name="RunId"/>, planned for <paramref name="Planned"/>, has started; ignored while another campaign is active.</summary>
    public sealed record Begin(string RunId, DateTimeOffset Planned, DateTimeOffset At, IActorRef? ReplyTo = null) : ICommand;

    /// <summary>The active campaign ended with <paramref name="Outcome"/>; the next is planned <paramref name="Every"/> after it was.</summary>
    public sealed record Finish(string RunId, string Outcome, DateTimeOffset At, TimeSpan Every, IActorRef? ReplyTo = null) : ICommand;

    /// <summary>
    /// Campaign <paramref name="RunId"/> failed, or (RunId null) no campaign could be started: the next try waits for
    /// the backoff. Ignored when it names a campaign other than the active one.
    /// </summary>
    public sealed record Fail(string? RunId, string Reason, DateTimeOffset At, Backoff Backoff, IActorRef? ReplyTo = null) : ICommand;

    public abstract record Event : IJournalEvent;

    public sealed record CampaignBegun(string RunId, DateTimeOffset Planned, DateTimeOffset At) : Event;

    public sealed record CampaignEnded(string RunId, string Outcome, DateTimeOffset At, TimeSpan Every, DateTimeOffset NextDue, long MissedSlots)
        : Event;

    public sealed record CampaignFailed(string? RunId, string Reason, DateTimeOffset At, int FailuresInARow, DateTimeOffset RetryAt) : Event;

    /// <summary>The campaign in progress: started at <paramref name="StartedAt"/> for the slot <paramref name="Planned"/>.</summary>
    public sealed record Active(string RunId, DateTimeOffset Planned, DateTimeOffset StartedAt) : CborSerializable;

    /// <summary>
    /// <see cref="NextDue"/> null: never ran, due now. <see cref="LastPlanned"/>, <see cref="Every"/>: the slot and
    /// interval of the last successful campaign, from which a changed interval re-plans.
    /// </summary>
    public sealed record State(
        Active? Active, DateTimeOffset? NextDue, DateTimeOffset? LastPlanned, DateTimeOffset? LastEndedAt, TimeSpan? Every,
        int FailuresInARow, long Campaigns, string? LastRunId, string? LastOutcome) : IJournalEvent
    {
        public static readonly State Empty = new(null, null, null, null, null, 0, 0, null, null);

        /// <summary>
        /// When the next campaign should start under interval <paramref name="every"/>: now if none ever ran; the retry
        /// time after a failure; else the planned slot, re-planned on the grid of the last campaign when the interval
        /// changed since (so a shorter interval applies at once, not after the old one has elapsed).
        /// </summary>
        public DateTimeOffset DueWith(TimeSpan every, DateTimeOffset now)
        {
            if (NextDue is not { } due) return now;
            if (FailuresInARow > 0 || Every is null || Every == every || LastPlanned is null || LastEndedAt is null) return due;
            return SchedulePolicy.NextAfterSuccess(LastPlanned.Value, LastEndedAt.Value, every);
        }

        public State Apply(Event e) => e switch
        {
            CampaignBegun b => this with { Active = new Active(b.RunId, b.Planned, b.At) },
            CampaignEnded x => new State(null, x.NextDue, Active?.Planned, x.At, x.Every, 0, Campaigns + 1, x.RunId, x.Outcome),
            CampaignFailed f => this with
            {
                Active = null, NextDue = f.RetryAt, FailuresInARow = f.FailuresInARow, LastRunId = f.RunId ?? LastRunId,
                LastOutcome = "failed: " + f.Reason,
            },
            _ => throw new ArgumentException("not an event of the service schedule: " + e),
        };
    }

    public override string PersistenceId { get; }

    private State _state = State.Empty;

    public ServiceSchedule(string domain)
    {
        PersistenceId = PersistenceIdOf(domain);
        Recover<SnapshotOffer>(o => _state = (State)o.Snapshot);
        Recover<Event>(e => _state = _state.Apply(e));
        Command<Get>(c => Answer(c));
        Command<Begin>(OnBegin);
        Command<Finish>(OnFinish);
        Command<Fail>(OnFail);
        Command<SaveSnapshotSuccess>(s =>
            DeleteSnapshots(new SnapshotSelectionCriteria(s.Metadata.SequenceNr - SnapshotEvery * (SnapshotsKept - 1) - 1)));
        Command<SaveSnapshotFailure>(_ => { });
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(_ => { });
    }

    private void Answer(ICommand c) => (c.ReplyTo ?? Sender).Tell(_state);

    private void OnBegin(Begin c)
    {
        if (_state.Active != null)
        {
            Answer(c);
            return;
        }
        Save(new CampaignBegun(c.RunId, c.Planned, c.At), c);
    }

    private void OnFinish(Finish c)
    {
        if (_state.Active is not { } active || active.RunId != c.RunId)
        {
            Answer(c);
            return;
        }
        Save(new CampaignEnded(c.RunId, c.Outcome, c.At, c.Every, SchedulePolicy.NextAfterSuccess(active.Planned, c.At, c.Every),
            SchedulePolicy.MissedSlots(active.Planned, c.At, c.Every)), c);
    }

    private void OnFail(Fail c)
    {
        bool applies = c.RunId == null ? _state.Active == null : _state.Active != null && _state.Active.RunId == c.RunId;
        if (!applies)
        {
            Answer(c);
            return;
        }
        int failures = _state.FailuresInARow + 1;
        Save(new CampaignFailed(c.RunId, c.Reason, c.At, failures, c.At + SchedulePolicy.RetryDelay(failures, c.Backoff)), c);
    }

    private void Save(Event e, ICommand c)
    {
        var replyTo = c.ReplyTo ?? Sender;
        Persist(e, persisted =>
        {
            _state = _state.Apply(persisted);
            if (LastSequenceNr % SnapshotEvery == 0) SaveSnapshot(_state);
            replyTo.Tell(_state);
        });
    }

    /// <summary>
    /// Routes <c>ShardingEnvelope(domain, command)</c> to the domain's schedule: Akka.NET unwraps the envelope before
    /// an extractor sees it, and the schedule's commands name no entity themselves.
    /// </summary>
    public sealed class EnvelopeExtractor() : HashCodeMessageExtractor(10)
    {
        public override string? EntityId(object message) => null;
    }
}
