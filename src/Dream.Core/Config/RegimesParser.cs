using Dream.Core.Domain;
using YamlDotNet.RepresentationModel;

namespace Dream.Core.Config;

/// <summary>regimes.yaml: for each domain its regimes (in file order), and the <c>execution</c> settings.</summary>
internal static class RegimesParser
{
    public static readonly IReadOnlyList<string> Keys = ["version", "domains", "execution"];
    public static readonly IReadOnlyList<string> RegimeKeys = ["workload", "duration_s", "weight"];
    public static readonly IReadOnlyList<string> ExecutionKeys = ["trials", "warmup_s", "trial_delay_s", "retries", "timeout_multiplier"];

    /// <summary>
    /// What was read. <c>SimKinds</c> holds, per domain measured with the sim workload, where its first sim
    /// workload's kind is written.
    /// </summary>
    internal sealed record Parsed(
        bool Readable,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, RegimeSpec>> Regimes,
        ExecutionSpec Execution,
        IReadOnlyDictionary<string, YamlNode> SimKinds);

    public static Parsed Unreadable() =>
        new(false, new Dictionary<string, IReadOnlyDictionary<string, RegimeSpec>>(), ExecutionSpec.Default, new Dictionary<string, YamlNode>());

    public static Parsed Parse(Source src, YamlNode root, Catalog catalog)
    {
        var doc = YamlMap.Of(src, root, root, "regimes.yaml");
        if (doc is null) return Unreadable();
        doc.OnlyKeys(Keys);
        Version.Check(doc);
        var regimes = new Dictionary<string, IReadOnlyDictionary<string, RegimeSpec>>();
        var simKinds = new Dictionary<string, YamlNode>();
        var domains = doc.Map("domains", true, "domains: {cpu: {normal: {workload: {kind: builtin-cpu}, duration_s: 15}}}");
        if (domains is not null)
        {
            foreach (var t in domains.Entries)
            {
                var name = Scalars.Text(t.Key)!;
                var domain = catalog.Domain(src, t.Key, name, "regimes");
                var byName = DomainRegimes(src, t, domain, catalog, simKinds);
                if (domain is not null) regimes[name] = byName;
            }
        }
        var execution = doc.Map("execution", false, "execution: {trials: 3, warmup_s: 2}");
        var exec = execution is null ? ExecutionSpec.Default : Execution(execution);
        return new Parsed(true, regimes, exec, simKinds);
    }

    private static IReadOnlyDictionary<string, RegimeSpec> DomainRegimes(
        Source src, KeyValuePair<YamlNode, YamlNode> entry, ParsedDomain? domain, Catalog catalog, Dictionary<string, YamlNode> simKinds)
    {
        var domainName = Scalars.Text(entry.Key)!;
        var regimes = YamlMap.Of(src, entry.Value, entry.Key, "the regimes of '" + domainName + "'");
        var result = new Dictionary<string, RegimeSpec>();
        if (regimes is null) return result;
        if (regimes.Count == 0)
        {
            src.Problem(entry.Key, "domain '" + domainName + "' has no regimes",
                "add at least one, e.g. normal: {workload: {kind: builtin-cpu, load: 0.5}, duration_s: 15}");
        }
        foreach (var t in regimes.Entries)
        {
            var name = Scalars.Text(t.Key)!;
            if (!DomainParser.Name().IsMatch(name))
            {
                src.Problem(t.Key, "'" + name + "' is not a valid regime name", "use letters, digits and '_', starting with a letter or '_'");
                continue;
            }
            var regime = Regime(src, t, name, domainName, domain, catalog);
            if (regime is null) continue;
            result[name] = regime;
            if (regime.Workload.Kind == "sim")
            {
                // A workload brought in by a merge key is not under the regime's own node: then point at the regime.
                simKinds.TryAdd(domainName, YamlMap.Peek(YamlMap.Peek(t.Value, "workload"), "kind") ?? t.Key);
            }
        }
        return result;
    }

    private static RegimeSpec? Regime(Source src, KeyValuePair<YamlNode, YamlNode> entry, string name, string domainName, ParsedDomain? domain, Catalog catalog)
    {
        var m = YamlMap.Of(src, entry.Value, entry.Key, "regime '" + domainName + "." + name + "'");
        if (m is null) return null;
        m.OnlyKeys(RegimeKeys);
        var before = src.Problems.Size;
        var w = m.Map("workload", true, "workload: {kind: builtin-cpu, load: 0.5}");
        var workload = w is null ? null : WorkloadParser.Parse(w, domain, catalog);
        var duration = m.Number("duration_s", true, "duration_s: 15");
        if (duration is < 0)
        {
            src.Problem(m.Value("duration_s"), "duration_s " + Scalars.Format(duration.Value) + " of " + m.What + " is negative",
                "use the seconds each trial measures, 0 or more (0 only makes sense for the sim workload)");
        }
        var weight = m.Has("weight") ? m.Number("weight", false, "weight: 1.0") : 1.0;
        if (weight is <= 0)
        {
            src.Problem(m.Value("weight"), "weight " + Scalars.Format(weight.Value) + " of " + m.What + " must be above 0",
                "use a positive weight (1.0 is the default); to leave a regime out, remove it or use --regimes");
        }
        if (src.Problems.Size > before || workload is null || duration is null || weight is null) return null;
        return new RegimeSpec(name, workload, duration.Value, weight.Value);
    }

    private static ExecutionSpec Execution(YamlMap m)
    {
        m.OnlyKeys(ExecutionKeys);
        var d = ExecutionSpec.Default;
        var trials = Bounds.AtLeast(m, "trials", 1L, d.Trials, "trials: 3",
            "each candidate needs at least one trial per regime (3 or more give a confidence interval)");
        var warmup = Bounds.AtLeast(m, "warmup_s", 0.0, d.WarmupS, "warmup_s: 2");
        var delay = Bounds.AtLeast(m, "trial_delay_s", 0.0, d.TrialDelayS, "trial_delay_s: 2");
        var retries = Bounds.AtLeast(m, "retries", 0L, d.Retries, "retries: 1", "0 means a failed trial is not retried");
        var multiplier = Bounds.AtLeast(m, "timeout_multiplier", 1.0, d.TimeoutMultiplier, "timeout_multiplier: 1.5",
            "a trial's deadline is its expected time times this, so below 1 every trial would time out");
        return new ExecutionSpec(
            trials is null ? d.Trials : ToInt(trials.Value),
            warmup ?? d.WarmupS,
            delay ?? d.TrialDelayS,
            retries is null ? d.Retries : ToInt(retries.Value),
            multiplier ?? d.TimeoutMultiplier);
    }

    internal static int ToInt(long v) => (int)Math.Min(v, int.MaxValue);
}
