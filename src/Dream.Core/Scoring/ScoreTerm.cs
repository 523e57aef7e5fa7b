using Dream.Core.Domain;

namespace Dream.Core.Scoring;

/// <summary>
/// One term of score_v2: sign·weight·(kpi/kpi_baseline − 1), sign +1 when higher is better, −1 when lower is
/// better, so that every term is positive when the candidate is better than the baseline.
/// </summary>
public sealed record ScoreTerm(string Kpi, double Weight, int Sign)
{
    /// <summary>The weights of DESIGN.md section 4 when a domain file declares none.</summary>
    public static readonly IReadOnlyDictionary<KpiRole, double> DefaultWeights = new Dictionary<KpiRole, double>
    {
        [KpiRole.Perf] = 1.0,
        [KpiRole.P95] = 0.2,
        [KpiRole.Watts] = 0.1,
    };

    public double Coefficient() => Sign * Weight;

    /// <summary>
    /// The terms of a domain, sorted by KPI name (so that the sum is computed in the same order whatever map the
    /// domain came in, and equal inputs give bit-identical scores): its declared weights, or the default weights
    /// on the KPIs that have the perf, p95 and watts roles. Zero weights give no term.
    /// </summary>
    public static IReadOnlyList<ScoreTerm> Of(DomainSpec domain)
    {
        var terms = new List<ScoreTerm>();
        foreach (var kpi in domain.Kpis.Values)
        {
            double? w = domain.Weights.Count == 0
                ? kpi.Role is { } role && DefaultWeights.TryGetValue(role, out var d) ? d : null
                : domain.Weights.TryGetValue(kpi.Name, out var declared) ? declared : null;
            if (w is { } weight && weight != 0)
                terms.Add(new ScoreTerm(kpi.Name, weight, kpi.Better == Better.Higher ? 1 : -1));
        }
        foreach (var named in domain.Weights.Keys)
            if (!domain.Kpis.ContainsKey(named))
                throw new ArgumentException($"domain {domain.Name} weights KPI {named} that it does not define");
        return terms.OrderBy(t => t.Kpi, StringComparer.Ordinal).ToList();
    }
}
