package dev.dream.cli;

import dev.dream.cluster.run.DomainCoordinator;
import dev.dream.cluster.run.DomainEvent;
import dev.dream.trials.TrialResult;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.persistence.jdbc.query.javadsl.JdbcReadJournal;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.PersistenceQuery;

/**
 * What a finished run's domain journal holds, read back through the read journal: the trials recorded
 * (and whether any trial id is there twice), how many journal writes carried them, and when the last one
 * was recorded. The bench counts what the journal has, not what the actors say they did.
 */
record JournalTally(
    long events, long trialWrites, long trials, long baselineTrials, long duplicateTrialIds, long failedTrials,
    int candidatesMeasured, int candidatesReused, Phases phases, Map<String, Long> trialsByNode, String outcome) {

  /**
   * When the domain's coordinator wrote the events that bound its phases (each stamped by the writer):
   * Started, BaselinesFixed, the first GenerationProposed, the last GenerationCompleted, the last
   * TrialsRecorded and Finished. Null where the journal has no such event.
   */
  record Phases(Instant started, Instant baselinesFixed, Instant firstProposed, Instant lastCompleted, Instant lastRecorded, Instant finished) {}

  static JournalTally read(ActorSystem<?> system, String runId, String domain) throws Exception {
    JdbcReadJournal journal = PersistenceQuery.get(system).getReadJournalFor(JdbcReadJournal.class, JdbcReadJournal.Identifier());
    List<EventEnvelope> all = journal
        .currentEventsByPersistenceId(DomainCoordinator.persistenceId(runId, domain).id(), 0L, Long.MAX_VALUE)
        .runFold(new java.util.ArrayList<EventEnvelope>(), (l, e) -> {
          l.add(e);
          return l;
        }, system)
        .toCompletableFuture().get(5, TimeUnit.MINUTES);
    long writes = 0;
    long trials = 0;
    long baseline = 0;
    long failed = 0;
    long duplicates = 0;
    int measured = 0;
    int reused = 0;
    Instant started = null;
    Instant baselined = null;
    Instant firstProposed = null;
    Instant lastCompleted = null;
    Instant lastRecorded = null;
    Instant finished = null;
    String outcome = null;
    Set<String> ids = new HashSet<>();
    Map<String, Long> byNode = new TreeMap<>();
    for (EventEnvelope env : all) {
      DomainEvent e = (DomainEvent) env.event();
      if (e instanceof DomainEvent.TrialsRecorded t) {
        writes++;
        for (TrialResult r : t.results()) {
          if (!ids.add(r.trialId())) duplicates++;
          trials++;
          byNode.merge(r.node(), 1L, Long::sum);
          if (r.trialId().contains("/baseline/")) baseline++;
          if (!r.succeeded()) failed++;
        }
        lastRecorded = Instant.parse(t.atUtc());
      } else if (e instanceof DomainEvent.CandidateAssessed a) {
        if (a.reusedFrom() == null) measured++;
        else reused++;
      } else if (e instanceof DomainEvent.Started s) {
        started = Instant.parse(s.atUtc());
      } else if (e instanceof DomainEvent.BaselinesFixed b) {
        baselined = Instant.parse(b.atUtc());
      } else if (e instanceof DomainEvent.GenerationProposed g) {
        if (firstProposed == null) firstProposed = Instant.parse(g.atUtc());
      } else if (e instanceof DomainEvent.GenerationCompleted g) {
        lastCompleted = Instant.parse(g.atUtc());
      } else if (e instanceof DomainEvent.Finished f) {
        finished = Instant.parse(f.atUtc());
        outcome = f.outcome();
      }
    }
    return new JournalTally(all.size(), writes, trials, baseline, duplicates, failed, measured, reused,
        new Phases(started, baselined, firstProposed, lastCompleted, lastRecorded, finished), Map.copyOf(byNode), outcome);
  }

  /**
   * The trials the run had to record: every regime × trial of the stock configuration (when the baseline
   * was measured here) and of every candidate that was measured rather than reused.
   */
  long planned(int regimes, int trialsPerRegime) {
    return (long) regimes * trialsPerRegime * (candidatesMeasured + (baselineTrials > 0 ? 1 : 0));
  }
}
