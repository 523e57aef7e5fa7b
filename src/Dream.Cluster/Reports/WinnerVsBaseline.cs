using Dream.Core.Domain;

namespace Dream.Cluster.Reports;

/// <summary>
/// The winner against the baseline, one row per regime and KPI: both means with their 95% intervals as a change
/// from the baseline's mean in percent, so that KPIs of different units share one axis. The forest plot of
/// <c>dream report --html</c> and the dashboard's table both show these rows.
/// </summary>
public static class WinnerVsBaseline
{
    /// <summary>
    /// <see cref="WinnerCi"/>: the interval of the winner's mean; <see cref="BaselineCi"/>: the one recorded when the
    /// baseline was measured (null when it recorded none); both in percent of <see cref="BaselineMean"/>.
    /// </summary>
    public sealed record Row(string Regime, string Kpi, string Unit, Better? Better, double Winner, double[]? WinnerCi,
        double Baseline, double[]? BaselineCi, double BaselineMean);

    /// <summary>The rows of the domain's winner; a KPI whose baseline mean is 0 or missing has no relative change and no row.</summary>
    public static IReadOnlyList<Row> Rows(RunHistory.Domain d, DomainSpec? spec)
    {
        var winner = d.Winner();
        var rows = new List<Row>();
        if (winner is null) return rows;
        foreach (var r in winner.Pack.Regimes)
        {
            if (r.Baseline is null) continue;
            d.Baselines.TryGetValue(r.Regime, out var record);
            foreach (var (kpi, values) in r.Kpis)
            {
                if (values.Count == 0 || !r.Baseline.Means.TryGetValue(kpi, out var bm) || bm == 0 || !double.IsFinite(bm)) continue;
                double Pct(double v) => 100 * (v / bm - 1);
                var ci = r.Ci95.TryGetValue(kpi, out var c) ? new[] { Pct(c[0]), Pct(c[1]) } : null;
                var bci = record is not null && record.Ci95.TryGetValue(kpi, out var b) && b.Count == 2 ? new[] { Pct(b[0]), Pct(b[1]) } : null;
                Kpi? k = null;
                spec?.Kpis.TryGetValue(kpi, out k);
                rows.Add(new Row(r.Regime, kpi, k?.Unit ?? "", k?.Better, Pct(values.Average()), ci, 0, bci, bm));
            }
        }
        return rows;
    }
}
