using Dream.Core.Domain;
using YamlDotNet.RepresentationModel;

namespace Dream.Core.Config;

/// <summary>
/// caps.yaml: per-domain limits on KPIs (<c>kpi: {max: X}</c>, <c>{min: X}</c>, both, or a bare number
/// meaning max), the global trial rules and the tolerances.
/// </summary>
internal static class CapsParser
{
    public static readonly IReadOnlyList<string> Keys = ["version", "domains", "global", "tolerance"];
    public static readonly IReadOnlyList<string> CapKeys = ["min", "max"];
    public static readonly IReadOnlyList<string> GlobalKeys = ["max_trial_failures", "max_trial_duration_s", "min_successful_trials"];
    public static readonly IReadOnlyList<string> ToleranceKeys = ["perf_improvement_pct", "latency_regression_pct", "power_regression_pct"];

    /// <summary><c>MinSuccessfulAt</c> is where global.min_successful_trials is written (null if defaulted).</summary>
    internal sealed record Parsed(bool Readable, Caps Caps, YamlNode? MinSuccessfulAt);

    public static Parsed Unreadable() => new(false, Caps.Default, null);

    public static Parsed Parse(Source src, YamlNode root, Catalog catalog)
    {
        var doc = YamlMap.Of(src, root, root, "caps.yaml");
        if (doc is null) return Unreadable();
        doc.OnlyKeys(Keys);
        Version.Check(doc);
        var domains = new Dictionary<string, IReadOnlyDictionary<string, Cap>>();
        var domainsMap = doc.Map("domains", false, "domains: {cpu: {cpu_temp_c: {max: 90}}}");
        if (domainsMap is not null)
        {
            foreach (var t in domainsMap.Entries)
            {
                var name = Scalars.Text(t.Key)!;
                var domain = catalog.Domain(src, t.Key, name, "caps");
                var caps = YamlMap.Of(src, t.Value, t.Key, "the caps of '" + name + "'");
                if (caps is null) continue;
                var byKpi = new Dictionary<string, Cap>();
                foreach (var c in caps.Entries)
                {
                    var kpi = Scalars.Text(c.Key)!;
                    var known = domain is null || catalog.Kpi(src, domain, c.Key, kpi, "a cap");
                    var cap = Cap(src, kpi, c.Key, c.Value);
                    if (known && cap is not null) byKpi[kpi] = cap;
                }
                if (domain is not null) domains[name] = byKpi;
            }
        }
        var global = doc.Map("global", false, "global: {max_trial_failures: 3}");
        var tolerance = doc.Map("tolerance", false, "tolerance: {perf_improvement_pct: 0.5}");
        var result = new Caps(domains, global is null ? GlobalCaps.Default : Global(global), tolerance is null ? Tolerance.Default : Tolerances(tolerance));
        return new Parsed(true, result, global?.Value("min_successful_trials"));
    }

    private static Cap? Cap(Source src, string kpi, YamlNode keyNode, YamlNode value)
    {
        if (value is not YamlMappingNode)
        {
            var bare = Scalars.Number(value);
            if (bare is null)
            {
                src.Problem(value, "the cap on '" + kpi + "' must be a number (its max) or {max: X} / {min: X}, found " + Scalars.Describe(value),
                    "write e.g. " + kpi + ": {max: 90}");
                return null;
            }
            return new Cap(kpi, null, bare);
        }
        var m = YamlMap.Of(src, value, keyNode, "the cap on '" + kpi + "'")!;
        var unknown = false;
        foreach (var k in m.Keys)
        {
            if (CapKeys.Contains(k)) continue;
            unknown = true;
            // The original's caps used eq; Dream writes an exact limit as min and max.
            var fix = k == "eq" ? "write {min: X, max: X} for an exact value (e.g. {max: 0} for a counter)" : DidYouMean.Fix(k, CapKeys, "keys of a cap");
            src.Problem(m.Key(k), "unknown key '" + k + "' in " + m.What, fix);
        }
        var min = m.Number("min", false, "min: 10");
        var max = m.Number("max", false, "max: 90");
        if (unknown) return null;
        if (!m.Has("min") && !m.Has("max"))
        {
            src.Problem(keyNode, "the cap on '" + kpi + "' sets neither min nor max", "write e.g. " + kpi + ": {max: 90}");
            return null;
        }
        if (min is not null && max is not null && min > max)
        {
            src.Problem(m.Value("min"), "the cap on '" + kpi + "' has min " + Scalars.Format(min.Value) + " above max " + Scalars.Format(max.Value),
                "no value could pass it: swap them or correct one");
            return null;
        }
        if ((m.Has("min") && min is null) || (m.Has("max") && max is null)) return null;
        return new Cap(kpi, min, max);
    }

    private static GlobalCaps Global(YamlMap m)
    {
        m.OnlyKeys(GlobalKeys);
        var d = GlobalCaps.Default;
        var failures = Bounds.AtLeast(m, "max_trial_failures", 0L, d.MaxTrialFailures, "max_trial_failures: 3",
            "0 means one failed trial makes a candidate unsafe");
        var duration = Bounds.Above(m, "max_trial_duration_s", 0, d.MaxTrialDurationS, "max_trial_duration_s: 300");
        var successes = Bounds.AtLeast(m, "min_successful_trials", 1L, d.MinSuccessfulTrials, "min_successful_trials: 2",
            "a candidate needs at least one measured trial to be judged");
        return new GlobalCaps(
            failures is null ? d.MaxTrialFailures : RegimesParser.ToInt(failures.Value),
            duration ?? d.MaxTrialDurationS,
            successes is null ? d.MinSuccessfulTrials : RegimesParser.ToInt(successes.Value));
    }

    private static Tolerance Tolerances(YamlMap m)
    {
        m.OnlyKeys(ToleranceKeys);
        var d = Tolerance.Default;
        var perf = Bounds.AtLeast(m, "perf_improvement_pct", 0.0, d.PerfImprovementPct, "perf_improvement_pct: 0.5");
        var latency = Bounds.AtLeast(m, "latency_regression_pct", 0.0, d.LatencyRegressionPct, "latency_regression_pct: 5.0");
        var power = Bounds.AtLeast(m, "power_regression_pct", 0.0, d.PowerRegressionPct, "power_regression_pct: 3.0");
        return new Tolerance(perf ?? d.PerfImprovementPct, latency ?? d.LatencyRegressionPct, power ?? d.PowerRegressionPct);
    }
}
