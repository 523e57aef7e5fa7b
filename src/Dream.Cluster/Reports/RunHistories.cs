using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using Dream.Cluster.Runs;

namespace Dream.Cluster.Reports;

/// <summary>
/// A <see cref="RunHistory"/> per run, kept up to date from the journal's read side for the live dashboard: each
/// call reads only the events written since the last one (by sequence number), so a page that polls a run of
/// 100,000 trials does not replay it every time, and the queries never touch the coordinators' write path.
/// </summary>
public sealed class RunHistories(ActorSystem system)
{
    private sealed class Entry
    {
        public readonly RunHistory History = new();
        public readonly Dictionary<string, long> LastSeq = new(StringComparer.Ordinal);
        public readonly SemaphoreSlim Lock = new(1, 1);
    }

    private readonly ConcurrentDictionary<string, Entry> _runs = new(StringComparer.Ordinal);

    /// <summary>The run's history with everything its domains' journals hold now.</summary>
    public async Task<RunHistory> Of(string runId, IReadOnlyList<string> domains, CancellationToken cancel = default)
    {
        var entry = _runs.GetOrAdd(runId, _ => new Entry());
        await entry.Lock.WaitAsync(cancel);
        try
        {
            var journal = PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
            foreach (var domain in domains)
            {
                var from = entry.LastSeq.GetValueOrDefault(domain) + 1;
                var events = await journal.CurrentEventsByPersistenceId(DomainCoordinator.PersistenceIdOf(runId, domain), from, long.MaxValue)
                    .RunWith(Sink.Seq<EventEnvelope>(), system.Materializer());
                foreach (var env in events)
                {
                    if (env.Event is DomainEvent e) entry.History.OnEvent(domain, e);
                    entry.LastSeq[domain] = env.SequenceNr;
                }
            }
            return entry.History;
        }
        finally
        {
            entry.Lock.Release();
        }
    }
}
