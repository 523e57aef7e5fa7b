using Dream.Trials;

namespace Dream.Cluster.Dispatch;

/// <summary>
/// The trials the dispatcher knows of, without actors: those waiting (oldest first; a trial that lost its lease
/// goes to the front), and those leased to a runner. Keyed by trial id, so that a trial is never queued or leased
/// twice at once. A lease that expired keeps its runner's slot until the runner answers it (or goes), since the
/// runner is still running that trial.
/// </summary>
public sealed class LeaseBook<TRunner, TReply> where TRunner : notnull
{
    /// <summary>A requested trial; the requester may change when the same trial is submitted again.</summary>
    public sealed class Pending(TrialSpec spec, string? nodeClass, TReply replyTo, int attempt)
    {
        public TrialSpec Spec { get; } = spec;
        public string? NodeClass { get; } = nodeClass;
        public int Attempt { get; } = attempt;
        public TReply ReplyTo { get; set; } = replyTo;
        public string TrialId => Spec.TrialId;
    }

    public sealed record Lease(long Id, Pending Pending, TRunner Runner, long StartedMs);

    private readonly LinkedList<Pending> _queue = new();
    private readonly Dictionary<string, LinkedListNode<Pending>> _queued = [];
    private readonly SortedDictionary<long, Lease> _leases = [];
    private readonly Dictionary<string, long> _leaseByTrial = [];
    /// <summary>Expired leases whose runner has not answered yet: lease id → runner.</summary>
    private readonly Dictionary<long, TRunner> _expired = [];
    private long _nextLease = 1;

    public int Queued => _queue.Count;

    public IReadOnlyCollection<Lease> Leases => _leases.Values;

    public IEnumerable<Pending> Queue => _queue;

    /// <summary>
    /// A request: queued at the back when the trial is new; when it is queued or leased already, its requester is
    /// updated and false is returned.
    /// </summary>
    public bool Submit(TrialSpec spec, string? nodeClass, TReply replyTo)
    {
        if (_leaseByTrial.TryGetValue(spec.TrialId, out var id))
        {
            _leases[id].Pending.ReplyTo = replyTo;
            return false;
        }
        if (_queued.TryGetValue(spec.TrialId, out var node))
        {
            node.Value.ReplyTo = replyTo;
            return false;
        }
        _queued[spec.TrialId] = _queue.AddLast(new Pending(spec, nodeClass, replyTo, 0));
        return true;
    }

    /// <summary>Drops queued trials whose id starts with <paramref name="trialIdPrefix"/>; leased ones run to the end.</summary>
    public int Cancel(string trialIdPrefix)
    {
        var dropped = _queue.Where(p => p.TrialId.StartsWith(trialIdPrefix, StringComparison.Ordinal)).ToList();
        foreach (var p in dropped)
        {
            _queue.Remove(_queued[p.TrialId]);
            _queued.Remove(p.TrialId);
        }
        return dropped.Count;
    }

    /// <summary>Leases waiting trials, oldest first, each to the runner <paramref name="pick"/> chooses for its node class.</summary>
    public List<Lease> Dispatch(Func<bool> anyFree, Func<string?, (bool Found, TRunner Runner)> pick, long nowMs)
    {
        var leased = new List<Lease>();
        var node = _queue.First;
        while (node != null && anyFree())
        {
            var next = node.Next;
            var (found, runner) = pick(node.Value.NodeClass);
            if (found)
            {
                var p = node.Value;
                _queue.Remove(node);
                _queued.Remove(p.TrialId);
                var lease = new Lease(_nextLease++, p, runner, nowMs);
                _leases[lease.Id] = lease;
                _leaseByTrial[p.TrialId] = lease.Id;
                leased.Add(lease);
            }
            node = next;
        }
        return leased;
    }

    /// <summary>The runner answered a live lease; null when the lease is not live (expired, or gone with its runner).</summary>
    public Lease? Answer(long leaseId)
    {
        if (!_leases.Remove(leaseId, out var lease)) return null;
        _leaseByTrial.Remove(lease.Pending.TrialId);
        return lease;
    }

    /// <summary>The runner answered a lease that had expired: its slot is free again. Default when unknown.</summary>
    public (bool Found, TRunner Runner) AnswerExpired(long leaseId) =>
        _expired.Remove(leaseId, out var runner) ? (true, runner) : (false, default!);

    /// <summary>A live lease passed its deadline: its trial goes to the front of the queue, the runner keeps the slot.</summary>
    public Lease? Expire(long leaseId)
    {
        if (!_leases.Remove(leaseId, out var lease)) return null;
        _leaseByTrial.Remove(lease.Pending.TrialId);
        _expired[leaseId] = lease.Runner;
        Requeue(lease);
        return lease;
    }

    /// <summary>Puts the answered-but-refused trial back at the front, as it was (not a new attempt).</summary>
    public void PutBack(Lease lease) => EnqueueFirst(lease.Pending);

    /// <summary>The runner is gone: its live leases go back to the front of the queue (returned), its expired ones are forgotten.</summary>
    public List<Lease> DropRunner(TRunner runner)
    {
        var lost = _leases.Values.Where(l => EqualityComparer<TRunner>.Default.Equals(l.Runner, runner)).ToList();
        foreach (var l in lost)
        {
            _leases.Remove(l.Id);
            _leaseByTrial.Remove(l.Pending.TrialId);
        }
        // in reverse, so that the oldest lost trial ends up first
        for (int i = lost.Count - 1; i >= 0; i--) Requeue(lost[i]);
        foreach (var id in _expired.Where(kv => EqualityComparer<TRunner>.Default.Equals(kv.Value, runner)).Select(kv => kv.Key).ToList())
            _expired.Remove(id);
        return lost;
    }

    /// <summary>Leases of ours that hold a slot of <paramref name="runner"/>: live ones and expired ones not yet answered.</summary>
    public int OnRunner(TRunner runner) =>
        _leases.Values.Count(l => EqualityComparer<TRunner>.Default.Equals(l.Runner, runner))
        + _expired.Values.Count(r => EqualityComparer<TRunner>.Default.Equals(r, runner));

    private void Requeue(Lease lease)
    {
        var p = lease.Pending;
        if (_queued.ContainsKey(p.TrialId) || _leaseByTrial.ContainsKey(p.TrialId)) return;
        EnqueueFirst(new Pending(p.Spec, p.NodeClass, p.ReplyTo, p.Attempt + 1));
    }

    private void EnqueueFirst(Pending p)
    {
        if (_queued.ContainsKey(p.TrialId) || _leaseByTrial.ContainsKey(p.TrialId)) return;
        _queued[p.TrialId] = _queue.AddFirst(p);
    }
}
