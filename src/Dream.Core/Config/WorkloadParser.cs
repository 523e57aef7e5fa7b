using System.Text.RegularExpressions;
using Dream.Core.Domain;
using YamlDotNet.RepresentationModel;
using static Dream.Core.Config.WorkloadKinds;

namespace Dream.Core.Config;

/// <summary>
/// The <c>workload</c> of a regime: its kind and that kind's own keys, in canonical types (long, double,
/// string, bool, a list of strings, and for <c>optimum</c> a map of knob to value). A value written as
/// "{knob}" is kept as that text: the runner puts the candidate's value there.
/// </summary>
internal static partial class WorkloadParser
{
    /// <summary>"{name}" in an argument; other braces (JSON, code) are left alone.</summary>
    [GeneratedRegex(@"\{([A-Za-z_][A-Za-z0-9_]*)\}")]
    public static partial Regex Placeholder();

    [GeneratedRegex(@"^\{([A-Za-z_][A-Za-z0-9_]*)\}\z")]
    private static partial Regex WholePlaceholder();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Blanks();

    [GeneratedRegex(@"^[A-Za-z0-9_./=+-]+\z")]
    private static partial Regex PlainWord();

    [GeneratedRegex(@"^--?[A-Za-z0-9_.=-]+\z")]
    private static partial Regex Option();

    /// <summary>Parses <paramref name="w"/>; <paramref name="domain"/> is null when the regime's domain is unknown (knob references unchecked).</summary>
    public static WorkloadSpec? Parse(YamlMap w, ParsedDomain? domain, Catalog catalog)
    {
        var src = w.Source;
        var kind = w.String("kind", true, "kind: builtin-cpu (or " + string.Join(", ", WorkloadSpec.Kinds) + ")");
        if (kind is null) return null;
        var parameters = For(kind);
        if (parameters is null)
        {
            src.Problem(w.Value("kind"), "unknown workload kind '" + kind + "'", DidYouMean.Fix(kind, WorkloadSpec.Kinds, "kinds"));
            return null;
        }
        var keys = new List<string> { "kind" };
        keys.AddRange(parameters.Select(p => p.Key));
        foreach (var k in w.Keys)
        {
            if (!keys.Contains(k)) src.Problem(w.Key(k), "unknown key '" + k + "' for a " + kind + " workload", DidYouMean.Fix(k, keys, "keys of " + kind));
        }
        var before = src.Problems.Size;
        var values = new List<KeyValuePair<string, object>>();
        foreach (var p in parameters)
        {
            var v = p.Required ? w.Required(p.Key, Example(p)) : w.Value(p.Key);
            if (v is null) continue;
            if (new ParamReader(w, p, domain, catalog).Read(v) is { } value) values.Add(new(p.Key, value));
        }
        if (src.Problems.Size > before) return null;
        return new WorkloadSpec(kind, values);
    }

    private static string Example(Param p) => p.Type switch
    {
        WorkloadKinds.Type.Args => p.Key == "argv"
            ? "argv: [./bench, --threads, \"{threads}\"] (the program, then its arguments)"
            : p.Key + ": [\"--cpu\", \"0\"] (a list of arguments)",
        WorkloadKinds.Type.Optimum => "optimum: {threads: 12, util: 0.75}",
        WorkloadKinds.Type.Word => p.Key + ": " + p.Words[0],
        _ => p.Key + ": 1",
    };

    /// <summary>Reads one key of a workload against its <see cref="Param"/>.</summary>
    private sealed record ParamReader(YamlMap W, Param P, ParsedDomain? Domain, Catalog Catalog)
    {
        private Source Src => W.Source;

        public object? Read(YamlNode v) => P.Type switch
        {
            WorkloadKinds.Type.Fraction => NumberOrKnob(v, false),
            WorkloadKinds.Type.Count => NumberOrKnob(v, true),
            WorkloadKinds.Type.Word => Word(v),
            WorkloadKinds.Type.Bool => W.Bool(P.Key, false, P.Key + ": true"),
            WorkloadKinds.Type.Args => Args(v),
            WorkloadKinds.Type.Positive => Bounded(v, false),
            WorkloadKinds.Type.NonNegative => Bounded(v, true),
            _ => Optimum(v),
        };

        private object? NumberOrKnob(YamlNode v, bool count)
        {
            var expected = count ? "a whole number >= 1" : "a number in (0, 1]";
            var text = Scalars.Text(v);
            var m = text is null ? null : WholePlaceholder().Match(text);
            if (m is { Success: true } && !Scalars.IsInteger(v) && Scalars.Number(v) is null)
            {
                KnobFits(v, m.Groups[1].Value, count, expected);
                return text;
            }
            double? d = count ? (Scalars.IsInteger(v) ? Scalars.Integer(v) : null) : Scalars.Number(v);
            var ok = d is { } x && (count ? x >= 1 : x > 0 && x <= 1);
            if (!ok || (count && Scalars.Integer(v) is null))
            {
                Src.Problem(v, "'" + P.Key + "' of " + W.What + " must be " + expected + " or \"{knob}\", found " + Scalars.Describe(v),
                    v is YamlMappingNode
                        ? "quote it: " + P.Key + ": \"{name}\" (unquoted braces make a YAML mapping)"
                        : "write e.g. " + P.Key + ": " + (count ? "4" : "0.5") + ", or " + P.Key + ": \"{name}\" to take a knob's value");
                return null;
            }
            return count ? (object)Scalars.Integer(v)!.Value : d!.Value;
        }

