using System.Globalization;
using Dream.Core.Domain;

namespace Dream.Core.Scoring;

/// <summary>
/// The tolerances of caps.yaml that <c>improves_over_baseline</c> must respect (the original applied them per
/// regime but never actually ran them, defect 9):
/// <list type="bullet">
/// <item><c>latency_regression_pct</c>: in any regime, a P95-role KPI worse than its baseline mean by more than
/// this percentage is a break;</item>
/// <item><c>power_regression_pct</c>: likewise for a Watts-role KPI;</item>
/// <item><c>perf_improvement_pct</c>: the regime-weighted mean, over regimes, of each Perf-role KPI's improvement
/// percentage must be at least this.</item>
/// </list>
/// Percentages are in each KPI's better direction. Like the score, a tolerance is checked in the regimes that
/// measure its KPI; a regime whose workload does not produce it is left out, and that is noted. A role KPI that is
/// unavailable on the node, or measured without a positive baseline mean, cannot be checked: that is noted rather
/// than counted as a pass or a break.
/// </summary>
internal static class ToleranceCheck
{
    public sealed record Result(IReadOnlyList<string> Breaks, IReadOnlyList<string> Notes);

    /// <summary>Every regime must have a baseline.</summary>
    public static Result Check(DomainSpec domain, Tolerance tolerance, IReadOnlyList<RegimeEvidence> regimes,
        IReadOnlyCollection<string> unavailable)
    {
        var breaks = new List<string>();
        var notes = new List<string>();
        var anyPerf = false;
        foreach (var kpi in domain.Kpis.Values)
        {
            if (kpi.Role is not { } role) continue;
            var name = kpi.Name;
            var setting = Setting(role);
            if (role == KpiRole.Perf) anyPerf = true;
            var c = Checkable(name, regimes, unavailable);
            if (c.Why is not null)
            {
                notes.Add($"{setting} not checked for {name}: {c.Why}");
                continue;
            }
            if (c.LeftOut.Count > 0)
                notes.Add($"{setting} for {name} not checked in regime {string.Join(", ", c.LeftOut)}" +
                          ": neither the candidate nor the baseline has a value for it there");
            if (role == KpiRole.Perf)
            {
                var weighted = 0.0;
                var total = 0.0;
                foreach (var r in c.Regimes)
                {
                    weighted += r.Weight * ImprovementPct(kpi, r);
                    total += r.Weight;
                }
                var overall = total > 0 ? weighted / total : 0;
                if (overall < tolerance.PerfImprovementPct)
                    breaks.Add($"overall: {name} improved {Signed(overall)}%, less than the {Fixed(tolerance.PerfImprovementPct)}% required ({setting})");
            }
            else
            {
                var limit = role == KpiRole.P95 ? tolerance.LatencyRegressionPct : tolerance.PowerRegressionPct;
                foreach (var r in c.Regimes)
                {
                    var regression = -ImprovementPct(kpi, r);
                    if (regression > limit)
                        breaks.Add($"regime {r.Regime}: {name} regressed {Signed(regression)}%, more than the {Fixed(limit)}% allowed ({setting})");
                }
            }
        }
        if (!anyPerf) notes.Add($"perf_improvement_pct not checked: domain {domain.Name} has no KPI with the perf role");
        return new Result(breaks, notes);
    }

    public static double ImprovementPct(Kpi kpi, RegimeEvidence r)
    {
        var mean = r.Values(kpi.Name).Average();
        var b = r.Baseline!.Means[kpi.Name];
        var change = (mean - b) / b * 100;
        return kpi.Better == Better.Higher ? change : -change;
    }

    /// <summary>
    /// The regimes a tolerance of <paramref name="kpi"/> is checked in, the regimes left out because neither side
    /// measured it there, or why it cannot be checked at all.
    /// </summary>
    private sealed record CheckableRegimes(IReadOnlyList<RegimeEvidence> Regimes, IReadOnlyList<string> LeftOut, string? Why)
    {
        public static CheckableRegimes Not(string why) => new([], [], why);
    }

    private static CheckableRegimes Checkable(string kpi, IReadOnlyList<RegimeEvidence> regimes, IReadOnlyCollection<string> unavailable)
    {
        if (unavailable.Contains(kpi)) return CheckableRegimes.Not("unavailable on this node");
        var measured = new List<RegimeEvidence>();
        var leftOut = new List<string>();
        foreach (var r in regimes)
        {
            double? b = r.Baseline!.Means.TryGetValue(kpi, out var m) ? m : null;
            var has = r.Values(kpi).Count > 0;
            if (!has && b is null) leftOut.Add(r.Regime);
            else if (b is null || !(b > 0)) return CheckableRegimes.Not($"regime {r.Regime} has no positive baseline mean");
            else if (!has) return CheckableRegimes.Not($"regime {r.Regime} has no value");
            else measured.Add(r);
        }
        if (measured.Count == 0) return CheckableRegimes.Not("no regime has a value for it");
        return new CheckableRegimes(measured, leftOut, null);
    }

    private static string Setting(KpiRole role) => role switch
    {
        KpiRole.Perf => "perf_improvement_pct",
        KpiRole.P95 => "latency_regression_pct",
        KpiRole.Watts => "power_regression_pct",
        _ => throw new ArgumentOutOfRangeException(nameof(role)),
    };

    /// <summary>Java's <c>%+.2f</c>.</summary>
    private static string Signed(double v) => (double.IsNegative(v) ? "" : "+") + Fixed(v);

    private static string Fixed(double v) => v.ToString("F2", CultureInfo.InvariantCulture);
}
