using Dream.Core.Domain;

namespace Dream.Trials.CapWatch;

/// <summary>Compares KPI values with the domain's caps. A cap names a KPI exactly; both bounds are inclusive.</summary>
public static class CapCheck
{
    public static IReadOnlyList<CapBreach> Check(
        IReadOnlyDictionary<string, Cap> caps, IReadOnlyDictionary<string, double> values, string regime, int trial, double atS)
    {
        var breaches = new List<CapBreach>();
        foreach (var (kpi, cap) in caps)
        {
            if (!values.TryGetValue(kpi, out var v) || double.IsNaN(v)) continue;
            if (cap.Max is { } max && v > max) breaches.Add(new CapBreach(regime, trial, kpi, v, max, "max", atS));
            if (cap.Min is { } min && v < min) breaches.Add(new CapBreach(regime, trial, kpi, v, min, "min", atS));
        }
        return breaches;
    }
}
