namespace Dream.Cluster.Dispatch;

/// <summary>
/// The dispatcher's view of the runners it may lease trials to, without actors: which are known, what each said
/// it is (node class, slots), how many of its slots Dream's leases hold, which refused a lease and which are
/// leaving. <typeparamref name="TRunner"/> is the runner's handle (an actor ref; anything comparable in tests).
/// </summary>
public sealed class RunnerPool<TRunner>(int fallbackSlots) where TRunner : notnull
{
    private sealed class Entry
    {
        public TrialRunner.Description? Description;
        public int Busy;
        /// <summary>Refused a lease although a slot seemed free: skipped until a slot is seen to free up.</summary>
        public bool Full;
        public bool Leaving;
    }

    // insertion order, so that ties between equally busy runners always go the same way
    private readonly Dictionary<TRunner, Entry> _runners = [];
    private readonly List<TRunner> _order = [];

    /// <summary>Runners that have described themselves and are not leaving: those a trial can go to.</summary>
    public int Ready => _runners.Values.Count(e => e.Description != null && !e.Leaving);

    public int Known => _runners.Count;

    public bool Contains(TRunner runner) => _runners.ContainsKey(runner);

    public bool IsLeaving(TRunner runner) => _runners.TryGetValue(runner, out var e) && e.Leaving;

    public bool IsDescribed(TRunner runner) => _runners.TryGetValue(runner, out var e) && e.Description != null;

    public IReadOnlyList<TRunner> All => _order.ToList();

    /// <summary>A runner seen for the first time; false when it is known already (leaving ones included).</summary>
    public bool Add(TRunner runner)
    {
        if (_runners.ContainsKey(runner)) return false;
        _runners[runner] = new Entry();
        _order.Add(runner);
        return true;
    }

    /// <summary>What the runner said it is; a runner that says it is leaving is marked so.</summary>
    public void Describe(TRunner runner, TrialRunner.Description description)
    {
        if (!_runners.TryGetValue(runner, out var e) || e.Leaving) return;
        if (description.Leaving)
        {
            MarkLeaving(runner);
            return;
        }
        e.Description = description;
        if (description.InFlightSince.Count < Slots(e)) e.Full = false;
    }

    /// <summary>It takes no new trials; those it runs finish there. False when it was leaving already or unknown.</summary>
    public bool MarkLeaving(TRunner runner)
    {
        if (!_runners.TryGetValue(runner, out var e) || e.Leaving) return false;
        e.Leaving = true;
        e.Description = null;
        e.Full = false;
        return true;
    }

    public bool Remove(TRunner runner)
    {
        if (!_runners.Remove(runner)) return false;
        _order.Remove(runner);
        return true;
    }

    /// <summary>Leaving with nothing of ours in flight: to be forgotten.</summary>
    public bool IsDrained(TRunner runner) => _runners.TryGetValue(runner, out var e) && e.Leaving && e.Busy == 0;

    public int BusyOf(TRunner runner) => _runners.TryGetValue(runner, out var e) ? e.Busy : 0;

    public void Occupy(TRunner runner)
    {
        if (_runners.TryGetValue(runner, out var e)) e.Busy++;
    }

    /// <summary>A slot freed: the runner answered a lease (or a lease of it went with its node).</summary>
    public void Release(TRunner runner, bool answered)
    {
        if (!_runners.TryGetValue(runner, out var e)) return;
        e.Busy = Math.Max(0, e.Busy - 1);
        if (answered) e.Full = false;
    }

    /// <summary>
    /// The runner refused a lease for want of a slot. Never re-marks a runner that is leaving or forgotten (the Java
    /// tree re-added a drained runner here).
    /// </summary>
    public void MarkFull(TRunner runner)
    {
        if (_runners.TryGetValue(runner, out var e) && !e.Leaving) e.Full = true;
    }

    public bool IsFull(TRunner runner) => _runners.TryGetValue(runner, out var e) && e.Full;

    public bool AnyFree() => _order.Any(r => Free(_runners[r]));

    /// <summary>The least busy free runner of <paramref name="nodeClass"/> (any class when null), or null.</summary>
    public TRunner? FreeRunner(string? nodeClass)
    {
        TRunner? best = default;
        bool found = false;
        int bestBusy = int.MaxValue;
        foreach (var r in _order)
        {
            var e = _runners[r];
            if (!Free(e) || (nodeClass != null && nodeClass != e.Description!.NodeClass)) continue;
            if (e.Busy < bestBusy)
            {
                best = r;
                bestBusy = e.Busy;
                found = true;
            }
        }
        return found ? best : default;
    }

    // A refused runner stays skipped even with none of our leases on it (it may run another dispatcher's trials,
    // from before a fail-over): the Java tree took it as free then, and the lease bounced until that trial ended.
    private bool Free(Entry e) => e.Description != null && !e.Leaving && !e.Full && e.Busy < Slots(e) + (e.Description?.Prefetch ?? 0);

    /// <summary>Whether the runner said it queues leases beyond its slots (then a lease may wait behind a running trial).</summary>
    public bool Prefetches(TRunner runner) => _runners.TryGetValue(runner, out var e) && e.Description is { Prefetch: > 0 };

    /// <summary>The slots the runner said it has; the configured number when its description names none.</summary>
    private int Slots(Entry e) => e.Description is { Slots: > 0 } d ? d.Slots : fallbackSlots;
}
