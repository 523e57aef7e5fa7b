using Akka.Actor;
using Akka.Dispatch;
using Akka.Event;
using Dream.Trials;

namespace Dream.Cluster.Dispatch;

/// <summary>
/// One per node. Runs leased trials on the blocking dispatcher (<c>dream-trial-dispatcher</c>, not the default one), at most
/// <c>slots</c> at a time, so that trials on one node never disturb each other; answers every lease with exactly
/// one <see cref="Ran"/> or <see cref="Refused"/>. Registers itself with the <see cref="RunnerReceptionist"/>, so
/// that dispatchers find it; <see cref="Drain"/> deregisters it and answers once its trials have finished.
/// </summary>
public sealed class TrialRunner : ReceiveActor
{
    public const string BlockingDispatcher = "dream-trial-dispatcher";

    public interface ICommand : CborSerializable;

    /// <summary>A lease: run <paramref name="Spec"/> and answer <paramref name="ReplyTo"/> with the same lease id.</summary>
    public sealed record Run(long LeaseId, TrialSpec Spec, IActorRef ReplyTo) : ICommand;

    /// <summary>Ask for the runner's <see cref="Description"/>; answered to <paramref name="ReplyTo"/>, or to the sender when null.</summary>
    public sealed record Describe(IActorRef? ReplyTo = null) : ICommand;

    /// <summary>
    /// Leave gracefully: stop taking trials (the receptionist forgets this runner) and answer <c>Akka.Done</c> once the
    /// trials in flight have finished and been answered; every Drain is answered, however many arrive.
    /// </summary>
    public sealed record Drain(IActorRef? ReplyTo = null) : ICommand;

    private sealed record Finished(long LeaseId, TrialResult Result, IActorRef ReplyTo);

    public abstract record Reply(long LeaseId) : CborSerializable;

    /// <summary>The trial ran (whatever its outcome). Java's <c>Done</c>, renamed so as not to shadow <c>Akka.Done</c>.</summary>
    public sealed record Ran(long LeaseId, TrialResult Result) : Reply(LeaseId);

    /// <summary>The runner did not run it (full, leaving, or cut short by shutdown); the dispatcher queues it again.</summary>
    public sealed record Refused(long LeaseId, string Reason) : Reply(LeaseId);

    /// <summary>
    /// What the runner is. <see cref="InFlightSince"/>: trial id → start (Unix ms) of the trials running;
    /// <see cref="Leaving"/>: draining, taking no trials; <see cref="Prefetch"/>: leases it holds beyond its slots,
    /// waiting for one to free.
    /// </summary>
    public sealed record Description(string Node, string NodeClass, int Slots, IReadOnlyDictionary<string, long> InFlightSince,
        bool Leaving = false, int Prefetch = 0) : CborSerializable;

    private const string LeavingReason = "this node is leaving the cluster";

    /// <param name="prefetch">
    /// leases accepted beyond <paramref name="slots"/>, queued here and started the moment a slot frees, so that the
    /// slot does not wait a round trip through the dispatcher for its next trial (most of a zero-second trial's cost)
    /// </param>
    public static Props Props(ITrialExecutor executor, int slots, string nodeClass, int prefetch = 0) =>
        Akka.Actor.Props.Create(() => new TrialRunner(executor, slots, nodeClass, prefetch));

    private readonly ITrialExecutor _executor;
    private readonly int _slots;
    private readonly int _prefetch;
    private readonly string _nodeClass;
    private readonly string _node;
    private readonly MessageDispatcher _blocking;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    // keyed by lease, not trial id: two leases of one trial are two trials running (the Java tree let the second
    // overwrite the first, so the runner could exceed its slots)
    private readonly Dictionary<long, (string TrialId, long Since)> _inFlight = [];
    private readonly Queue<Run> _waiting = new();
    private readonly List<IActorRef> _drainWaiters = [];
    private bool _draining;

    public TrialRunner(ITrialExecutor executor, int slots, string nodeClass, int prefetch = 0)
    {
        _executor = executor;
        _slots = slots;
        _prefetch = Math.Max(0, prefetch);
        _nodeClass = nodeClass;
        _node = ((ExtendedActorSystem)Context.System).Provider.DefaultAddress.ToString();
        _blocking = Context.System.Dispatchers.Lookup(BlockingDispatcher);

        Receive<Run>(Start);
        Receive<Finished>(f =>
        {
            _inFlight.Remove(f.LeaseId);
            // the next trial first, then the answer: the slot is busy again while the result travels
            if (!_draining && _waiting.Count > 0) Begin(_waiting.Dequeue());
            Answer(f);
            if (_draining) AnswerDrainedIfDone();
        });
        Receive<Describe>(d => (d.ReplyTo ?? Sender).Tell(new Description(_node, _nodeClass, _slots, InFlightSince(), _draining, _prefetch)));
        Receive<Drain>(d =>
        {
            var to = d.ReplyTo ?? Sender;
            if (!_draining)
            {
                _draining = true;
                RunnerReceptionist.Get(Context.System).Tell(new RunnerReceptionist.Deregister(Self));
                // not started: they go back to the dispatcher's queue, to run elsewhere
                while (_waiting.Count > 0)
                {
                    var w = _waiting.Dequeue();
                    w.ReplyTo.Tell(new Refused(w.LeaseId, LeavingReason));
                }
                if (_inFlight.Count > 0) _log.Info("leaving: finishing {0} trial(s) in flight first", _inFlight.Count);
            }
            _drainWaiters.Add(to);
            AnswerDrainedIfDone();
        });
    }

