using Akka.Actor;
using Akka.Event;
using Dream.Core.Domain;
using Dream.Core.Packs;
using Dream.Core.Racing;
using Dream.Core.Scoring;
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

    private readonly RunSpec _run;
    private readonly RunSpec.DomainPlan _plan;
    private readonly string _domain;
    private readonly int _generation;
    private readonly IReadOnlyDictionary<string, Baseline> _baselines;
    private readonly IActorRef _coordinator;
    private readonly IActorRef _recorder;
    private readonly IActorRef _dispatcher;
    private readonly IReadOnlyList<Block> _blocks;
    private readonly RaceOutcomes _outcomes;
    private readonly Dictionary<(string, int), BlockOutcome> _seen = new();
    private readonly List<string> _order;
    private readonly Dictionary<string, Racer> _racers;
    private readonly HashSet<string> _concluded = new(); // eliminated or completed: its assessment is under way or done
    private readonly Dictionary<string, string> _measuring = new(); // evaluator name -> candidate
    private int _scoring;
    private bool _complete;
    private (int Block, string Waiting)? _lastAsked;
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public static Props Props(DomainState s, IActorRef coordinator, IActorRef recorder, IActorRef dispatcher)
    {
        // The racers are every candidate measured in this generation: those assessed already (eliminated before a
        // restart) are raced again from their recorded trials, so that the race replays exactly. Elites whose evidence
        // was reused have no trials of their own and are not raced.
        var racers = s.Candidates.Where(c => !c.Assessed || c.Results.Count > 0)
            .Select(c => new Racer(c.CandId, c.Genome, c.Assessed, c.Elimination != null, new Dictionary<string, TrialResult>(c.Results)))
            .ToList();
        var baselines = new Dictionary<string, Baseline>(s.Baselines!);
        var run = s.Run!;
        var domain = s.Domain!;
        var generation = s.Generation;
        return Akka.Actor.Props.Create(() => new RaceActor(run, domain, generation, racers, baselines, coordinator, recorder, dispatcher));
    }

    public RaceActor(RunSpec run, string domain, int generation, IReadOnlyList<Racer> racers, IReadOnlyDictionary<string, Baseline> baselines,
        IActorRef coordinator, IActorRef recorder, IActorRef dispatcher)
    {
        _run = run;
        _plan = run.Plan(domain);
        _domain = domain;
        _generation = generation;
        _baselines = baselines;
        _coordinator = coordinator;
        _recorder = recorder;
        _dispatcher = dispatcher;
        _outcomes = new RaceOutcomes(_plan, baselines);
        _blocks = _outcomes.Blocks;
        _order = racers.Select(r => r.CandId).ToList();
        _racers = racers.ToDictionary(r => r.CandId);

        Receive<CandidateEvaluator.Measured>(m =>
        {
            var name = Sender.Path.Name;
            if (!_measuring.Remove(name)) return;
            Context.Unwatch(Sender);
            foreach (var (id, r) in m.Results) _racers[m.CandId].Results[id] = r;
            if (_measuring.Count == 0) Advance();
        });
        Receive<BackgroundAssessment.Done>(sc =>
        {
            _scoring--;
            _coordinator.Tell(new DomainCoordinator.Assessed(_generation, sc.CandId, sc.Scored.Pack, sc.Scored.Score));
            StopWhenDone();
        });
        Receive<Status.Failure>(f => System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(f.Cause).Throw());
        Receive<Terminated>(t =>
        {
            if (!_measuring.ContainsKey(t.ActorRef.Path.Name)) return;
            _log.Error("the evaluator {0} of generation {1} stopped without an answer", t.ActorRef.Path.Name, _generation);
            Context.Stop(Self);
        });
    }

    protected override void PreStart() => Advance();

    private void Advance()
    {
        var floor = Math.Max(1, _plan.Evolution.Elites);
        var standing = Race.Run(_order, _blocks.Count, _plan.Regimes.Count, Outcome, _run.Racing, floor, Enough(_plan));
        foreach (var e in standing.Eliminations)
        {
            if (!_concluded.Add(e.CandId)) continue;
            var racer = _racers[e.CandId];
            if (!racer.EliminationJournaled)
            {
                _log.Info("generation {0}: {1} eliminated at block {2} ({3}{4})", _generation, e.CandId, e.Block, e.Test,
                    e.PValue is { } p ? ", p " + p.ToString("G3", System.Globalization.CultureInfo.InvariantCulture) + " against " + e.ComparedWith : "");
                _coordinator.Tell(new DomainCoordinator.Eliminate(new DomainEvent.CandidateEliminated(_generation, e.CandId, e.Block, e.Test,
                    e.Statistic, e.PValue, e.ComparedWith, DomainCoordinator.Now())));
            }
            if (!racer.Assessed) Assess(racer, new PackEvidence(racer.Results.Count, e.Block + 1, PackEvidence.EliminatedAt(e.Block)));
        }
        if (standing.Complete)
        {
            _complete = true;
            foreach (var c in standing.Survivors)
            {
                if (!_concluded.Add(c)) continue;
                var racer = _racers[c];
                if (!racer.Assessed) Assess(racer, new PackEvidence(racer.Results.Count, standing.NextBlock, PackEvidence.Completed));
            }
            StopWhenDone();
            return;
        }
        var block = _blocks[standing.NextBlock];
        var asked = (block.Index, string.Join(",", standing.Waiting));
        if (_lastAsked == asked)
        {
            // measured, yet still without an outcome for the block: asking again would loop for ever
            _log.Error("generation {0}: block {1} has no recorded outcome for {2} after measuring", _generation, block.Index, asked.Item2);
            Context.Stop(Self);
            return;
        }
        _lastAsked = asked;
        foreach (var c in standing.Waiting)
        {
            var racer = _racers[c];
            var name = c + "-b" + block.Index;
            var evaluator = Context.ActorOf(CandidateEvaluator.Props(_run, _domain, c, racer.Genome, _plan.Regimes, racer.Results, _recorder,
                _dispatcher, Self, [(block.Regime, block.Trial)]), name);
            Context.Watch(evaluator);
            _measuring[name] = c;
        }
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
        if (!_racers[candId].Results.TryGetValue(TrialIds.Of(_run.RunId, _domain, candId, block.Regime, block.Trial), out var r)) return null;
        return _seen[(candId, index)] = _outcomes.Of(r, block.Regime);
    }

    private void Assess(Racer racer, PackEvidence evidence)
    {
        _scoring++;
        BackgroundAssessment.Start(_run, _domain, _generation, racer.CandId, racer.Genome, racer.Results, _baselines, evidence, Self);
    }

    private void StopWhenDone()
    {
        if (_complete && _scoring == 0 && _measuring.Count == 0) Context.Stop(Self);
    }

    protected override SupervisorStrategy SupervisorStrategy() => Akka.Actor.SupervisorStrategy.StoppingStrategy;
}
