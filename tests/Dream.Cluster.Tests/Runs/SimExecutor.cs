using Dream.Trials;
using Dream.Trials.Sim;

namespace Dream.Cluster.Tests.Runs;

/// <summary>
/// The sim workload's KPIs (the contract's formula, through <see cref="SimFunction"/>) without the wall-clock part: the
/// same trial always gives the same numbers. Optionally holds the n-th trial matching a predicate until the test
/// releases it, so that a test can act while that trial is in flight.
/// </summary>
public sealed class SimExecutor(Func<TrialSpec, bool>? holdWhich = null, int holdNth = 0) : ITrialExecutor
{
    private int _matching;
    private int _executed;
    public readonly TaskCompletionSource<string> Held = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public readonly TaskCompletionSource Release = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Executed => Volatile.Read(ref _executed);

    public TrialResult Run(TrialSpec spec)
    {
        Interlocked.Increment(ref _executed);
        if (holdWhich != null && holdWhich(spec) && Interlocked.Increment(ref _matching) == holdNth)
        {
            Held.TrySetResult(spec.TrialId);
            if (!Release.Task.Wait(TimeSpan.FromSeconds(60)))
                return new TrialResult(spec.TrialId, TrialOutcome.Failed, new Dictionary<string, double>(), new Dictionary<string, string>(),
                    [], "held: never released", 0, "stub");
        }
        var k = SimFunction.Kpis(SimParams.From(spec.RegimeSpec.Workload), spec.DomainSpec.Knobs, spec.Genome, spec.RunSeed,
            spec.Regime, spec.Index);
        return new TrialResult(spec.TrialId, TrialOutcome.Ok,
            new Dictionary<string, double> { [SimKpis.PerfName] = k.Perf, [SimKpis.P95Name] = k.P95Ms, [SimKpis.WattsName] = k.Watts },
            new Dictionary<string, string>(), [], null, 0, "stub");
    }
}
