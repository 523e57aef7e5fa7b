using Dream.Core.Domain;
using YamlDotNet.RepresentationModel;

namespace Dream.Core.Config;

/// <summary>
/// A domain file as far as it could be read. <c>Spec</c> holds only the knobs and KPIs that are valid, while
/// <c>DeclaredKnobs</c>/<c>DeclaredKpis</c> hold every name written (in file order), so that a reference to a
/// knob that is itself broken is not reported twice. <c>Spec</c> is null when the file could not be parsed at
/// all, and <c>KnobsReadable</c>/<c>KpisReadable</c> are false when that block could not be read: then
/// references into it are not checked (the cause is reported already).
/// </summary>
internal sealed record ParsedDomain(
    string Name,
    Source Source,
    DomainSpec? Spec,
    IReadOnlyList<string> DeclaredKnobs,
    IReadOnlyList<string> DeclaredKpis,
    IReadOnlyDictionary<string, YamlNode> KnobKeys,
    YamlNode? Anchor,
    bool KnobsReadable,
    bool KpisReadable)
{
    public static ParsedDomain Unreadable(string name, Source source) =>
        new(name, source, null, [], [], new Dictionary<string, YamlNode>(), null, false, false);

    public bool Readable => Spec is not null;

    /// <summary>A valid knob of the domain, or null.</summary>
    public Knob? Knob(string knobName) => Spec?.Knobs.FirstOrDefault(k => k.Name == knobName);
}
