using System.Text.RegularExpressions;
using Dream.Core.Domain;
using YamlDotNet.RepresentationModel;

namespace Dream.Core.Config;

/// <summary>
/// The <c>actuator</c> of a knob: how it is applied and restored. Checks that the kind exists, that its keys
/// fit the kind, that the knob's type suits it, and that machine paths stay under /sys or /proc (the only
/// trees Dream re-roots under $DREAM_SYS_ROOT for tests).
/// </summary>
internal static partial class ActuatorParser
{
    private static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> KeysByKind = new Dictionary<string, IReadOnlyList<string>>
    {
        ["sysfs"] = ["kind", "path", "values"],
        ["procfs"] = ["kind", "path", "values"],
        ["cgroup"] = ["kind", "path", "values"],
        ["affinity"] = ["kind"],
        ["nice"] = ["kind"],
        ["sched-policy"] = ["kind"],
        ["workload-arg"] = ["kind"],
        ["env"] = ["kind", "name", "values"],
        ["nvidia-smi"] = ["kind", "setting", "gpu"],
    };

    /// <summary>Actuators that cannot read the value in force from the machine, so the knob must declare its default.</summary>
    public static readonly IReadOnlySet<string> CannotReadCurrent = new HashSet<string> { "workload-arg", "env" };

    public static readonly IReadOnlyList<string> SchedPolicies = ["other", "batch", "idle", "fifo", "rr"];
    public static readonly IReadOnlyList<string> NvidiaSettings = ["power-limit-pct", "power-limit-w", "persistence-mode"];

    private static readonly IReadOnlySet<string> FileKinds = new HashSet<string> { "sysfs", "procfs", "cgroup" };

    [GeneratedRegex(@"^[a-z][a-z0-9_]*\.[a-z0-9_.]+\z")]
    private static partial Regex CgroupFile();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*\z")]
    private static partial Regex EnvName();

    [GeneratedRegex(@"^\d+(-\d+)?(,\d+(-\d+)?)*\z")]
    private static partial Regex CpuList();

    /// <summary>
    /// The actuator of <paramref name="knob"/> (a bare knob, whose own actuator is not yet set), or null after
    /// reporting problems. <paramref name="knob"/> is null when the knob itself is broken: then only what does not
    /// depend on it is checked.
    /// </summary>
    public static ActuatorSpec? Parse(YamlMap m, Knob? knob, string knobName)
    {
        var src = m.Source;
        var kind = m.String("kind", true, "kind: workload-arg (or sysfs, procfs, cgroup, ...)");
        if (kind is null) return null;
        if (!KeysByKind.TryGetValue(kind, out var keys))
        {
            src.Problem(m.Value("kind"), "unknown actuator kind '" + kind + "' for knob '" + knobName + "'", DidYouMean.Fix(kind, ActuatorSpec.Kinds, "kinds"));
            return null;
        }
        m.OnlyKeys(keys);
        var before = src.Problems.Size;
        var path = kind switch
        {
            "sysfs" => MachinePath(m, "/sys/", "/sys/kernel/mm/transparent_hugepage/enabled"),
            "procfs" => MachinePath(m, "/proc/", "/proc/sys/vm/swappiness"),
            "cgroup" => CgroupPath(m),
            "env" => VariableName(m),
            _ => null,
        };
        if (knob is not null) CheckKnobType(src, m.Value("kind"), kind, knob);
        var values = Values(m, knob, kind);
        var parameters = kind == "nvidia-smi" ? NvidiaParams(m, knob) : [];
        if (src.Problems.Size > before) return null;
        return new ActuatorSpec(kind, path, values, parameters);
    }

    private static string? MachinePath(YamlMap m, string root, string example)
    {
        var path = m.String("path", true, "path: " + example);
        if (path is null) return null;
        var other = root == "/sys/" ? "/proc/" : "/sys/";
        var escapes = path.Split('/').Contains("..");
        if (!path.StartsWith(root, StringComparison.Ordinal) || escapes)
        {
            var fix = path.StartsWith(other, StringComparison.Ordinal)
                ? "this path is under " + other + ": use kind: " + (other == "/sys/" ? "sysfs" : "procfs")
                : "write the absolute path under " + root + " without '..', e.g. " + example + " (Dream resolves it under $DREAM_SYS_ROOT when that is set)";
            m.Source.Problem(m.Value("path"), "the " + (root == "/sys/" ? "sysfs" : "procfs") + " path '" + path + "' of " + m.What
                + " is not an absolute path under " + root, fix);
            return null;
        }
        return path;
    }

    private static string? CgroupPath(YamlMap m)
    {
        var file = m.String("path", true, "path: cpu.weight (a file of the workload's cgroup)");
        if (file is not null && !CgroupFile().IsMatch(file))
        {
            m.Source.Problem(m.Value("path"), "the cgroup path '" + file + "' of " + m.What + " is not a cgroup interface file name",
                "write the file name only, e.g. cpu.weight or memory.high; Dream runs the workload in its own cgroup and writes the file there");
            return null;
        }
        return file;
    }

