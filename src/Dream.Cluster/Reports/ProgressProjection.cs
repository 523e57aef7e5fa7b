using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using Dream.Cluster.Runs;

namespace Dream.Cluster.Reports;

/// <summary>
/// Each domain's <see cref="DomainCoordinator.Progress"/> and each run's spec, kept in memory from the journal's read
/// side for the run lists (/dream/runs, the dashboard): a call reads only the events written since the previous one
/// (by sequence number), so a list of 50 runs and 100,000 trials is not a replay of every journal, and it never goes
/// through a coordinator (the write path): it wakes none and waits for none.
/// </summary>
public sealed class ProgressProjection(ActorSystem system)
{
    /// <summary>
    /// How far back each refresh reads again (in the journal's global ordering): a database with concurrent writers
    /// can make a lower ordering visible after a higher one; what is read twice is dropped by its sequence number.
    /// </summary>
    private const long Overlap = 64;

    private static readonly string RunPrefix = RunRegistry.TypeName + "|";
    private static readonly string DomainPrefix = DomainCoordinator.TypeName + "|";

    private sealed class Entry
    {
        public readonly DomainState State = new();
        public long LastSeq;
    }

    private readonly Dictionary<string, Entry> _domains = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RunSpec> _specs = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _lock = new(1, 1);
    private long _offset;

    private SqlReadJournal Journal() => PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);

    /// <summary>
    /// Every run's spec and its domains' progress as the journal holds them now: one query for what was written
    /// since the previous call (all persistence ids at once), then the projection in memory.
    /// </summary>
    public async Task<IReadOnlyList<(RunSpec Run, IReadOnlyDictionary<string, DomainCoordinator.Progress?> Domains)>> All()
    {
        await _lock.WaitAsync();
        try
        {
            await Refresh();
            return _specs.Values.Select(run => (run, (IReadOnlyDictionary<string, DomainCoordinator.Progress?>)run.Domains.ToDictionary(d => d,
                d => _domains.TryGetValue(DomainCoordinator.PersistenceIdOf(run.RunId, d), out var e) && e.State.Started
                    ? DomainCoordinator.ProgressOf(e.State)
                    : null, StringComparer.Ordinal))).ToList();
        }
        finally
        {
            _lock.Release();
        }
    }

    private async Task Refresh()
    {
        var gaps = new HashSet<string>(StringComparer.Ordinal);
        await Journal().CurrentAllEvents(Offset.Sequence(Math.Max(0, _offset - Overlap))).RunForeach(env =>
        {
            if (env.Offset is Sequence o && o.Value > _offset) _offset = o.Value;
            if (env.PersistenceId.StartsWith(RunPrefix, StringComparison.Ordinal))
            {
                if (env.Event is RunRegistry.Created c) _specs.TryAdd(c.Spec.RunId, c.Spec);
                return;
            }
            if (!env.PersistenceId.StartsWith(DomainPrefix, StringComparison.Ordinal) || env.Event is not DomainEvent e) return;
            if (!_domains.TryGetValue(env.PersistenceId, out var entry)) _domains[env.PersistenceId] = entry = new Entry();
            if (env.SequenceNr <= entry.LastSeq) return; // read again in the overlap
            if (env.SequenceNr != entry.LastSeq + 1)
            {
                gaps.Add(env.PersistenceId); // an earlier event is not visible yet: that journal is read on its own below
                return;
            }
            entry.State.Apply(e);
            entry.LastSeq = env.SequenceNr;
        }, system.Materializer());
        foreach (var pid in gaps)
        {
            var entry = _domains[pid];
            await Journal().CurrentEventsByPersistenceId(pid, entry.LastSeq + 1, long.MaxValue).RunForeach(env =>
            {
                if (env.SequenceNr != entry.LastSeq + 1) return;
                if (env.Event is DomainEvent e) entry.State.Apply(e);
                entry.LastSeq = env.SequenceNr;
            }, system.Materializer());
        }
    }
}
