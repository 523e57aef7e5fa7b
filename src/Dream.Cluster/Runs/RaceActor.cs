using Akka.Actor;
using Akka.Event;
using Dream.Cluster.Dispatch;
using Dream.Core.Domain;
using Dream.Core.Packs;
using Dream.Core.Racing;
using Dream.Trials;

namespace Dream.Cluster.Runs;

/// <summary>
/// The generation in progress under <c>--allocation race</c>: measures its candidates block by block (every survivor
/// on the same (regime, trial index), so comparisons are paired), and after each block replays the race
/// (<see cref="Race.Run"/>) over the outcomes recorded in the journal — never over one still in flight — so that a
/// resumed coordinator reaches the same eliminations. Each new elimination goes to the coordinator to be journaled,
/// then the candidate is assessed on what it earned; once the blocks run out, the survivors are assessed.
/// </summary>
public sealed class RaceActor : ReceiveActor
{
    /// <summary>A candidate of the race, with copies of what the journal holds for it.</summary>
    public sealed record Racer(string CandId, Genome Genome, bool Assessed, bool EliminationJournaled, Dictionary<string, TrialResult> Results);

    private readonly IReadOnlyList<Block> _blocks;
    private readonly RaceOutcomes _outcomes;
    private readonly Dictionary<(string, int), BlockOutcome> _seen = new();
    private readonly List<string> _order;
    private readonly Dictionary<string, Racer> _racers;
    private readonly HashSet<string> _concluded = new(); // eliminated or completed: its assessment is under way or done
    private readonly Dictionary<string, string> _measuring = new(); // evaluator name -> candidate
    private readonly Dictionary<string, IActorRef> _evaluators = new(); // evaluator name -> evaluator, while it measures
    private readonly HashSet<(string CandId, int Block)> _asked = new(); // blocks an evaluator was started for
    private readonly HashSet<(string CandId, int Block)> _inFlight = new(); // ... and has not answered yet
    private readonly Dictionary<string, List<int>> _blocksOf = new(); // evaluator name -> the blocks it measures
    private int _scoring;
    private bool _complete;
    private readonly GenerationWork _work;
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public static Props Props(DomainState s, IActorRef coordinator, IActorRef recorder, IActorRef dispatcher)
    {
        // The racers are every candidate measured in this generation: those assessed already (eliminated before a
        // restart) are raced again from their recorded trials, so that the race replays exactly. Elites whose evidence
        // was reused have no trials of their own and are not raced.
        var racers = s.Candidates.Where(c => !c.Assessed || c.Results.Count > 0)
            .Select(c => new Racer(c.CandId, c.Genome, c.Assessed, c.Elimination != null, new Dictionary<string, TrialResult>(c.Results)))
            .ToList();
        var work = GenerationWork.Of(s, coordinator, recorder, dispatcher);
        return Started.By(() => new RaceActor(work, racers));
    }

    public RaceActor(GenerationWork work, IReadOnlyList<Racer> racers)
    {
        _work = work;
        _outcomes = new RaceOutcomes(work.Plan, work.Baselines);
        _blocks = _outcomes.Blocks;
        _order = racers.Select(r => r.CandId).ToList();
        _racers = racers.ToDictionary(r => r.CandId);

        Receive<CandidateEvaluator.Measured>(m =>
        {
            var name = Sender.Path.Name;
            if (!Forget(name)) return;
            Context.Unwatch(Sender);
            foreach (var (id, r) in m.Results) _racers[m.CandId].Results[id] = r;
            Advance();
        });
        Receive<BackgroundAssessment.Done>(sc =>
        {
            _scoring--;
            _work.Coordinator.Tell(new DomainCoordinator.Assessed(_work.Generation, sc.CandId, sc.Scored.Pack, sc.Scored.Score));
            StopWhenDone();
        });
        Receive<Status.Failure>(f => System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(f.Cause).Throw());
        Receive<Terminated>(t =>
        {
            if (!_measuring.ContainsKey(t.ActorRef.Path.Name)) return;
            _log.Error("the evaluator {0} of generation {1} stopped without an answer", t.ActorRef.Path.Name, _work.Generation);
            Context.Stop(Self);
        });
    }

    protected override void PreStart() => Advance();

    private void Advance()
    {
        var floor = Math.Max(1, _work.Plan.Evolution.Elites);
        var standing = Race.Run(_order, _blocks.Count, _work.Plan.Regimes.Count, Outcome, _work.Run.Racing, floor, Enough(_work.Plan));
        foreach (var e in standing.Eliminations)
        {
            if (!_concluded.Add(e.CandId)) continue;
            var racer = _racers[e.CandId];
            if (!racer.EliminationJournaled)
            {
                _log.Info("generation {0}: {1} eliminated at block {2} ({3}{4})", _work.Generation, e.CandId, e.Block, e.Test,
                    e.PValue is { } p ? ", p " + p.ToString("G3", System.Globalization.CultureInfo.InvariantCulture) + " against " + e.ComparedWith : "");
                _work.Coordinator.Tell(new DomainCoordinator.Eliminate(new DomainEvent.CandidateEliminated(_work.Generation, e.CandId, e.Block, e.Test,
                    e.Statistic, e.PValue, e.ComparedWith, DomainCoordinator.Now())));
            }
            // A failure eliminates at once: the candidate's later blocks, measured at once with this one, are not needed.
            StopMeasuring(e.CandId);
            if (!racer.Assessed) Assess(racer, e.Block + 1, e.Block + 1, PackEvidence.EliminatedAt(e.Block));
        }
        if (standing.Complete)
        {
            _complete = true;
            foreach (var c in standing.Survivors)
            {
                StopMeasuring(c);
                if (!_concluded.Add(c)) continue;
                var racer = _racers[c];
                if (!racer.Assessed) Assess(racer, null, standing.NextBlock, PackEvidence.Completed);
            }
            StopWhenDone();
            return;
        }
        foreach (var c in standing.Waiting)
        {
            if (_asked.Contains((c, standing.NextBlock)) && !_inFlight.Contains((c, standing.NextBlock)))
            {
                // measured, yet still without an outcome for the block: asking again would loop for ever
                _log.Error("generation {0}: block {1} has no recorded outcome for {2} after measuring", _work.Generation, standing.NextBlock, c);
                Context.Stop(Self);
                return;
            }
        }
        var until = Race.SureUntil(standing, _blocks.Count, _work.Plan.Regimes.Count, _work.Run.Racing, floor, Enough(_work.Plan));
        foreach (var c in standing.Survivors)
        {
            var todo = Enumerable.Range(standing.NextBlock, until - standing.NextBlock)
                .Where(b => !_asked.Contains((c, b)) && Outcome(c, b) is null).ToList();
            if (todo.Count > 0) Measure(c, todo);
        }
    }