        /// <summary>A "{knob}" value must name a knob whose whole range is acceptable here.</summary>
        private void KnobFits(YamlNode at, string knobName, bool count, string expected)
        {
            if (Domain is null) return;
            var k = Catalog.Knob(Src, Domain, at, knobName, "'" + P.Key + "' of " + W.What);
            if (k is null) return;
            var fits = count
                ? k is IntKnob { Min: >= 1 }
                : k is IntKnob i && i.Min > 0 && i.Max <= 1 || k is FloatKnob f && f.Min > 0 && f.Max <= 1;
            if (!fits)
            {
                Src.Problem(at, "'" + P.Key + "' takes knob '" + knobName + "', but " + P.Key + " must be " + expected + " and the knob is " + Describe(k),
                    count ? "use an int knob with min >= 1" : "use a numeric knob whose range lies within (0, 1]");
            }
        }

        private string? Word(YamlNode v)
        {
            var s = Scalars.Text(v);
            if (s is not null && P.Words.Contains(s)) return s;
            Src.Problem(v, s is null
                    ? "'" + P.Key + "' of " + W.What + " must be one of " + string.Join(", ", P.Words) + ", found " + Scalars.Describe(v)
                    : "unknown " + P.Key + " '" + s + "' in " + W.What,
                s is null ? "write " + P.Key + ": " + P.Words[0] : DidYouMean.Fix(s, P.Words, P.Key + "s"));
            return null;
        }

        private IReadOnlyList<string>? Args(YamlNode v)
        {
            if (v is YamlScalarNode && Scalars.Text(v) is { } line)
            {
                Src.Problem(v, P.Key + " of " + W.What + " must be a list; Dream never runs a shell", "split it into words: " + P.Key + ": " + AsList(line));
                return null;
            }
            var items = W.List(P.Key, true, P.Key + ": [\"--cpu\", \"0\"]");
            if (items is null) return null;
            if (items.Count == 0)
            {
                Src.Problem(v, P.Key + " of " + W.What + " is empty", "list the program and its arguments");
                return null;
            }
            var result = new List<string>();
            foreach (var item in items)
            {
                var s = item is YamlScalarNode ? Scalars.Text(item) : null;
                if (s is null)
                {
                    Src.Problem(item, "an argument in " + P.Key + " must be a word, found " + Scalars.Describe(item),
                        "write each argument as text; quote it if it contains ': ' or starts with '{'");
                    continue;
                }
                if (Domain is not null)
                {
                    foreach (Match m in Placeholder().Matches(s))
                    {
                        Catalog.Knob(Src, Domain, item, m.Groups[1].Value, "'{" + m.Groups[1].Value + "}' in " + P.Key);
                    }
                }
                result.Add(s);
            }
            return result.AsReadOnly();
        }

        private double? Bounded(YamlNode v, bool zeroAllowed)
        {
            var d = Scalars.Number(v);
            if (d is null || (zeroAllowed ? d < 0 : d <= 0))
            {
                Src.Problem(v, "'" + P.Key + "' of " + W.What + " must be a number " + (zeroAllowed ? ">= 0" : "> 0") + ", found " + Scalars.Describe(v),
                    "write e.g. " + P.Key + ": " + (zeroAllowed ? "0.05" : "60"));
                return null;
            }
            return d;
        }

        private IReadOnlyDictionary<string, object>? Optimum(YamlNode v)
        {
            var o = W.Map(P.Key, true, "optimum: {threads: 12, util: 0.75}");
            if (o is null) return null;
            if (o.Count == 0)
            {
                Src.Problem(v, "the optimum of " + W.What + " names no knob", "e.g. optimum: {threads: 12, util: 0.75}");
                return null;
            }
            var result = new List<KeyValuePair<string, object>>();
            foreach (var t in o.Entries)
            {
                var name = Scalars.Text(t.Key)!;
                if (Domain is null) continue;
                var k = Catalog.Knob(Src, Domain, t.Key, name, "the optimum");
                if (k is null) continue;
                if (KnobValues.Read(Src, k, t.Value, "the optimum", false) is { } value) result.Add(new(name, value));
            }
            return Canonical.Map(result);
        }
    }

    private static string Describe(Knob k) => k switch
    {
        IntKnob i => "int " + i.Min + ".." + i.Max,
        FloatKnob f => "float " + Scalars.Format(f.Min) + ".." + Scalars.Format(f.Max),
        ChoiceKnob => "a choice knob",
        _ => "a bool knob",
    };

    /// <summary>A shell-like string as a YAML flow list, for the fix of an argv written as one string.</summary>
    public static string AsList(string line)
    {
        var words = new List<string>();
        foreach (var word in Blanks().Split(line.Trim()))
        {
            var plain = PlainWord().IsMatch(word) && !word.StartsWith('-') || Option().IsMatch(word);
            words.Add(plain ? word : "\"" + word.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"");
        }
        return "[" + string.Join(", ", words) + "]";
    }
}
