using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using Dream.Cluster.Runs;

namespace Dream.Cluster.Reports;

/// <summary>
/// Feeds the domain journals of a run into <see cref="RunFiles"/>: live (following each journal until its domain
/// has finished) for <c>dream run</c>, or once over what is there for <c>dream report</c>.
/// </summary>
public static class RunProjector
{
    public static Task Follow(ActorSystem system, string runId, IReadOnlyList<string> domains, RunFiles files) =>
        Project(system, runId, domains, files.OnEvent, live: true);

    public static Task Replay(ActorSystem system, string runId, IReadOnlyList<string> domains, RunFiles files) =>
        Project(system, runId, domains, files.OnEvent, live: false);

    /// <summary>Once over what the journal holds, each event to <paramref name="sink"/> (e.g. the files and a <see cref="RunHistory"/>).</summary>
    public static Task Replay(ActorSystem system, string runId, IReadOnlyList<string> domains, Action<string, DomainEvent> sink) =>
        Project(system, runId, domains, sink, live: false);

    private static Task Project(ActorSystem system, string runId, IReadOnlyList<string> domains, Action<string, DomainEvent> sink, bool live)
    {
        var journal = PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
        var materializer = system.Materializer();
        var all = new List<Task>();
        foreach (var domain in domains)
        {
            var pid = DomainCoordinator.PersistenceIdOf(runId, domain);
            // Live, the journal's database may go away for a while (restarted, unreachable): the query starts again
            // after the last event it delivered, with a backoff, rather than ending the run's command with an error.
            long next = 0L;
            var events = live
                ? RestartSource.OnFailuresWithBackoff(() => journal.EventsByPersistenceId(pid, next, long.MaxValue),
                    RestartSettings.Create(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(5), 0.2))
                : journal.CurrentEventsByPersistenceId(pid, 0L, long.MaxValue);
            all.Add(events
                .Where(env => env.SequenceNr >= next)
                .Select(env =>
                {
                    next = env.SequenceNr + 1;
                    return env.Event;
                })
                .Where(e => e is DomainEvent)
                .Select(e => (DomainEvent)e)
                .TakeWhile(e => e is not DomainEvent.Finished, inclusive: true)
                .RunForeach(e => sink(domain, e), materializer));
        }
        return Task.WhenAll(all);
    }
}