    private static string? VariableName(YamlMap m)
    {
        var name = m.String("name", true, "name: OMP_NUM_THREADS (the environment variable to set)");
        if (name is not null && !EnvName().IsMatch(name))
        {
            m.Source.Problem(m.Value("name"), "'" + name + "' is not an environment variable name", "use letters, digits and '_', not starting with a digit");
            return null;
        }
        return name;
    }

    private static void CheckKnobType(Source src, YamlNode? at, string kind, Knob knob)
    {
        var needs = kind switch
        {
            "nice" => knob is IntKnob { Min: >= -20, Max: <= 19 } ? null : "an int knob within -20..19 (nice values)",
            "sched-policy" => knob is ChoiceKnob c && c.Choices.All(SchedPolicies.Contains)
                ? null : "a choice knob whose choices are among " + string.Join(", ", SchedPolicies),
            "affinity" => AffinityFits(knob)
                ? null : "an int knob with min >= 1 (a number of CPUs), a float knob within (0, 1] (a fraction of "
                    + "the CPUs) or a choice knob of CPU lists such as \"0-3,8\"",
            _ => null,
        };
        if (needs is null) return;
        var article = "aeiou".Contains(kind[0]) ? "an " : "a ";
        src.Problem(at, article + kind + " actuator cannot apply knob '" + knob.Name + "'", "it needs " + needs);
    }

    private static bool AffinityFits(Knob knob) => knob switch
    {
        IntKnob k => k.Min >= 1,
        FloatKnob k => k.Min > 0 && k.Max <= 1,
        ChoiceKnob k => k.Choices.All(c => CpuList().IsMatch(c)),
        _ => false,
    };

    /// <summary>What is written for each knob value; keys are the canonical values as text ("true", "12", "0.5").</summary>
    private static List<KeyValuePair<string, string>> Values(YamlMap m, Knob? knob, string kind)
    {
        var file = FileKinds.Contains(kind);
        var values = m.Map("values", false, "values: {true: \"on\", false: \"off\"}");
        if (values is null)
        {
            if (file && knob is BoolKnob && !m.Has("values"))
            {
                m.Source.Problem(m.Anchor, "bool knob '" + knob.Name + "' has a " + kind + " actuator but no values",
                    "say what is written for each, e.g. values: {true: \"1\", false: \"0\"}");
            }
            return [];
        }
        var result = new List<KeyValuePair<string, string>>();
        var written = new HashSet<string>(StringComparer.Ordinal);
        foreach (var t in values.Entries)
        {
            var v = knob is null ? null : KnobValues.Read(m.Source, knob, t.Key, "the values key", true);
            var text = Scalars.Text(t.Value);
            if (text is null)
            {
                m.Source.Problem(t.Value, "what is written for '" + Scalars.Text(t.Key) + "' must be text, found " + Scalars.Describe(t.Value),
                    "write it as a quoted string");
            }
            else if (!written.Add(text))
            {
                m.Source.Problem(t.Value, "'" + text + "' is written for two knob values",
                    "give each knob value its own text, so that the value read back from the machine maps to one");
            }
            if (v is not null && text is not null)
            {
                var key = Canonical.Text(v);
                var at = result.FindIndex(p => p.Key == key);
                if (at >= 0) result[at] = new(key, text);
                else result.Add(new(key, text));
            }
        }
        if (file && knob is BoolKnob && !(result.Any(p => p.Key == "true") && result.Any(p => p.Key == "false")))
        {
            m.Source.Problem(m.Value("values"), "values of bool knob '" + knob.Name + "' must say what is written for both true and false",
                "e.g. values: {true: \"1\", false: \"0\"}");
        }
        return result;
    }

    private static List<KeyValuePair<string, object>> NvidiaParams(YamlMap m, Knob? knob)
    {
        var setting = m.String("setting", true, "setting: power-limit-pct");
        var gpu = m.Integer("gpu", false, "gpu: 0 (the GPU index)");
        if (gpu is < 0) m.Source.Problem(m.Value("gpu"), "gpu index " + gpu + " is negative", "GPU indexes start at 0");
        if (setting is null) return [];
        if (!NvidiaSettings.Contains(setting))
        {
            m.Source.Problem(m.Value("setting"), "unknown nvidia-smi setting '" + setting + "'", DidYouMean.Fix(setting, NvidiaSettings, "settings"));
            return [];
        }
        var fits = knob is null || setting switch
        {
            "power-limit-pct" => NumericWithin(knob, 0, 200),
            "power-limit-w" => NumericWithin(knob, 0, double.MaxValue),
            _ => knob is BoolKnob,
        };
        if (!fits)
        {
            m.Source.Problem(m.Value("setting"), "nvidia-smi setting '" + setting + "' cannot take knob '" + knob!.Name + "'",
                setting == "persistence-mode" ? "it needs a bool knob"
                : setting == "power-limit-pct" ? "it needs an int or float knob within (0, 200] (percent of the default power limit)"
                : "it needs an int or float knob with min > 0 (watts)");
        }
        return [new("setting", setting), new("gpu", gpu ?? 0L)];
    }

    private static bool NumericWithin(Knob knob, double lowExclusive, double highInclusive) => knob switch
    {
        IntKnob k => k.Min > lowExclusive && k.Max <= highInclusive,
        FloatKnob k => k.Min > lowExclusive && k.Max <= highInclusive,
        _ => false,
    };
}
