using Akka.Actor;
using Dream.Core.Domain;
using Dream.Core.Packs;
using Dream.Core.Scoring;
using Dream.Trials;

namespace Dream.Cluster.Runs;

/// <summary>
/// A candidate assessed (<see cref="CandidateScoring.Assess"/>) off the actor's thread, the answer piped back as
/// <see cref="Done"/>: the bootstrap of a pack takes long enough to hold up the trials of a race or a bandit.
/// Shared by <see cref="GenerationActor"/>, <see cref="RaceActor"/> and <see cref="BanditActor"/>.
/// </summary>
public static class BackgroundAssessment
{
    public sealed record Done(string CandId, CandidateScoring.Scored Scored);

    /// <param name="evidence">how much of the plan the candidate was measured on and why it stopped; null under full allocation</param>
    public static void Start(GenerationWork work, string candId, Genome genome, IReadOnlyDictionary<string, TrialResult> results,
        PackEvidence? evidence, IActorRef replyTo)
    {
        var at = DateTimeOffset.UtcNow;
        var copy = new Dictionary<string, TrialResult>(results);
        Task.Run(() => new Done(candId,
                CandidateScoring.Assess(work.Run, work.Domain, work.Generation, candId, genome, copy, work.Baselines, at, evidence)))
            .PipeTo(replyTo);
    }
}
