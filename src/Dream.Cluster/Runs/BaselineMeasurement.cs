using Dream.Core.Domain;
using Dream.Core.Packs;
using Dream.Core.Scoring;
using Dream.Core.Statistics;
using Dream.Trials;

namespace Dream.Cluster.Runs;

/// <summary>A regime's baseline from the stock configuration's trials: means, intervals and the trial values.</summary>
public static class BaselineMeasurement
{
    /// <summary>Either a baseline and its baselines.v2 record, or why the regime has none.</summary>
    public sealed record Result(Baseline? Baseline, BaselineRecord? Record, string? Error);

    public static Result Of(RunSpec run, string domain, RegimeSpec regime, Genome stock,
        IReadOnlyDictionary<string, TrialResult> results, DateTimeOffset at)
    {
        var plan = run.Plan(domain);
        var ev = Evidence.Of(plan with { Regimes = [regime] }, results.Values, null)[0];
        if (ev.CapBreaches.Count > 0)
            return new Result(null, null, "the stock configuration broke a cap in regime " + regime.Name + ": "
                + string.Join(", ", ev.CapBreaches.Select(b => $"{b.Kpi} {b.Value} ({b.Bound} {b.Limit})")));
        if (ev.Trials < Math.Min(plan.Global.MinSuccessfulTrials, plan.Execution.Trials))
        {
            var errors = results.Values.Where(r => !r.IsOk() && TrialIds.RegimeOf(r.TrialId) == regime.Name)
                .Select(r => r.Error).Distinct().ToList();
            return new Result(null, null, "baseline of regime " + regime.Name + ": only " + ev.Trials + " of "
                + plan.Execution.Trials + " trials succeeded (min_successful_trials " + plan.Global.MinSuccessfulTrials + "): "
                + string.Join("; ", errors) + MissingToolHint(plan, regime, errors));
        }
        var record = BaselineRecord.Measured(domain, regime.Name, ev.Kpis, ev.Trials, stock, run.NodeClass, run.CodeHash, at,
            CiOptions.Default, run.Seed);
        return new Result(Baseline.OfTrials(record.BaselineId, ev.Kpis), record, null);
    }

    /// <summary>What to do when a regime's tool is missing: install it, or leave the regime out (naming the others).</summary>
    private static string MissingToolHint(RunSpec.DomainPlan plan, RegimeSpec regime, IReadOnlyList<string?> errors)
    {
        if (!errors.Any(e => e is not null && e.Contains("is not installed on this node", StringComparison.Ordinal))) return "";
        var others = plan.Regimes.Where(r => r.Name != regime.Name).Select(r => r.Name).ToList();
        return others.Count == 0 ? " (install it)"
            : " (install it, or leave the regime out: --regimes " + string.Join(",", others) + ")";
    }
}
