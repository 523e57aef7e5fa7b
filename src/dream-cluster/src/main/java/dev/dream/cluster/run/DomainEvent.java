package dev.dream.cluster.run;

import dev.dream.cluster.CborSerializable;
import dev.dream.core.domain.Genome;
import dev.dream.core.pack.BaselineRecord;
import dev.dream.core.pack.CandidatePack;
import dev.dream.core.score.Baseline;
import dev.dream.trials.TrialResult;
import java.util.List;
import java.util.Map;

/** The run history of one domain: the DomainCoordinator's journal, and the source of every output file. */
public sealed interface DomainEvent extends CborSerializable {
  String atUtc();

  record Started(RunSpec run, String domain, String atUtc) implements DomainEvent {}

  /** The baselines every candidate of this run is compared with, per regime; fixed once per run. */
  record BaselinesFixed(Map<String, Baseline> baselines, Map<String, BaselineRecord> records, String atUtc)
      implements DomainEvent {}

  record GenerationProposed(int generation, List<Genome> genomes, String atUtc) implements DomainEvent {}

  /** Final outcomes of trials, each trial id at most once in the whole journal. */
  record TrialsRecorded(List<TrialResult> results, String atUtc) implements DomainEvent {}

  /** {@code reusedFrom} names the candidate whose evidence was reused (an elite seen before), else null. */
  record CandidateAssessed(
      int generation, String candId, CandidatePack pack, Double score, String reusedFrom, String atUtc)
      implements DomainEvent {}

  record GenerationCompleted(
      int generation, String bestCandId, Double bestScore, List<Double> bestScoreCi95, int safe, int evaluated,
      String atUtc)
      implements DomainEvent {}

  /** {@code outcome}: "completed", or why the domain stopped early. */
  record Finished(String outcome, String bestCandId, Double bestScore, String atUtc) implements DomainEvent {}
}
