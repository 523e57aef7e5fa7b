using Dream.Core.Domain;
using Dream.Core.Packs;
using Dream.Core.Scoring;
using Dream.Core.Statistics;
using Dream.Trials;

namespace Dream.Cluster.Runs;

/// <summary>
/// From recorded outcomes to a candidate pack: evidence per regime, statistics and score_v2 against the run's fixed
/// baselines. Pure: the bootstrap streams derive from the run seed and the genome.
/// </summary>
public static class CandidateScoring
{
    public sealed record Scored(CandidatePack Pack, double? Score);

    public static Scored Assess(RunSpec run, string domain, int generation, string candId, Genome genome,
        IReadOnlyDictionary<string, TrialResult> results, IReadOnlyDictionary<string, Baseline>? baselines, DateTimeOffset at,
        PackEvidence? raced = null)
    {
        var plan = run.Plan(domain);
        var evidence = Evidence.Of(plan, results.Values, baselines, raced is { Eliminated: true });
        var assessment = Scorer.Assess(plan.Domain, plan.Tolerance, evidence, CiOptions.Default, run.Seed, genome.Key());
        var pack = CandidatePack.Of(run.RunId, domain, candId, generation, genome, run.NodeClass, evidence, assessment, at) with { Evidence = raced };
        return new Scored(pack, assessment.ScoreV2);
    }
}
