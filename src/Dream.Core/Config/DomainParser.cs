using System.Text.RegularExpressions;
using Dream.Core.Domain;
using YamlDotNet.RepresentationModel;

namespace Dream.Core.Config;

/// <summary>A domain file, <c>config/domains/&lt;domain&gt;.yaml</c>: name, description, knobs, KPIs and score weights.</summary>
internal static partial class DomainParser
{
    public static readonly IReadOnlyList<string> Keys = ["domain", "description", "knobs", "kpis", "weights"];

    /// <summary>Names end up in JSON keys, file names and command-line lists, so they stay plain identifiers.</summary>
    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*\z")]
    public static partial Regex Name();

    /// <summary>Weights used when a domain declares none: DESIGN.md section 4's score_v2.</summary>
    public static readonly IReadOnlyDictionary<KpiRole, double> DefaultWeights =
        new Dictionary<KpiRole, double> { [KpiRole.Perf] = 1.0, [KpiRole.P95] = 0.2, [KpiRole.Watts] = 0.1 };

    public static ParsedDomain Parse(Source src, string stem, YamlNode root)
    {
        var doc = YamlMap.Of(src, root, root, "the domain file");
        if (doc is null) return ParsedDomain.Unreadable(stem, src);
        doc.OnlyKeys(Keys);
        var name = doc.String("domain", true, "domain: " + stem);
        if (name is not null && name != stem)
        {
            src.Problem(doc.Value("domain"), "domain '" + name + "' does not match its file name '" + stem + ".yaml'",
                "write domain: " + stem + ", or rename the file to " + name + ".yaml");
        }
        var description = doc.Has("description") ? doc.String("description", false, "description: what it tunes") : "";
        var declaredKnobs = new List<string>();
        var knobKeys = new Dictionary<string, YamlNode>();
        var knobs = Knobs(doc, declaredKnobs, knobKeys);
        var declaredKpis = new List<string>();
        var kpis = Kpis(doc, declaredKpis);
        var weights = Weights(doc, kpis, declaredKpis);
        var spec = new DomainSpec(stem, description ?? "", knobs.AsReadOnly(), kpis, weights);
        return new ParsedDomain(stem, src, spec, declaredKnobs.AsReadOnly(), declaredKpis.AsReadOnly(), knobKeys,
            doc.Has("domain") ? doc.Value("domain") : root,
            doc.Value("knobs") is YamlMappingNode, doc.Value("kpis") is YamlMappingNode);
    }

    private static List<Knob> Knobs(YamlMap doc, List<string> declared, Dictionary<string, YamlNode> keys)
    {
        var knobs = doc.Map("knobs", true, "knobs: {threads: {type: int, min: 1, max: 64, ...}}");
        var result = new List<Knob>();
        if (knobs is null) return result;
        if (knobs.Count == 0) doc.Source.Problem(doc.Value("knobs"), "the domain has no knobs", "declare at least one knob to tune");
        foreach (var t in knobs.Entries)
        {
            var name = Scalars.Text(t.Key)!;
            if (!declared.Contains(name)) declared.Add(name);
            keys[name] = t.Key;
            if (!ValidName(doc.Source, t.Key, name, "knob")) continue;
            if (KnobParser.Parse(doc.Source, t.Key, name, t.Value) is { } k) result.Add(k);
        }
        return result;
    }

    private static Dictionary<string, Kpi> Kpis(YamlMap doc, List<string> declared)
    {
        var kpis = doc.Map("kpis", true, "kpis: {throughput_ops: {unit: ops/s, better: higher, role: perf}}");
        var result = new Dictionary<string, Kpi>();
        if (kpis is null) return result;
        if (kpis.Count == 0) doc.Source.Problem(doc.Value("kpis"), "the domain has no KPIs", "declare what a trial measures");
        var roleTakenBy = new Dictionary<KpiRole, string>();
        foreach (var t in kpis.Entries)
        {
            var name = Scalars.Text(t.Key)!;
            if (!declared.Contains(name)) declared.Add(name);
            if (!ValidName(doc.Source, t.Key, name, "KPI")) continue;
            var kpi = KpiParser.Parse(doc.Source, t.Key, name, t.Value);
            if (kpi is null) continue;
            if (kpi.Role is { } role && roleTakenBy.TryGetValue(role, out var holder))
            {
                // score_v2 has one term per role; two KPIs in one role would make the term ambiguous.
                doc.Source.Problem(YamlMap.Peek(t.Value, "role"), "role " + role.ToString().ToLowerInvariant() + " is already taken by KPI '" + holder + "'",
                    "give each role to one KPI only; use weights: to score more");
                continue;
            }
            if (kpi.Role is { } r) roleTakenBy[r] = name;
            result[name] = kpi;
        }
        return result;
    }

    private static Dictionary<string, double> Weights(YamlMap doc, Dictionary<string, Kpi> kpis, List<string> declaredKpis)
    {
        var result = new Dictionary<string, double>();
        if (!doc.Has("weights"))
        {
            foreach (var k in kpis.Values)
            {
                if (k.Role is { } role) result[k.Name] = DefaultWeights[role];
            }
            return result;
        }
        var weights = doc.Map("weights", false, "weights: {throughput_ops: 1.0, p95_latency_ms: 0.2}");
        if (weights is null) return result;
        foreach (var t in weights.Entries)
        {
            var kpi = Scalars.Text(t.Key)!;
            if (!declaredKpis.Contains(kpi))
            {
                doc.Source.Problem(t.Key, "weight for '" + kpi + "', which is not a KPI of this domain", DidYouMean.Fix(kpi, declaredKpis, "KPIs"));
                continue;
            }
            var w = Scalars.Number(t.Value);
            if (w is null or < 0)
            {
                doc.Source.Problem(t.Value, "weight of '" + kpi + "' must be a number >= 0, found " + Scalars.Describe(t.Value),
                    "write its magnitude, e.g. " + kpi + ": 0.2 (the sign comes from the KPI's better:)");
                continue;
            }
            result[kpi] = w.Value;
        }
        // Checked only when every weight was readable, so that one mistake is not reported twice.
        if (weights.Count == result.Count && !result.Values.Any(w => w > 0))
        {
            doc.Source.Problem(doc.Value("weights"), "no weight is above 0, so every candidate would score 0",
                "give at least one KPI a positive weight, or remove weights: to use perf 1.0, p95 0.2, watts 0.1");
        }
        return result;
    }

    private static bool ValidName(Source src, YamlNode at, string? name, string what)
    {
        if (name is not null && Name().IsMatch(name)) return true;
        src.Problem(at, "'" + name + "' is not a valid " + what + " name", "use letters, digits and '_', starting with a letter or '_'");
        return false;
    }
}
