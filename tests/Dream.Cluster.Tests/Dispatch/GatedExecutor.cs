using System.Collections.Concurrent;
using Dream.Trials;

namespace Dream.Cluster.Tests.Dispatch;

/// <summary>
/// An executor whose trials run until the test lets them finish, so that a test can see trials in flight without
/// timing anything. Records the thread each trial ran on.
/// </summary>
public sealed class GatedExecutor : ITrialExecutor
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<string>> _started = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _gates = new();

    private TaskCompletionSource<string> Started(string trialId) =>
        _started.GetOrAdd(trialId, _ => new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously));

    private TaskCompletionSource Gate(string trialId) =>
        _gates.GetOrAdd(trialId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    public void Release(string trialId) => Gate(trialId).TrySetResult();

    public void ReleaseAll()
    {
        foreach (var g in _gates.Values) g.TrySetResult();
    }

    /// <summary>The name of the thread a started trial runs on (waits for it to start).</summary>
    public string ThreadOf(string trialId) => Started(trialId).Task.WaitAsync(TimeSpan.FromSeconds(10)).GetAwaiter().GetResult();

    public TrialResult Run(TrialSpec spec)
    {
        Started(spec.TrialId).TrySetResult(Thread.CurrentThread.Name ?? "(unnamed)");
        try
        {
            Gate(spec.TrialId).Task.Wait(TimeSpan.FromSeconds(30));
        }
        catch (Exception e)
        {
            return new TrialResult(spec.TrialId, TrialOutcome.Failed, new Dictionary<string, double>(), new Dictionary<string, string>(), [],
                "gate: " + e.Message, 0, "stub");
        }
        return new TrialResult(spec.TrialId, TrialOutcome.Ok, new Dictionary<string, double> { ["perf"] = 100.0 + spec.Index },
            new Dictionary<string, string>(), [], null, 0, "stub");
    }
}
