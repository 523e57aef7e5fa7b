using System.Globalization;
using Akka;
using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using Dream.Core.Packs;
using Dream.Trials;

namespace Dream.Cluster.Runs;

/// <summary>
/// The evidence cache of one (domain, node class): every trial measured by a run of that domain on that node class,
/// by its content key (<see cref="TrialKey"/>), as a Cluster Sharding entity. Its state is the in-memory tier,
/// answering lookups without a database read; its journal is the durable tier, from which the entity recovers on
/// whichever coordinator hosts it next. Every coordinator of the cluster reaches the same entity, so they share
/// hits; nothing crosses node classes, since each class has its own entity (and the class is in the key).
/// </summary>
public sealed class EvidenceStore : ReceivePersistentActor
{
    public const string TypeName = "EvidenceStore";

    /// <summary>Entries kept per key, newest first: a repeated measurement replaces the oldest.</summary>
    public const int PerKey = 4;

    /// <summary>Recorded events between two snapshots (each event is one generation's trials).</summary>
    public const int SnapshotEvery = 50;

    public static string EntityId(string domain, string nodeClass) => domain + "~" + nodeClass;

    public static string PersistenceIdOf(string domain, string nodeClass) => TypeName + "|" + EntityId(domain, nodeClass);

    /// <summary>
    /// One measured trial: its outcome as recorded by the run that measured it (its own trial id), and when the
    /// generation that measured it was proposed — no later than the measurement, so an entry never looks younger than it is.
    /// </summary>
    public sealed record Entry(string Key, TrialResult Result, string MeasuredAtUtc) : CborSerializable
    {
        public DateTimeOffset MeasuredAt => Timestamps.ParseUtc(MeasuredAtUtc);
    }

    public interface ICommand : CborSerializable, IEntityMessage;

    /// <summary>
    /// Answered with <see cref="Found"/>: per key, the newest entry measured no later than <see cref="AsOfUtc"/> and less
    /// than <see cref="MaxAgeS"/> seconds before it. Decided from the entries and these arguments alone, so that asking
    /// again after a restart, with the same journal, finds the same.
    /// </summary>
    public sealed record Lookup(string Domain, string NodeClass, IReadOnlyList<string> Keys, string AsOfUtc, double MaxAgeS) : ICommand
    {
        string IEntityMessage.EntityId => EvidenceStore.EntityId(Domain, NodeClass);
    }

    public sealed record Found(IReadOnlyDictionary<string, Entry> Hits) : CborSerializable;

    /// <summary>
    /// Records these entries (an entry already there, by key and trial id, is skipped), and forgets entries measured
    /// more than <see cref="KeepS"/> seconds before now; answered with Done.
    /// </summary>
    public sealed record Record(string Domain, string NodeClass, IReadOnlyList<Entry> Entries, double KeepS) : ICommand
    {
        string IEntityMessage.EntityId => EvidenceStore.EntityId(Domain, NodeClass);
    }

    public abstract record Event : IJournalEvent;

    /// <summary>New entries, and the moment before which older entries are forgotten (null: none are).</summary>
    public sealed record Recorded(IReadOnlyList<Entry> Entries, string? ForgetBeforeUtc, string AtUtc) : Event;

    /// <summary>The entries by key, newest first. Changed only by <see cref="Apply"/>.</summary>
    public sealed class State : IJournalEvent
    {
        public Dictionary<string, List<Entry>> ByKey { get; } = new(StringComparer.Ordinal);

        public int Count => ByKey.Values.Sum(l => l.Count);

        public bool Has(Entry e) => ByKey.TryGetValue(e.Key, out var l) && l.Exists(x => x.Result.TrialId == e.Result.TrialId);

