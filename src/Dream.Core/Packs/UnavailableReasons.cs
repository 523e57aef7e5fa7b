using Dream.Core.Scoring;

namespace Dream.Core.Packs;

/// <summary>
/// Why a pack's KPIs were not measured and which knobs were held at stock (<c>knob:&lt;name&gt;</c>), as the node
/// said: a pack names what is missing and the reason, never a stand-in value.
/// </summary>
internal static class UnavailableReasons
{
    public static IReadOnlyDictionary<string, string> Of(IReadOnlyList<RegimeEvidence> evidence, IReadOnlyList<string> kpisUnavailable)
    {
        var reasons = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var e in evidence)
            foreach (var (name, reason) in e.Unavailable)
                reasons.TryAdd(name, e.Regime + ": " + reason);
        foreach (var kpi in kpisUnavailable)
        {
            if (reasons.ContainsKey(kpi)) continue;
            var silent = evidence.Where(e => e.Trials > 0 && !e.Kpis.ContainsKey(kpi)).Select(e => e.Regime).ToList();
            reasons[kpi] = silent.Count == 0
                ? "no successful trial measured it"
                : "not reported by the workload or the probes of regime " + string.Join(", ", silent);
        }
        return ValueMap<string>.Of(reasons);
    }
}
