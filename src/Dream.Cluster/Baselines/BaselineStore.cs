using Akka;
using Akka.Actor;
using Akka.Persistence;
using Dream.Cluster.Runs;
using Dream.Core.Packs;
using Dream.Core.Scoring;

namespace Dream.Cluster.Baselines;

/// <summary>
/// The baselines of one (domain, node class): recorded from the stock configuration, refreshed, retired.
/// Event-sourced, so that every baseline a run was compared with stays on record.
/// </summary>
public sealed class BaselineStore : ReceivePersistentActor
{
    public const string TypeName = "BaselineStore";

    public static string EntityId(string domain, string nodeClass) => domain + "~" + nodeClass;

    public static string PersistenceIdOf(string domain, string nodeClass) => TypeName + "|" + EntityId(domain, nodeClass);

    /// <summary>
    /// A baseline as stored: the scorer's view (means and trial values), the baselines.v2 record, and the fingerprint
    /// of what was measured (regime workload and stock genome), so a changed regime is re-measured.
    /// </summary>
    public sealed record Stored(Baseline Baseline, BaselineRecord Record, string Fingerprint) : CborSerializable
    {
        public bool FreshFor(string fingerprint, TimeSpan maxAge, DateTimeOffset now) =>
            Fingerprint == fingerprint && Record.Timestamp + maxAge > now;
    }

    public interface ICommand : CborSerializable, IEntityMessage;

    /// <summary>Answered with <see cref="All"/>.</summary>
    public sealed record GetAll(string Domain, string NodeClass) : ICommand
    {
        string IEntityMessage.EntityId => BaselineStore.EntityId(Domain, NodeClass);
    }

    /// <summary>Records these baselines (each replaces its regime's); answered with Done.</summary>
    public sealed record Record(string Domain, string NodeClass, IReadOnlyList<Stored> Baselines) : ICommand
    {
        string IEntityMessage.EntityId => BaselineStore.EntityId(Domain, NodeClass);
    }

    /// <summary>Forget every current baseline, so the next run measures anew; answered with Done.</summary>
    public sealed record Retire(string Domain, string NodeClass, string Reason) : ICommand
    {
        string IEntityMessage.EntityId => BaselineStore.EntityId(Domain, NodeClass);
    }

    /// <summary><see cref="Previous"/>: per regime, the baseline the current one replaced (or that was retired), to tell a drift.</summary>
    public sealed record All(IReadOnlyDictionary<string, Stored> ByRegime, IReadOnlyDictionary<string, Stored>? Previous = null)
        : CborSerializable;

    public abstract record Event : IJournalEvent;

    public sealed record Recorded(Stored Stored) : Event;

    public sealed record Retired(string Reason, string AtUtc) : Event;

    /// <summary>
    /// The current baseline per regime, and the one before it (replaced or retired), rebuilt from the events; the
    /// snapshot form (baseline-store-state.v1) keeps only the current ones, and this store saves no snapshots.
    /// </summary>
    public sealed class State : IJournalEvent
    {
        public Dictionary<string, Stored> ByRegime { get; } = new();

        public Dictionary<string, Stored> Previous { get; } = new();

        public State Apply(Event e)
        {
            switch (e)
            {
                case Recorded r:
                    if (ByRegime.TryGetValue(r.Stored.Record.Regime, out var replaced)) Previous[r.Stored.Record.Regime] = replaced;
                    ByRegime[r.Stored.Record.Regime] = r.Stored;
                    break;
                case Retired:
                    foreach (var (regime, retired) in ByRegime) Previous[regime] = retired;
                    ByRegime.Clear();
                    break;
            }
            return this;
        }
    }

    private State _state = new();

    public override string PersistenceId { get; }

    /// <param name="entityId"><see cref="EntityId(string, string)"/></param>
    public static Props Props(string entityId) => Akka.Actor.Props.Create(() => new BaselineStore(entityId));

    public BaselineStore(string entityId)
    {
        PersistenceId = TypeName + "|" + entityId;
        Recover<Event>(e => _state.Apply(e));
        Recover<SnapshotOffer>(o =>
        {
            if (o.Snapshot is State s) _state = s;
        });
        Command<GetAll>(_ => Sender.Tell(new All(new Dictionary<string, Stored>(_state.ByRegime), new Dictionary<string, Stored>(_state.Previous))));
        Command<Record>(c =>
        {
            var sender = Sender;
            if (c.Baselines.Count == 0)
            {
                sender.Tell(Done.Instance);
                return;
            }
            var remaining = c.Baselines.Count;
            PersistAll(c.Baselines.Select(s => new Recorded(s)), e =>
            {
                _state.Apply(e);
                if (--remaining == 0) sender.Tell(Done.Instance);
            });
        });
        Command<Retire>(c =>
        {
            var sender = Sender;
            Persist(new Retired(c.Reason, Timestamps.Utc(DateTimeOffset.UtcNow)), e =>
            {
                _state.Apply(e);
                sender.Tell(Done.Instance);
            });
        });
    }
}
