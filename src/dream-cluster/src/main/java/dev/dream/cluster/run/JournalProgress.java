package dev.dream.cluster.run;

import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.persistence.jdbc.query.javadsl.JdbcReadJournal;
import org.apache.pekko.persistence.query.PersistenceQuery;

/**
 * The {@link DomainCoordinator.Progress} of one (run, domain), folded from its journal on the read side
 * with the coordinator's own event handler. Unlike asking the coordinator, it wakes no entity: asking a
 * stopped run's coordinator would start it, and so resume a run that nobody asked to resume.
 */
public final class JournalProgress {
  private JournalProgress() {}

  /** Empty when the domain's journal has no event (its coordinator was never started). */
  public static CompletionStage<Optional<DomainCoordinator.Progress>> of(ActorSystem<?> system, String runId, String domain) {
    JdbcReadJournal journal = PersistenceQuery.get(system).getReadJournalFor(JdbcReadJournal.class, JdbcReadJournal.Identifier());
    return journal.currentEventsByPersistenceId(DomainCoordinator.persistenceId(runId, domain).id(), 0L, Long.MAX_VALUE)
        .runFold(new DomainState(), (s, env) -> s.apply((DomainEvent) env.event()), system)
        .thenApply(s -> s.started()
            ? Optional.of(new DomainCoordinator.Progress(s.run.runId(), s.domain, true, s.generation, s.run.generations(),
                s.trialsRecorded, s.bestCandId, s.bestScore, s.finished))
            : Optional.empty());
  }
}