        public State Apply(Event e)
        {
            if (e is not Recorded r) return this;
            if (r.ForgetBeforeUtc is { } before) Forget(Timestamps.ParseUtc(before));
            foreach (var entry in r.Entries)
            {
                if (Has(entry)) continue;
                if (!ByKey.TryGetValue(entry.Key, out var list)) ByKey[entry.Key] = list = new List<Entry>();
                list.Add(entry);
                // newest first; equal times by trial id, so that the order never depends on arrival
                list.Sort((a, b) =>
                {
                    var byTime = b.MeasuredAt.CompareTo(a.MeasuredAt);
                    return byTime != 0 ? byTime : string.CompareOrdinal(a.Result.TrialId, b.Result.TrialId);
                });
                if (list.Count > PerKey) list.RemoveRange(PerKey, list.Count - PerKey);
            }
            return this;
        }

        private void Forget(DateTimeOffset before)
        {
            foreach (var key in ByKey.Keys.ToList())
            {
                var list = ByKey[key];
                list.RemoveAll(x => x.MeasuredAt < before);
                if (list.Count == 0) ByKey.Remove(key);
            }
        }

        /// <summary>Per key found, its newest entry measured at or before <paramref name="asOf"/> and younger than <paramref name="maxAge"/> there.</summary>
        public IReadOnlyDictionary<string, Entry> Find(IEnumerable<string> keys, DateTimeOffset asOf, TimeSpan maxAge)
        {
            var hits = new Dictionary<string, Entry>(StringComparer.Ordinal);
            foreach (var key in keys)
            {
                if (hits.ContainsKey(key) || !ByKey.TryGetValue(key, out var list)) continue;
                foreach (var x in list)
                {
                    var at = x.MeasuredAt;
                    if (at > asOf) continue;
                    if (asOf - at < maxAge) hits[key] = x;
                    break; // the newest not after asOf decides: an older one is older still
                }
            }
            return hits;
        }
    }

    private State _state = new();
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public override string PersistenceId { get; }

    /// <param name="entityId"><see cref="EntityId(string, string)"/></param>
    public static Props Props(string entityId) => Akka.Actor.Props.Create(() => new EvidenceStore(entityId));

    public EvidenceStore(string entityId)
    {
        PersistenceId = TypeName + "|" + entityId;
        Recover<SnapshotOffer>(o =>
        {
            if (o.Snapshot is State s) _state = s;
        });
        Recover<Event>(e => _state.Apply(e));
        Command<Lookup>(c =>
        {
            var hits = _state.Find(c.Keys, Timestamps.ParseUtc(c.AsOfUtc), TimeSpan.FromSeconds(c.MaxAgeS));
            Sender.Tell(new Found(hits));
        });
        Command<Record>(OnRecord);
        Command<SaveSnapshotSuccess>(s =>
        {
            var keepFrom = s.Metadata.SequenceNr - SnapshotEvery;
            if (keepFrom > 0) DeleteSnapshots(new SnapshotSelectionCriteria(keepFrom));
        });
        Command<SaveSnapshotFailure>(f => _log.Warning("snapshot of {0} not saved: {1}", PersistenceId, f.Cause.Message));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(_ => { });
    }

    private void OnRecord(Record c)
    {
        var sender = Sender;
        var fresh = c.Entries.Where(e => !_state.Has(e)).ToList();
        if (fresh.Count == 0)
        {
            sender.Tell(Done.Instance);
            return;
        }
        var now = DateTimeOffset.UtcNow;
        var forget = c.KeepS > 0 ? Timestamps.Utc(now - TimeSpan.FromSeconds(c.KeepS)) : null;
        Persist(new Recorded(fresh.AsReadOnly(), forget, Timestamps.Utc(now)), e =>
        {
            _state.Apply(e);
            if (LastSequenceNr % SnapshotEvery == 0) SaveSnapshot(Copy(_state));
            sender.Tell(Done.Instance);
        });
    }

    /// <summary>A deep copy through the journal's form, for a snapshot written while the state moves on.</summary>
    private static State Copy(State s) => EvidenceJson.ReadState(JournalJson.Parse(JournalJson.Bytes(w => EvidenceJson.Write(w, s))));
}

