using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;

namespace Dream.Cluster.Runs;

/// <summary>
/// The <see cref="DomainCoordinator.Progress"/> of one (run, domain), folded from its journal on the read side with
/// the coordinator's own event handler. Unlike asking the coordinator, it wakes no entity: asking a stopped run's
/// coordinator would start it, and so resume a run that nobody asked to resume.
/// </summary>
public static class JournalProgress
{
    /// <summary>Null when the domain's journal has no event (its coordinator was never started).</summary>
    public static async Task<DomainCoordinator.Progress?> Of(ActorSystem system, string runId, string domain)
    {
        var journal = PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
        var state = await journal.CurrentEventsByPersistenceId(DomainCoordinator.PersistenceIdOf(runId, domain), 0L, long.MaxValue)
            .RunAggregate(new DomainState(), (s, env) => s.Apply((DomainEvent)env.Event), system.Materializer());
        return state.Started ? DomainCoordinator.ProgressOf(state) : null;
    }
}
