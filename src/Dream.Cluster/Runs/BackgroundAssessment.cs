using Akka.Actor;
using Dream.Core.Domain;
using Dream.Core.Packs;
using Dream.Core.Scoring;
using Dream.Trials;

namespace Dream.Cluster.Runs;

/// <summary>
/// A candidate assessed (<see cref="CandidateScoring.Assess"/>) off the actor's thread, the answer piped back as
/// <see cref="Done"/>: the bootstrap of a pack takes long enough to hold up the trials of a race or a bandit.
/// Shared by <see cref="RaceActor"/> and <see cref="BanditActor"/>.
/// </summary>
public static class BackgroundAssessment
{
    public sealed record Done(string CandId, CandidateScoring.Scored Scored);

    public static void Start(RunSpec run, string domain, int generation, string candId, Genome genome, IReadOnlyDictionary<string, TrialResult> results,
        IReadOnlyDictionary<string, Baseline> baselines, PackEvidence evidence, IActorRef replyTo)
    {
        var at = DateTimeOffset.UtcNow;
        var copy = new Dictionary<string, TrialResult>(results);
        Task.Run(() => new Done(candId, CandidateScoring.Assess(run, domain, generation, candId, genome, copy, baselines, at, evidence)))
            .PipeTo(replyTo);
    }
}
