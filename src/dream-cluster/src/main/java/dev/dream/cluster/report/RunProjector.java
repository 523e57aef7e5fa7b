package dev.dream.cluster.report;

import dev.dream.cluster.run.DomainCoordinator;
import dev.dream.cluster.run.DomainEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.persistence.jdbc.query.javadsl.JdbcReadJournal;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.stream.javadsl.Source;

/**
 * Feeds the domain journals of a run into {@link RunFiles}: live (following the journal until every domain
 * has finished) for {@code dream run}, or once over what is there for {@code dream report}.
 */
public final class RunProjector {
  private RunProjector() {}

  public static CompletionStage<Done> follow(ActorSystem<?> system, String runId, List<String> domains, RunFiles files) {
    return project(system, runId, domains, files, true);
  }

  public static CompletionStage<Done> replay(ActorSystem<?> system, String runId, List<String> domains, RunFiles files) {
    return project(system, runId, domains, files, false);
  }

  private static CompletionStage<Done> project(ActorSystem<?> system, String runId, List<String> domains, RunFiles files, boolean live) {
    JdbcReadJournal journal = PersistenceQuery.get(system).getReadJournalFor(JdbcReadJournal.class, JdbcReadJournal.Identifier());
    List<CompletableFuture<Done>> all = new ArrayList<>();
    for (String domain : domains) {
      String pid = DomainCoordinator.persistenceId(runId, domain).id();
      Source<EventEnvelope, ?> events = live
          ? journal.eventsByPersistenceId(pid, 0L, Long.MAX_VALUE)
          : journal.currentEventsByPersistenceId(pid, 0L, Long.MAX_VALUE);
      all.add(events
          .map(env -> (DomainEvent) env.event())
          .takeWhile(e -> !(e instanceof DomainEvent.Finished), true)
          .runForeach(e -> files.onEvent(domain, e), system)
          .toCompletableFuture());
    }
    return CompletableFuture.allOf(all.toArray(new CompletableFuture[0])).thenApply(v -> Done.getInstance());
  }
}
