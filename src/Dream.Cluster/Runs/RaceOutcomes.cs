using Dream.Core.Domain;
using Dream.Core.Racing;
using Dream.Core.Scoring;
using Dream.Trials;

namespace Dream.Cluster.Runs;

/// <summary>
/// What a recorded trial counts for in a race of one domain plan: a cap breach or a failure eliminates, an ok trial
/// earns its block score. Shared by the race of a run (<see cref="RaceActor"/>) and <c>dream bench racing</c>, so the
/// bench races exactly as a run does.
/// </summary>
public sealed class RaceOutcomes
{
    private readonly RunSpec.DomainPlan _plan;
    private readonly IReadOnlyDictionary<string, Baseline> _baselines;
    private readonly Dictionary<string, double> _share = new();

    public IReadOnlyList<Block> Blocks { get; }

    public RaceOutcomes(RunSpec.DomainPlan plan, IReadOnlyDictionary<string, Baseline> baselines)
    {
        _plan = plan;
        _baselines = baselines;
        Blocks = Block.Order(plan.Regimes.Select(r => r.Name).ToList(), plan.Execution.Trials);
        var totalWeight = plan.Regimes.Sum(r => r.Weight);
        foreach (var r in plan.Regimes) _share[r.Name] = totalWeight > 0 ? r.Weight / totalWeight : 0;
    }

    public BlockOutcome Of(TrialResult r, string regime)
    {
        if (r.IsBreach()) return new BlockOutcome.Failed(Race.CapBreach);
        if (!r.IsOk()) return new BlockOutcome.Failed(Race.Failed);
        return new BlockOutcome.Scored(Score(r.Kpis, regime));
    }

    /// <summary>The block score of a trial's KPIs in a regime (<see cref="BlockScore"/>).</summary>
    public double Score(IReadOnlyDictionary<string, double> kpis, string regime) =>
        BlockScore.Of(_plan.Domain, kpis, _baselines[regime], _share[regime], _plan.Regimes.Count);
}
