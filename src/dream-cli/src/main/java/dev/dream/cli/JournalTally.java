package dev.dream.cli;

import dev.dream.cluster.run.DomainCoordinator;
import dev.dream.cluster.run.DomainEvent;
import dev.dream.trials.TrialResult;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
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
    int candidatesMeasured, int candidatesReused, Instant lastRecorded, Instant finished, String outcome) {

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
    Instant last = null;
    Instant finished = null;
    String outcome = null;
    Set<String> ids = new HashSet<>();
    StringBuilder digest = new StringBuilder();
    Instant lastTr = null, lastAssessed = null, completed = null, proposed = null; boolean wantFirst = false;
    double[] sums = new double[4]; int gens = 0;
    for (EventEnvelope env : all) {
      DomainEvent e = (DomainEvent) env.event();
      if (System.getenv("DREAM_BENCH_DEBUG") != null) {
        Instant at = Instant.parse(e.atUtc());
        if (e instanceof DomainEvent.TrialsRecorded) { if (wantFirst) { sums[3] += java.time.Duration.between(proposed, at).toNanos() / 1e6; gens++; wantFirst = false; } lastTr = at; }
        if (e instanceof DomainEvent.CandidateAssessed a && a.reusedFrom() == null) lastAssessed = at;
        if (e instanceof DomainEvent.GenerationCompleted) { completed = at; if (lastTr != null && lastAssessed != null) { sums[0] += java.time.Duration.between(lastTr, lastAssessed).toNanos() / 1e6; sums[1] += java.time.Duration.between(lastAssessed, at).toNanos() / 1e6; } }
        if (e instanceof DomainEvent.GenerationProposed && completed != null) { proposed = at; sums[2] += java.time.Duration.between(completed, at).toNanos() / 1e6; wantFirst = true; }
      }
      if (e instanceof DomainEvent.TrialsRecorded t) {
        writes++;
        for (TrialResult r : t.results()) {
          if (!ids.add(r.trialId())) duplicates++;
          trials++;
          if (r.trialId().contains("/" + "baseline" + "/")) baseline++;
          if (!r.succeeded()) failed++;
        }
        last = Instant.parse(t.atUtc());
      } else if (e instanceof DomainEvent.CandidateAssessed a) {
        if (System.getenv("DREAM_BENCH_DEBUG") != null) digest.append(a.candId()).append('=').append(a.score()).append(a.pack().aggregate().scoreCi95()).append(a.pack().regimes().stream().map(r -> r.kpis() + "" + r.ci95() + r.delta()).toList()).append('\n');
        if (a.reusedFrom() == null) measured++;
        else reused++;
      } else if (e instanceof DomainEvent.Finished f) {
        finished = Instant.parse(f.atUtc());
        outcome = f.outcome();
      }
    }
    if (System.getenv("DREAM_BENCH_DEBUG") != null) { System.err.println("assessments digest " + dev.dream.cluster.Hashing.sha256(String.join("\n", digest.toString().lines().sorted().toList()))); try { java.nio.file.Files.writeString(java.nio.file.Path.of("/tmp/bt1/digest-" + runId + ".txt"), digest); } catch (java.io.IOException x) { } }
    if (System.getenv("DREAM_BENCH_DEBUG") != null && gens > 0) System.err.printf("%nbarrier ms per generation (%d): lastTrial->lastAssessed %.1f, ->completed %.1f, ->proposed %.1f, ->firstTrialRecorded %.1f%n", gens, sums[0]/gens, sums[1]/gens, sums[2]/gens, sums[3]/gens);
    return new JournalTally(all.size(), writes, trials, baseline, duplicates, failed, measured, reused, last, finished, outcome);
  }

  /**
   * The trials the run had to record: every regime × trial of the stock configuration (when the baseline
   * was measured here) and of every candidate that was measured rather than reused.
   */
  long planned(int regimes, int trialsPerRegime) {
    return (long) regimes * trialsPerRegime * (candidatesMeasured + (baselineTrials > 0 ? 1 : 0));
  }
}
