using Akka.Actor;
using Akka.Event;
using Dream.Core.Domain;
using Dream.Trials;

namespace Dream.Cluster.Runs;

/// <summary>
/// The generation in progress: fans the evaluation of its candidates out to CandidateEvaluators, scores each as it
/// is measured and hands the assessment to the coordinator; stops when all are in. An evaluator that stops without
/// an answer stops the generation too, so that the coordinator hears of it (the Java generation hung instead).
/// </summary>
public sealed class GenerationActor : ReceiveActor
{
    /// <summary>A candidate still to be assessed, with copies of its recorded outcomes.</summary>
    public sealed record Todo(string CandId, Genome Genome, IReadOnlyDictionary<string, TrialResult> Results);


    private readonly Dictionary<string, Todo> _waiting = new();
    private int _scoring; // candidates measured whose scoring has not come back yet
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public static Props Props(DomainState s, IActorRef coordinator, IActorRef recorder, IActorRef dispatcher)
    {
        var todo = s.Candidates.Where(c => !c.Assessed)
            .Select(c => new Todo(c.CandId, c.Genome, new Dictionary<string, TrialResult>(c.Results))).ToList();
        var work = GenerationWork.Of(s, coordinator, recorder, dispatcher);
        return Started.By(() => new GenerationActor(work, todo));
    }

    public GenerationActor(GenerationWork work, IReadOnlyList<Todo> todo)
    {
        var (run, domain, generation, _, coordinator, recorder, dispatcher) = work;
        var regimes = work.Plan.Regimes;
        foreach (var c in todo)
        {
            _waiting[c.CandId] = c;
            var evaluator = Context.ActorOf(
                CandidateEvaluator.Props(run, domain, c.CandId, c.Genome, regimes, c.Results, recorder, dispatcher, Self), c.CandId);
            Context.Watch(evaluator);
        }
        Receive<CandidateEvaluator.Measured>(m =>
        {
            if (!_waiting.Remove(m.CandId, out var c)) return;
            // Scoring (a bootstrap of thousands of resamples) is pure and takes longer than measuring a candidate of
            // zero-second trials: done here, one at a time, it fell behind and held up the end of every generation.
            // Off this actor, candidates are scored in parallel while the trials go on.
            _scoring++;
            BackgroundAssessment.Start(work, c.CandId, c.Genome, m.Results, null, Self);
        });
        Receive<BackgroundAssessment.Done>(sc =>
        {
            _scoring--;
            coordinator.Tell(new DomainCoordinator.Assessed(generation, sc.CandId, sc.Scored.Pack, sc.Scored.Score));
            if (_waiting.Count == 0 && _scoring == 0) Context.Stop(Self);
        });
        // A scoring that threw fails the actor, as it did when scoring ran here.
        Receive<Status.Failure>(f => System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(f.Cause).Throw());
        Receive<Terminated>(t =>
        {
            if (!_waiting.ContainsKey(t.ActorRef.Path.Name)) return;
            _log.Error("the evaluator of candidate {0} of generation {1} stopped without an answer", t.ActorRef.Path.Name, generation);
            Context.Stop(Self);
        });
    }

    protected override SupervisorStrategy SupervisorStrategy() => Akka.Actor.SupervisorStrategy.StoppingStrategy;
}
