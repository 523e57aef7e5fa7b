using Akka.Actor;
using Akka.Event;
using Dream.Core.Domain;
using Dream.Core.Packs;
using Dream.Core.Racing;
using Dream.Trials;

namespace Dream.Cluster.Runs;

/// <summary>
/// The generation in progress under <c>--allocation ucb|thompson|egreedy</c>: spends the run's trial budget one block
/// at a time. Each free slot (of a fixed number, see <see cref="DomainCoordinator"/>) gets a decision of
/// <see cref="Bandit.Choose"/> over the evidence recorded so far (<see cref="BanditEvidence"/>), which goes to the
/// coordinator to be journaled; only then is its trial dispatched. A resumed coordinator hands this actor the
/// journaled decisions: they are replayed, never drawn again, and those whose trial is not recorded are dispatched
/// again. Once the budget is spent (or every arm is exhausted) and every answer is in, each candidate is assessed on
/// what it earned.
/// </summary>
public sealed class BanditActor : ReceiveActor
{
    /// <summary>A candidate of the generation, with copies of what the journal holds for it.</summary>
    public sealed record Arm(string CandId, Genome Genome, bool Assessed, Dictionary<string, TrialResult> Results);

    private readonly BanditSettings _settings;
    private readonly int _budget;
    private readonly int _slots;
    private readonly RaceOutcomes _outcomes;
    private readonly IReadOnlyList<Block> _blocks;
    private readonly List<string> _order;
    private readonly Dictionary<string, Arm> _arms;
    private readonly List<DomainEvent.BanditChosen> _decisions; // journaled, then those sent to be journaled
    private readonly Dictionary<int, int> _outstanding = new(); // decision -> slot, until its trial is recorded
    private readonly HashSet<int> _dispatched = new();
    private readonly Dictionary<string, int> _measuring = new(); // evaluator name -> decision
    private readonly Dictionary<(string, int), BlockOutcome> _seen = new();
    private int _scoring;
    private bool _concluded;
    private readonly GenerationWork _work;
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public static Props Props(DomainState s, IActorRef coordinator, IActorRef recorder, IActorRef dispatcher, int slots)
    {
        // As in a race: elites whose evidence was reused have no trials of their own and are no arm.
        var arms = s.Candidates.Where(c => !c.Assessed || c.Results.Count > 0)
            .Select(c => new Arm(c.CandId, c.Genome, c.Assessed, new Dictionary<string, TrialResult>(c.Results)))
            .ToList();
        var decisions = s.BanditChoices.ToList();
        var work = GenerationWork.Of(s, coordinator, recorder, dispatcher);
        return Started.By(() => new BanditActor(work, arms, decisions, slots));
    }

    public BanditActor(GenerationWork work, IReadOnlyList<Arm> arms, IReadOnlyList<DomainEvent.BanditChosen> journaled, int slots)
    {
        _work = work;
        _settings = work.Run.Bandit ?? throw new ArgumentException("run " + work.Run.RunId + " has no bandit allocation");
        _budget = work.Run.TrialBudget;
        _slots = Math.Max(1, slots);
        _outcomes = new RaceOutcomes(work.Plan, work.Baselines);
        _blocks = _outcomes.Blocks;
        _order = arms.Select(a => a.CandId).ToList();
        _arms = arms.ToDictionary(a => a.CandId);
        _decisions = journaled.ToList();

        Receive<DomainCoordinator.Chosen>(c => Dispatch(c.Decision));
        Receive<CandidateEvaluator.Measured>(m =>
        {
            var name = Sender.Path.Name;
            if (!_measuring.Remove(name, out var decision)) return;
            Context.Unwatch(Sender);
            foreach (var (id, r) in m.Results) _arms[m.CandId].Results[id] = r;
            _outstanding.Remove(decision);
            Decide();
        });
        Receive<BackgroundAssessment.Done>(sc =>
        {
            _scoring--;
            _work.Coordinator.Tell(new DomainCoordinator.Assessed(_work.Generation, sc.CandId, sc.Scored.Pack, sc.Scored.Score));
            if (_scoring == 0) Context.Stop(Self);
        });
        Receive<Status.Failure>(f => System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(f.Cause).Throw());
        Receive<Terminated>(t =>
        {
            if (!_measuring.ContainsKey(t.ActorRef.Path.Name)) return;
            _log.Error("the evaluator {0} of generation {1} stopped without an answer", t.ActorRef.Path.Name, _work.Generation);
            Context.Stop(Self);
        });
    }

