using Dream.Core.Domain;
using YamlDotNet.RepresentationModel;

namespace Dream.Core.Config;

/// <summary>
/// The domains defined in config/domains, looked up by regimes.yaml and caps.yaml. Each lookup reports a name
/// that no domain file defines at the place that names it, with the closest real name.
/// </summary>
internal sealed class Catalog
{
    private readonly SortedDictionary<string, ParsedDomain> _domains = new(StringComparer.Ordinal);

    public void Add(ParsedDomain domain) => _domains[domain.Name] = domain;

    public IEnumerable<ParsedDomain> All => _domains.Values;

    /// <summary>Valid domain specs by name, sorted by name.</summary>
    public IReadOnlyDictionary<string, DomainSpec> Specs()
    {
        var result = new Dictionary<string, DomainSpec>();
        foreach (var (name, d) in _domains)
        {
            if (d.Spec is not null) result[name] = d.Spec;
        }
        return result;
    }

    /// <summary>The domain called <paramref name="name"/>, or null after reporting that no domain file defines it.</summary>
    public ParsedDomain? Domain(Source src, YamlNode? at, string name, string what)
    {
        if (_domains.TryGetValue(name, out var d)) return d;
        src.Problem(at, what + " for unknown domain '" + name + "': there is no domains/" + name + ".yaml",
            DidYouMean.Fix(name, _domains.Keys, "domains") + "; or add domains/" + name + ".yaml");
        return null;
    }

    /// <summary>Whether <paramref name="kpi"/> is a KPI of the domain; reports it when not.</summary>
    public bool Kpi(Source src, ParsedDomain d, YamlNode? at, string kpi, string what)
    {
        if (!d.Readable || !d.KpisReadable || d.DeclaredKpis.Contains(kpi)) return true;
        src.Problem(at, what + " names '" + kpi + "', which is not a KPI of domain '" + d.Name + "'",
            DidYouMean.Fix(kpi, d.Spec!.Kpis.Keys, "KPIs of " + d.Name));
        return false;
    }

    /// <summary>
    /// The valid knob called <paramref name="name"/>; null when it is not declared (reported here) or declared but
    /// itself broken (already reported in the domain file).
    /// </summary>
    public Knob? Knob(Source src, ParsedDomain d, YamlNode? at, string name, string what)
    {
        if (!d.Readable || !d.KnobsReadable) return null;
        if (!d.DeclaredKnobs.Contains(name))
        {
            src.Problem(at, what + " names '" + name + "', which is not a knob of domain '" + d.Name + "'",
                DidYouMean.Fix(name, d.DeclaredKnobs, "knobs of " + d.Name));
            return null;
        }
        return d.Knob(name);
    }
}
