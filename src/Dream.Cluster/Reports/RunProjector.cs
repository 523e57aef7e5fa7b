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
        Project(system, runId, domains, files, live: true);

    public static Task Replay(ActorSystem system, string runId, IReadOnlyList<string> domains, RunFiles files) =>
        Project(system, runId, domains, files, live: false);

    private static Task Project(ActorSystem system, string runId, IReadOnlyList<string> domains, RunFiles files, bool live)
    {
        var journal = PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
        var materializer = system.Materializer();
        var all = new List<Task>();
        foreach (var domain in domains)
        {
            var pid = DomainCoordinator.PersistenceIdOf(runId, domain);
            var events = live
                ? journal.EventsByPersistenceId(pid, 0L, long.MaxValue)
                : journal.CurrentEventsByPersistenceId(pid, 0L, long.MaxValue);
            all.Add(events
                .Select(env => env.Event)
                .Where(e => e is DomainEvent)
                .Select(e => (DomainEvent)e)
                .TakeWhile(e => e is not DomainEvent.Finished, inclusive: true)
                .RunForeach(e => files.OnEvent(domain, e), materializer));
        }
        return Task.WhenAll(all);
    }
}