    protected override void PreStart()
    {
        // Journaled decisions whose trial is not recorded were in flight when the coordinator stopped: measured again.
        foreach (var d in _decisions)
        {
            if (Outcome(d.CandId, d.Block) != null) continue;
            _outstanding[d.Decision] = d.Slot;
            Dispatch(d.Decision);
        }
        Decide();
    }

    /// <summary>Fills every free slot with a decision while the budget lasts, then concludes once the answers are in.</summary>
    private void Decide()
    {
        while (_outstanding.Count < _slots && _decisions.Count < _budget)
        {
            var decided = _decisions.Select(d => new BanditEvidence.Decided(d.Decision, d.CandId, d.Block)).ToList();
            var arms = BanditEvidence.Arms(_order, decided, Outcome, _blocks.Count);
            if (arms.All(a => a.Exhausted)) break;
            var slot = Enumerable.Range(0, _slots).First(s => !_outstanding.ContainsValue(s));
            var choice = Bandit.Choose(arms, _settings, _work.Run.Seed, _work.Domain, _work.Generation, _decisions.Count, slot);
            var chosen = new DomainEvent.BanditChosen(_work.Generation, choice.Strategy, choice.Decision, slot, choice.Chosen,
                BanditEvidence.NextBlock(decided, choice.Chosen), choice.Indexes, choice.Alternatives, choice.Stream, DomainCoordinator.Now());
            _decisions.Add(chosen);
            _outstanding[chosen.Decision] = slot;
            _work.Coordinator.Tell(new DomainCoordinator.Choose(chosen));
        }
        if (_outstanding.Count == 0) Conclude();
    }

    /// <summary>Measures the block of a journaled decision.</summary>
    private void Dispatch(int decision)
    {
        if (decision >= _decisions.Count || !_outstanding.ContainsKey(decision) || !_dispatched.Add(decision)) return;
        var d = _decisions[decision];
        var arm = _arms[d.CandId];
        var block = _blocks[d.Block];
        var name = "d" + d.Decision + "-" + d.CandId + "-b" + d.Block;
        var evaluator = Context.ActorOf(CandidateEvaluator.Props(_work.Run, _work.Domain, d.CandId, arm.Genome, _work.Plan.Regimes, arm.Results, _work.Recorder,
            _work.Dispatcher, Self, [(block.Regime, block.Trial)]), name);
        Context.Watch(evaluator);
        _measuring[name] = decision;
    }

    /// <summary>Every arm assessed on the blocks it was given: <c>completed</c> with all of them, <c>budget</c> otherwise.</summary>
    private void Conclude()
    {
        if (_concluded) return;
        _concluded = true;
        var spent = _decisions.Count;
        _log.Info("generation {0}: bandit {1} spent {2} of {3} blocks", _work.Generation, _settings.Name, spent, _budget);
        foreach (var c in _order)
        {
            var arm = _arms[c];
            if (arm.Assessed) continue;
            var blocks = _decisions.Count(d => d.CandId == c);
            var stopped = blocks >= _blocks.Count ? PackEvidence.Completed : PackEvidence.Budget;
            _scoring++;
            BackgroundAssessment.Start(_work, c, arm.Genome, arm.Results, new PackEvidence(arm.Results.Count, blocks, stopped), Self);
        }
        if (_scoring == 0) Context.Stop(Self);
    }

    /// <summary>The recorded outcome of a candidate's block (final once recorded, so worked out once).</summary>
    private BlockOutcome? Outcome(string candId, int index)
    {
        if (_seen.TryGetValue((candId, index), out var seen)) return seen;
        var block = _blocks[index];
        if (!_arms[candId].Results.TryGetValue(TrialIds.Of(_work.Run.RunId, _work.Domain, candId, block.Regime, block.Trial), out var r)) return null;
        return _seen[(candId, index)] = _outcomes.Of(r, block.Regime);
    }

    protected override SupervisorStrategy SupervisorStrategy() => Akka.Actor.SupervisorStrategy.StoppingStrategy;
}
