using Akka.Actor;
using Akka.Event;
using Dream.Trials;

namespace Dream.Cluster.Dispatch;

/// <summary>
/// Queues trial requests and leases them to free <see cref="TrialRunner"/>s found through the
/// <see cref="RunnerReceptionist"/>. A lease ends with the runner's answer, with the runner's death (DeathWatch, or
/// its node becoming unreachable), or at its deadline; in the last two cases the trial goes back to the front of
/// the queue. A runner that deregisters while its node is still reachable is leaving gracefully: it gets no new
/// trials, and the ones it has finish there. Requests are keyed by trial id, so a re-submitted trial (after a
/// dispatcher fail-over, say) is never queued twice; the coordinator counts each trial id once whatever arrives.
/// The bookkeeping is in <see cref="RunnerPool{TRunner}"/> and <see cref="LeaseBook{TRunner,TReply}"/>; this actor routes.
/// </summary>
public sealed class TrialDispatcher : ReceiveActor, IWithTimers
{
    public interface ICommand : CborSerializable;

    /// <summary>
    /// Run this trial on a runner of <paramref name="NodeClass"/> (null: any); the <see cref="Completed"/> goes to
    /// <paramref name="ReplyTo"/>. Idempotent per trial id. Results of different node classes are never mixed.
    /// </summary>
    public sealed record Submit(TrialSpec Spec, string? NodeClass, IActorRef ReplyTo) : ICommand;

    /// <summary>Drop queued trials whose id starts with <paramref name="TrialIdPrefix"/> (a candidate that broke a cap, say).</summary>
    public sealed record Cancel(string TrialIdPrefix) : ICommand;

    /// <summary>Answered with a <see cref="Status"/> to <paramref name="ReplyTo"/>, or to the sender when null (Ask).</summary>
    public sealed record GetStatus(IActorRef? ReplyTo = null) : ICommand;

    public sealed record Completed(TrialResult Result) : CborSerializable;

    public sealed record InFlight(string TrialId, string Node, long AgeMs, int Attempt) : CborSerializable;

    /// <summary><see cref="Runners"/>: those ready to take trials (registered and described).</summary>
    public sealed record Status(int Runners, int Queued, IReadOnlyList<InFlight> InFlight, long Dispatched, long Redispatched)
        : CborSerializable;

    private sealed record LeaseExpired(long LeaseId);

    private sealed record RunnerDescribed(IActorRef Runner, TrialRunner.Description Description);

    private sealed record DescribeFailed(IActorRef Runner);

    private sealed record DescribeAgain(IActorRef Runner);

    private static readonly TimeSpan DescribeTimeout = TimeSpan.FromSeconds(30);
    /// <summary>How long a runner that refused with none of our trials on it waits before it is asked again.</summary>
    private static readonly TimeSpan RefusedRetry = TimeSpan.FromSeconds(1);

    public static Props Props(int slotsPerRunner, TimeSpan leaseGrace) =>
        Akka.Actor.Props.Create(() => new TrialDispatcher(slotsPerRunner, leaseGrace));

    public ITimerScheduler Timers { get; set; } = null!;

    private readonly TimeSpan _leaseGrace;
    private readonly RunnerPool<IActorRef> _runners;
    private readonly LeaseBook<IActorRef, IActorRef> _book = new();
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private long _dispatched;
    private long _redispatched;

