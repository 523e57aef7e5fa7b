using Dream.Core.Domain;

namespace Dream.Core.Scoring;

/// <summary>
/// The order in which KPIs appear in outputs: the domain file's order, then any KPI the evidence carries that the
/// domain does not declare, by name (held knobs, <c>knob:&lt;name&gt;</c>, are not KPIs). Output files are then
/// identical for identical inputs.
/// </summary>
internal static class KpiOrder
{
    public static IReadOnlyList<string> Of(DomainSpec domain, IReadOnlyList<RegimeEvidence> regimes)
    {
        var order = domain.Kpis.Keys.ToList();
        var extra = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var r in regimes)
        {
            extra.UnionWith(r.Kpis.Keys);
            extra.UnionWith(r.UnavailableKpis().Keys); // a held knob's note would otherwise pass for a KPI
        }
        extra.ExceptWith(order);
        order.AddRange(extra);
        return order;
    }
}