    protected override void PreStart() => RunnerReceptionist.Get(Context.System).Tell(new RunnerReceptionist.Register(Self));

    private IReadOnlyDictionary<string, long> InFlightSince()
    {
        var m = new Dictionary<string, long>();
        foreach (var (trialId, since) in _inFlight.Values)
            m[trialId] = m.TryGetValue(trialId, out var earlier) ? Math.Min(earlier, since) : since;
        return m;
    }

    private void AnswerDrainedIfDone()
    {
        if (_inFlight.Count > 0) return;
        foreach (var w in _drainWaiters) w.Tell(Akka.Done.Instance);
        _drainWaiters.Clear();
    }

    private void Start(Run run)
    {
        if (_draining)
        {
            run.ReplyTo.Tell(new Refused(run.LeaseId, LeavingReason));
            return;
        }
        if (_inFlight.Count >= _slots)
        {
            if (_waiting.Count < _prefetch) _waiting.Enqueue(run);
            else run.ReplyTo.Tell(new Refused(run.LeaseId, $"all {_slots} slots busy"));
            return;
        }
        Begin(run);
    }

    private void Begin(Run run)
    {
        _inFlight[run.LeaseId] = (run.Spec.TrialId, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        // which node ran which trial, e.g. when a node died mid-trial
        _log.Info("trial {0} started (lease {1})", run.Spec.TrialId, run.LeaseId);
        var spec = run.Spec;
        var self = Self;
        var metrics = Metrics.Metrics.Get(Context.System);
        var node = _node;
        // The outcome goes straight from the trial's thread to this actor's mailbox: a continuation or PipeTo would
        // add a hop through the thread pool to every trial, which is most of the cost of a zero-second trial.
        _blocking.Schedule(new ActionRunnable(() =>
        {
            TrialResult r;
            double? measured = null;
            try
            {
                var ran = CoolDownThenRun(spec);
                measured = ran.DurationS;
                r = ran;
            }
            catch (Exception e)
            {
                r = Crashed(spec, e, node);
            }
            // Recorded with the member's address, so that the journal says which node of the cluster ran each trial.
            r = r.WithNode(node);
            metrics.TrialFinished(spec.Domain, spec.Regime, r.Outcome.ToWire().ToLowerInvariant(), measured);
            self.Tell(new Finished(run.LeaseId, r, run.ReplyTo));
        }));
    }

    /// <summary>
    /// The result, except that a trial cut short by this node's shutdown is refused, so that it is leased again (or
    /// run again on --resume) rather than recorded as the candidate's failure.
    /// </summary>
    private void Answer(Finished f)
    {
        _log.Info("trial {0} finished: {1} (lease {2})", f.Result.TrialId, f.Result.Outcome, f.LeaseId);
        if (f.Result.Interrupted()) f.ReplyTo.Tell(new Refused(f.LeaseId, f.Result.Error!));
        else f.ReplyTo.Tell(new Ran(f.LeaseId, f.Result));
    }

    /// <summary>
    /// regimes.yaml's trial_delay_s, in seconds: the machine settles before each trial, so one trial's heat is not
    /// the next one's. A <c>sim</c> trial touches no machine, so it has nothing to cool down from.
    /// </summary>
    public static double CoolDownS(TrialSpec spec) => spec.RegimeSpec.Workload.Kind == "sim" ? 0 : Math.Max(0, spec.Execution.TrialDelayS);

    private TrialResult CoolDownThenRun(TrialSpec spec)
    {
        var delay = CoolDownS(spec);
        if (delay > 0) Thread.Sleep(TimeSpan.FromSeconds(delay));
        return _executor.Run(spec);
    }

    /// <summary>The executor promises never to throw; if it does anyway, the trial is a failure, not a lost lease.</summary>
    private static TrialResult Crashed(TrialSpec spec, Exception? failure, string node) =>
        new(spec.TrialId, TrialOutcome.Failed, new Dictionary<string, double>(), new Dictionary<string, string>(), [],
            "executor crashed: " + failure?.GetType().Name + ": " + failure?.Message, 0, node);
}