    /// <summary>Starts an evaluator for <paramref name="blocks"/> of a candidate; a trial already recorded is not measured again.</summary>
    private void Measure(string candId, List<int> blocks)
    {
        var racer = _racers[candId];
        var name = candId + "-b" + blocks[0] + (blocks.Count > 1 ? "-" + blocks[^1] : "");
        var evaluator = Context.ActorOf(CandidateEvaluator.Props(_work.Run, _work.Domain, candId, racer.Genome, _work.Plan.Regimes, racer.Results, _work.Recorder,
            _work.Dispatcher, Self, blocks.Select(b => (_blocks[b].Regime, _blocks[b].Trial)).ToList()), name);
        Context.Watch(evaluator);
        _measuring[name] = candId;
        _evaluators[name] = evaluator;
        _blocksOf[name] = blocks;
        foreach (var b in blocks)
        {
            _asked.Add((candId, b));
            _inFlight.Add((candId, b));
        }
    }

    /// <summary>Forgets an evaluator that answered or was stopped; false if it was not measuring.</summary>
    private bool Forget(string name)
    {
        if (!_measuring.Remove(name, out var candId)) return false;
        _evaluators.Remove(name);
        if (_blocksOf.Remove(name, out var blocks))
            foreach (var b in blocks) _inFlight.Remove((candId, b));
        return true;
    }

    /// <summary>Stops a concluded candidate's evaluators and cancels its trials still queued: what they would measure is not used.</summary>
    private void StopMeasuring(string candId)
    {
        var names = _measuring.Where(kv => kv.Value == candId).Select(kv => kv.Key).ToList();
        if (names.Count == 0) return;
        foreach (var name in names)
        {
            var evaluator = _evaluators[name];
            Forget(name);
            Context.Unwatch(evaluator);
            Context.Stop(evaluator);
        }
        _work.Dispatcher.Tell(new TrialDispatcher.Cancel(TrialIds.CandidatePrefix(_work.Run.RunId, _work.Domain, candId)));
    }

    /// <summary>
    /// The blocks after which a survivor has the evidence that scores it: min_successful_trials of every regime (the
    /// run's trials, when fewer). A race down to its floor ends there.
    /// </summary>
    public static int Enough(RunSpec.DomainPlan plan) =>
        Math.Min(plan.Global.MinSuccessfulTrials, plan.Execution.Trials) * plan.Regimes.Count;

    /// <summary>The recorded outcome of a racer's trial of a block, as the race weighs it.</summary>
    private BlockOutcome? Outcome(string candId, int index)
    {
        // A recorded trial is final (the recorder acknowledged it), so its outcome is worked out once; decisions are
        // still made afresh from these outcomes on every replay.
        if (_seen.TryGetValue((candId, index), out var seen)) return seen;
        var block = _blocks[index];
        if (!_racers[candId].Results.TryGetValue(TrialIds.Of(_work.Run.RunId, _work.Domain, candId, block.Regime, block.Trial), out var r)) return null;
        return _seen[(candId, index)] = _outcomes.Of(r, block.Regime);
    }

    /// <summary>
    /// Scores a concluded candidate. An eliminated one is scored on its blocks up to the elimination only
    /// (<paramref name="upTo"/>): a trial of a later block, measured at once with the block that failed, may or may not
    /// have been recorded by then, and a pack must not depend on that. A survivor is scored on every trial recorded.
    /// </summary>
    private void Assess(Racer racer, int? upTo, int blocks, string stopped)
    {
        _scoring++;
        var earned = upTo is { } n
            ? new HashSet<string>(_blocks.Take(n).Select(b => TrialIds.Of(_work.Run.RunId, _work.Domain, racer.CandId, b.Regime, b.Trial)))
            : null;
        var results = racer.Results.Where(kv => earned is null || earned.Contains(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value);
        var evidence = new PackEvidence(results.Count, blocks, stopped);
        BackgroundAssessment.Start(_work, racer.CandId, racer.Genome, results, evidence, Self);
    }

    private void StopWhenDone()
    {
        if (_complete && _scoring == 0 && _measuring.Count == 0) Context.Stop(Self);
    }

    protected override SupervisorStrategy SupervisorStrategy() => Akka.Actor.SupervisorStrategy.StoppingStrategy;
}
