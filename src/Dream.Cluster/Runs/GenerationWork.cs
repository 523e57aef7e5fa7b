using Akka.Actor;
using Dream.Core.Scoring;

namespace Dream.Cluster.Runs;

/// <summary>
/// What an actor measuring one generation works from, whatever its allocation: the run and domain, the generation,
/// the baselines its candidates are scored against, and where the trials go (the dispatcher), where their outcomes
/// go (the recorder) and who journals the rest (the coordinator).
/// </summary>
public sealed record GenerationWork(RunSpec Run, string Domain, int Generation, IReadOnlyDictionary<string, Baseline> Baselines,
    IActorRef Coordinator, IActorRef Recorder, IActorRef Dispatcher)
{
    public RunSpec.DomainPlan Plan { get; } = Run.Plan(Domain);

    /// <summary>The generation in progress of <paramref name="s"/>, with a copy of its baselines.</summary>
    public static GenerationWork Of(DomainState s, IActorRef coordinator, IActorRef recorder, IActorRef dispatcher) =>
        new(s.Run!, s.Domain!, s.Generation, new Dictionary<string, Baseline>(s.Baselines!), coordinator, recorder, dispatcher);
}