    public TrialDispatcher(int slotsPerRunner, TimeSpan leaseGrace)
    {
        _leaseGrace = leaseGrace;
        _runners = new RunnerPool<IActorRef>(slotsPerRunner);

        Receive<Submit>(s =>
        {
            _book.Submit(s.Spec, s.NodeClass, s.ReplyTo);
            Dispatch();
        });
        Receive<Cancel>(c =>
        {
            _book.Cancel(c.TrialIdPrefix);
            Dispatch();
        });
        Receive<GetStatus>(g => (g.ReplyTo ?? Sender).Tell(CurrentStatus()));
        Receive<RunnerReceptionist.Listing>(OnRunnersChanged);
        Receive<TrialRunner.Reply>(OnAnswer);
        Receive<LeaseExpired>(OnLeaseExpired);
        Receive<RunnerDescribed>(d =>
        {
            _runners.Describe(d.Runner, d.Description);
            ForgetIfDrained(d.Runner);
            Dispatch();
        });
        Receive<DescribeFailed>(f =>
        {
            // still registered and reachable (else it would be gone from the pool): ask again
            if (_runners.Contains(f.Runner) && !_runners.IsLeaving(f.Runner) && !_runners.IsDescribed(f.Runner)) Describe(f.Runner);
        });
        Receive<DescribeAgain>(d =>
        {
            if (_runners.Contains(d.Runner) && !_runners.IsLeaving(d.Runner)) Describe(d.Runner);
        });
        Receive<Terminated>(t => OnRunnerGone(t.ActorRef));
    }

    protected override void PreStart() => RunnerReceptionist.Get(Context.System).Tell(new RunnerReceptionist.Subscribe(Self));

    protected override void PostStop() => Metrics.Metrics.Get(Context.System).DispatcherStopped();

    private void OnRunnersChanged(RunnerReceptionist.Listing listing)
    {
        foreach (var runner in listing.Reachable)
        {
            if (_runners.Add(runner))
            {
                Context.Watch(runner);
                Describe(runner);
            }
        }
        foreach (var known in _runners.All)
        {
            if (!listing.All.Contains(known)) OnRunnerLeaving(known);
            else if (!listing.Reachable.Contains(known)) OnRunnerGone(known);
        }
        Dispatch();
    }

    /// <summary>Asks what the runner is (node class, slots); it gets trials once it has answered.</summary>
    private void Describe(IActorRef runner)
    {
        runner.Ask<TrialRunner.Description>(new TrialRunner.Describe(), DescribeTimeout).ContinueWith(t =>
            t.IsCompletedSuccessfully ? (object)new RunnerDescribed(runner, t.Result) : new DescribeFailed(runner),
            TaskContinuationOptions.ExecuteSynchronously).PipeTo(Self);
    }

    /// <summary>Its trials in flight finish where they are; it gets no new ones, and is forgotten once it has none.</summary>
    private void OnRunnerLeaving(IActorRef runner)
    {
        if (!_runners.MarkLeaving(runner)) return;
        int inFlight = _book.OnRunner(runner);
        if (inFlight > 0) _log.Info("runner {0} is leaving; its {1} trial(s) in flight finish there", NodeOf(runner), inFlight);
        ForgetIfDrained(runner);
    }

    private void ForgetIfDrained(IActorRef runner)
    {
        if (!_runners.IsDrained(runner)) return;
        _runners.Remove(runner);
        Context.Unwatch(runner);
    }

    private void OnAnswer(TrialRunner.Reply reply)
    {
        var lease = _book.Answer(reply.LeaseId);
        if (lease == null)
        {
            // An expired lease answered late: its trial was queued again; the runner's slot is free now.
            var (found, runner) = _book.AnswerExpired(reply.LeaseId);
            if (found)
            {
                _runners.Release(runner, answered: true);
                ForgetIfDrained(runner);
                Dispatch();
            }
            return;
        }
        Timers.Cancel(lease.Id);
        _runners.Release(lease.Runner, answered: reply is TrialRunner.Ran);
        if (reply is TrialRunner.Ran ran)
        {
            lease.Pending.ReplyTo.Tell(new Completed(ran.Result));
        }
        else
        {
            _runners.MarkFull(lease.Runner);
            _book.PutBack(lease);
            // With none of our trials on it there is no answer to wait for: ask it again shortly.
            if (_runners.IsFull(lease.Runner) && _runners.BusyOf(lease.Runner) == 0)
                Timers.StartSingleTimer(("describe", lease.Runner), new DescribeAgain(lease.Runner), RefusedRetry);
        }
        ForgetIfDrained(lease.Runner);
        Dispatch();
    }