/// <summary>The journal's JSON form of the evidence store's events and snapshot (manifests in <see cref="JournalSerializer"/>).</summary>
public static class EvidenceJson
{
    public static void Write(System.Text.Json.Utf8JsonWriter w, EvidenceStore.Entry e)
    {
        w.WriteStartObject();
        w.WriteString("key", e.Key);
        w.WritePropertyName("result");
        JournalJson.Write(w, e.Result);
        w.WriteString("measured_at_utc", e.MeasuredAtUtc);
        w.WriteEndObject();
    }

    public static EvidenceStore.Entry ReadEntry(System.Text.Json.JsonElement e) =>
        new(e.GetProperty("key").GetString()!, JournalJson.ReadTrialResult(e.GetProperty("result")), e.GetProperty("measured_at_utc").GetString()!);

    public static void Write(System.Text.Json.Utf8JsonWriter w, EvidenceStore.Recorded r)
    {
        w.WriteStartObject();
        w.WriteStartArray("entries");
        foreach (var e in r.Entries) Write(w, e);
        w.WriteEndArray();
        if (r.ForgetBeforeUtc is null) w.WriteNull("forget_before_utc");
        else w.WriteString("forget_before_utc", r.ForgetBeforeUtc);
        w.WriteString("at_utc", r.AtUtc);
        w.WriteEndObject();
    }

    public static EvidenceStore.Recorded ReadRecorded(System.Text.Json.JsonElement e) =>
        new(e.GetProperty("entries").EnumerateArray().Select(ReadEntry).ToList().AsReadOnly(),
            e.TryGetProperty("forget_before_utc", out var f) && f.ValueKind == System.Text.Json.JsonValueKind.String ? f.GetString() : null,
            e.GetProperty("at_utc").GetString()!);

    public static void Write(System.Text.Json.Utf8JsonWriter w, EvidenceStore.State s)
    {
        w.WriteStartObject();
        w.WriteStartArray("entries");
        foreach (var key in s.ByKey.Keys.Order(StringComparer.Ordinal))
            foreach (var e in s.ByKey[key]) Write(w, e);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>The fields of trials-reused.v1 inside the event object that <see cref="JournalJson.Write(System.Text.Json.Utf8JsonWriter, DomainEvent)"/> opens.</summary>
    public static void WriteBody(System.Text.Json.Utf8JsonWriter w, DomainEvent.TrialsReused r)
    {
        w.WriteNumber("generation", r.Generation);
        w.WriteNumber("looked_up", r.LookedUp);
        w.WriteStartArray("trials");
        foreach (var t in r.Trials)
        {
            w.WriteStartObject();
            w.WritePropertyName("result");
            JournalJson.Write(w, t.Result);
            w.WriteString("key", t.Key);
            w.WriteString("source_trial_id", t.SourceTrialId);
            w.WriteString("measured_at_utc", t.MeasuredAtUtc);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    public static DomainEvent.TrialsReused ReadTrialsReused(System.Text.Json.JsonElement e) =>
        new(e.GetProperty("generation").GetInt32(), e.GetProperty("looked_up").GetInt32(),
            e.GetProperty("trials").EnumerateArray().Select(t => new DomainEvent.ReusedTrial(JournalJson.ReadTrialResult(t.GetProperty("result")),
                t.GetProperty("key").GetString()!, t.GetProperty("source_trial_id").GetString()!, t.GetProperty("measured_at_utc").GetString()!))
                .ToList().AsReadOnly(),
            e.GetProperty("at_utc").GetString()!);

    public static EvidenceStore.State ReadState(System.Text.Json.JsonElement e)
    {
        var s = new EvidenceStore.State();
        var entries = e.GetProperty("entries").EnumerateArray().Select(ReadEntry).ToList().AsReadOnly();
        s.Apply(new EvidenceStore.Recorded(entries, null, Timestamps.Utc(DateTimeOffset.UnixEpoch)));
        return s;
    }
}
