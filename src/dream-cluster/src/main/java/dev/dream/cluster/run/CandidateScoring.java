package dev.dream.cluster.run;

import dev.dream.core.domain.Genome;
import dev.dream.core.pack.CandidatePack;
import dev.dream.core.score.Baseline;
import dev.dream.core.score.CandidateAssessment;
import dev.dream.core.score.RegimeEvidence;
import dev.dream.core.score.Scorer;
import dev.dream.core.stats.CiOptions;
import dev.dream.trials.TrialResult;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * From recorded outcomes to a candidate pack: evidence per regime, statistics and score_v2 against the
 * run's fixed baselines. Pure: the bootstrap streams derive from the run seed and the genome.
 */
final class CandidateScoring {
  private CandidateScoring() {}

  record Scored(CandidatePack pack, Double score) {}

  static Scored assess(
      RunSpec run, String domain, int generation, String candId, Genome genome, Map<String, TrialResult> results,
      Map<String, Baseline> baselines, Instant at) {
    RunSpec.DomainPlan plan = run.plan(domain);
    List<RegimeEvidence> evidence = Evidence.of(plan, results.values(), baselines);
    CandidateAssessment assessment =
        Scorer.assess(plan.domain(), plan.tolerance(), evidence, CiOptions.DEFAULT, run.seed(), genome.key());
    CandidatePack pack =
        CandidatePack.of(run.runId(), domain, candId, generation, genome, run.nodeClass(), evidence, assessment, at);
    return new Scored(pack, assessment.scoreV2());
  }
}