    private void OnLeaseExpired(LeaseExpired e)
    {
        var lease = _book.Expire(e.LeaseId);
        if (lease == null) return;
        _log.Warning("trial {0} on {1} passed its deadline; dispatching it again", lease.Pending.TrialId, NodeOf(lease.Runner));
        _redispatched++;
        Dispatch();
    }

    private void OnRunnerGone(IActorRef runner)
    {
        if (!_runners.Remove(runner)) return;
        Context.Unwatch(runner);
        foreach (var lease in _book.DropRunner(runner))
        {
            Timers.Cancel(lease.Id);
            _log.Warning("runner {0} is gone; dispatching trial {1} again", NodeOf(runner), lease.Pending.TrialId);
            _redispatched++;
        }
        Dispatch();
    }

    private Status CurrentStatus()
    {
        long now = NowMs();
        var inFlight = _book.Leases
            .Select(l => new InFlight(l.Pending.TrialId, NodeOf(l.Runner), now - l.StartedMs, l.Pending.Attempt))
            .ToList();
        // A runner counts once it has described itself: before that, no trial can be leased to it.
        return new Status(_runners.Ready, _book.Queued, inFlight, _dispatched, _redispatched);
    }

    /// <summary>The runner's node; a local ref's path has no host and port, so this node's address stands in for it.</summary>
    private string NodeOf(IActorRef runner)
    {
        var a = runner.Path.Address;
        return (a.HasGlobalScope ? a : ((ExtendedActorSystem)Context.System).Provider.DefaultAddress).ToString();
    }

    /// <summary>Leases queued trials, oldest first, each to the least busy free runner of its node class.</summary>
    private void Dispatch()
    {
        var leased = _book.Dispatch(_runners.AnyFree, nodeClass =>
        {
            var r = _runners.FreeRunner(nodeClass);
            if (r == null) return (false, ActorRefs.Nobody);
            _runners.Occupy(r); // at once: the next trial of this round must see the slot taken
            return (true, r);
        }, NowMs());
        foreach (var lease in leased)
        {
            _dispatched++;
            Timers.StartSingleTimer(lease.Id, new LeaseExpired(lease.Id), LeaseDuration(lease.Pending.Spec) + WaitBehind(lease) + _leaseGrace);
            lease.Runner.Tell(new TrialRunner.Run(lease.Id, lease.Pending.Spec, Self));
        }
        Metrics.Metrics.Get(Context.System).DispatcherState(_book.Queued, _book.Leases.Count, _runners.Known);
    }

    /// <summary>
    /// A runner that prefetches may hold the lease until one of its running trials ends: the longest of those
    /// leases' durations is added to the deadline, so that waiting there is not taken for a lost trial.
    /// </summary>
    private TimeSpan WaitBehind(LeaseBook<IActorRef, IActorRef>.Lease lease)
    {
        if (!_runners.Prefetches(lease.Runner)) return TimeSpan.Zero;
        var wait = TimeSpan.Zero;
        foreach (var other in _book.Leases)
            if (other.Id != lease.Id && other.Runner.Equals(lease.Runner))
                wait = TimeSpan.FromTicks(Math.Max(wait.Ticks, LeaseDuration(other.Pending.Spec).Ticks));
        return wait;
    }

    /// <summary>
    /// How long the runner may take for a trial before its lease expires (grace aside): the runner's own deadline
    /// (a command's timeout_s included), at least 1 s, plus the cool-down the runner sleeps before a trial that
    /// touches the machine. The Java tree left the cool-down out, so a trial with a long trial_delay_s was leased
    /// again while it ran.
    /// </summary>
    public static TimeSpan LeaseDuration(TrialSpec spec)
    {
        double capped = Math.Min(Math.Max(spec.DeadlineS(), 1.0), Math.Max(spec.Global.MaxTrialDurationS, 1.0));
        return TimeSpan.FromSeconds(capped + TrialRunner.CoolDownS(spec));
    }

    private static long NowMs() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
}
