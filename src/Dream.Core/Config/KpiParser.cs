using Dream.Core.Domain;
using YamlDotNet.RepresentationModel;

namespace Dream.Core.Config;

/// <summary>One entry of <c>kpis:</c>: unit, which direction is better, and its score role (perf, p95, watts).</summary>
internal static class KpiParser
{
    public static readonly IReadOnlyList<string> Keys = ["unit", "better", "role"];
    public static readonly IReadOnlyList<string> BetterValues = ["higher", "lower"];
    public static readonly IReadOnlyList<string> Roles = ["perf", "p95", "watts"];

    public static Kpi? Parse(Source src, YamlNode keyNode, string name, YamlNode value)
    {
        var m = YamlMap.Of(src, value, keyNode, "KPI '" + name + "'");
        if (m is null) return null;
        m.OnlyKeys(Keys);
        var unit = m.String("unit", true, "unit: ms");
        var better = m.String("better", true, "better: higher (or lower)");
        var role = m.String("role", false, "role: perf (or p95, watts)");
        var ok = unit is not null && better is not null;
        if (better is not null && !BetterValues.Contains(better))
        {
            src.Problem(m.Value("better"), "better: '" + better + "' of KPI '" + name + "' is neither higher nor lower",
                DidYouMean.Fix(better, BetterValues, "values"));
            ok = false;
        }
        if (role is not null && !Roles.Contains(role))
        {
            src.Problem(m.Value("role"), "unknown role '" + role + "' for KPI '" + name + "'",
                DidYouMean.Fix(role, Roles, "roles") + " (or leave role out: the KPI is then measured, capped and reported but not scored)");
            ok = false;
        }
        if (!ok) return null;
        return new Kpi(name, unit!, better == "higher" ? Better.Higher : Better.Lower, role switch
        {
            null => null,
            "perf" => KpiRole.Perf,
            "p95" => KpiRole.P95,
            _ => KpiRole.Watts,
        });
    }
}
