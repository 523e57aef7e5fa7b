using Dream.Core.Domain;
using YamlDotNet.RepresentationModel;

namespace Dream.Core.Config;

/// <summary>
/// One entry of <c>knobs:</c>: its type, range or choices, declared default and actuator. The range is
/// checked so that every value, both ends included, is reachable: a step must divide max - min.
/// </summary>
internal static class KnobParser
{
    public static readonly IReadOnlyList<string> Types = ["int", "float", "choice", "bool"];

    private static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> KeysByType = new Dictionary<string, IReadOnlyList<string>>
    {
        ["int"] = ["type", "min", "max", "step", "scale", "default", "actuator"],
        ["float"] = ["type", "min", "max", "step", "scale", "default", "actuator"],
        ["choice"] = ["type", "choices", "default", "actuator"],
        ["bool"] = ["type", "default", "actuator"],
    };

    private static readonly IReadOnlyList<string> AllKeys = ["type", "min", "max", "step", "scale", "choices", "default", "actuator"];

    /// <summary>The knob, or null after reporting what is wrong with it.</summary>
    public static Knob? Parse(Source src, YamlNode keyNode, string name, YamlNode value)
    {
        var m = YamlMap.Of(src, value, keyNode, "knob '" + name + "'");
        if (m is null) return null;
        var before = src.Problems.Size;
        var type = m.String("type", true, "type: int (or float, choice, bool)");
        if (type is not null && !Types.Contains(type))
        {
            src.Problem(m.Value("type"), "unknown knob type '" + type + "' for knob '" + name + "'", DidYouMean.Fix(type, Types, "types"));
            type = null;
        }
        CheckKeys(m, type, name);
        // Until its actuator is read, a knob is "bare": its range and choices only.
        var bare = type switch
        {
            null => null,
            "int" => IntKnob(m, name),
            "float" => FloatKnob(m, name),
            "choice" => ChoiceKnob(m, name),
            _ => new BoolKnob(name, null, null!),
        };
        if (bare is null)
        {
            // The actuator is still checked, as far as it can be without the knob, so that all is reported at once.
            if (m.Value("actuator") is { } actuatorNode)
            {
                var a = YamlMap.Of(src, actuatorNode, m.Key("actuator"), "'actuator' of knob '" + name + "'");
                if (a is not null) ActuatorParser.Parse(a, null, name);
            }
            return null;
        }
        var stock = m.Has("default") ? KnobValues.Read(src, bare, m.Value("default")!, "default", true) : null;
        var actuatorMap = m.Map("actuator", true, "actuator: {kind: workload-arg}");
        var actuator = actuatorMap is null ? null : ActuatorParser.Parse(actuatorMap, bare, name);
        if (actuator is not null && stock is null && !m.Has("default") && ActuatorParser.CannotReadCurrent.Contains(actuator.Kind))
        {
            src.Problem(keyNode, "knob '" + name + "' has no default, and its " + actuator.Kind
                    + " actuator cannot read the value in force from the machine",
                "add default: " + Example(bare) + " (the stock value the baseline is measured at)");
        }
        if (src.Problems.Size > before || actuator is null) return null;
        return WithStockAndActuator(bare, stock, actuator);
    }

    /// <summary>Keys of other knob types get their own message: the usual cause is a wrong type, not a typo.</summary>
    private static void CheckKeys(YamlMap m, string? type, string name)
    {
        var allowed = type is null ? AllKeys : KeysByType[type];
        foreach (var k in m.Keys)
        {
            if (allowed.Contains(k)) continue;
            if (AllKeys.Contains(k))
            {
                m.Source.Problem(m.Key(k), "'" + k + "' does not apply to " + type + " knob '" + name + "'",
                    "remove it, or change the knob's type (" + k + " belongs to "
                    + string.Join(" and ", Types.Where(t => KeysByType[t].Contains(k))) + " knobs)");
            }
            else
            {
                m.Source.Problem(m.Key(k), "unknown key '" + k + "' in " + m.What, DidYouMean.Fix(k, allowed, "keys here"));
            }
        }
    }

    private static Knob? IntKnob(YamlMap m, string name)
    {
        var min = m.Integer("min", true, "min: 1");
        var max = m.Integer("max", true, "max: 64");
        var step = m.Integer("step", false, "step: 1");
        var log = LogScale(m);
        if (min is null || max is null) return null;
        if (!Ordered(m, min.Value, max.Value)) return null;
        if (step is <= 0)
        {
            m.Source.Problem(m.Value("step"), "step " + step + " of knob '" + name + "' must be at least 1",
                "use step: 1 for every integer, or a larger step for a coarser grid");
            return null;
        }
        var s = step ?? 1;
        if (!KnobGrid.Divides(min.Value, max.Value, s))
        {
            m.Source.Problem(m.Value("step"), "step " + s + " of knob '" + name + "' does not divide max - min = " + (max - min)
                + ", so max " + max + " cannot be reached from min " + min, KnobGrid.IntStepFix(min.Value, max.Value, s));
            return null;
        }
        if (log && min < 1)
        {
            m.Source.Problem(m.Value("scale"), "scale: log needs min >= 1 for int knob '" + name + "' (min is " + min + ")",
                "raise min to 1 or more, or remove scale: log");
            return null;
        }
        return new IntKnob(name, min.Value, max.Value, s, log, null, null!);
    }

    private static Knob? FloatKnob(YamlMap m, string name)
    {
        var min = m.Number("min", true, "min: 0.25");
        var max = m.Number("max", true, "max: 1.0");
        var step = m.Number("step", false, "step: 0.25");
        var log = LogScale(m);
        if (min is null || max is null) return null;
        if (!Ordered(m, min.Value, max.Value)) return null;
        if (step is <= 0)
        {
            m.Source.Problem(m.Value("step"), "step " + Scalars.Format(step.Value) + " of knob '" + name + "' must be above 0",
                "use a positive step, or remove step for a continuous knob");
            return null;
        }
        if (step is { } st && !KnobGrid.Divides(min.Value, max.Value, st))
        {
            m.Source.Problem(m.Value("step"), "step " + Scalars.Format(st) + " of knob '" + name + "' does not divide max - min = "
                    + Scalars.Format(KnobGrid.Round(max.Value - min.Value)) + ", so max " + Scalars.Format(max.Value)
                    + " cannot be reached from min " + Scalars.Format(min.Value),
                KnobGrid.FloatStepFix(min.Value, max.Value, st));
            return null;
        }
        if (log && min <= 0)
        {
            m.Source.Problem(m.Value("scale"), "scale: log needs min > 0 for float knob '" + name + "' (min is " + Scalars.Format(min.Value) + ")",
                "raise min above 0, or remove scale: log");
            return null;
        }
        return new FloatKnob(name, min.Value, max.Value, step, log, null, null!);
    }

    private static bool Ordered(YamlMap m, double min, double max)
    {
        if (min < max) return true;
        m.Source.Problem(m.Value("min"), "min " + Scalars.Format(min) + " of " + m.What
                + (min == max ? " equals max" : " is greater than max " + Scalars.Format(max)),
            min == max ? "a knob with one value cannot be tuned: widen the range or remove the knob"
                : "min must be less than max: swap them or correct one");
        return false;
    }

    private static bool LogScale(YamlMap m)
    {
        var scale = m.String("scale", false, "scale: log");
        if (scale is null or "linear") return false;
        if (scale != "log")
        {
            m.Source.Problem(m.Value("scale"), "unknown scale '" + scale + "' in " + m.What, "write scale: log, or leave scale out for a linear knob");
            return false;
        }
        return true;
    }

    private static Knob? ChoiceKnob(YamlMap m, string name)
    {
        var items = m.List("choices", true, "choices: [a, b, c]");
        if (items is null) return null;
        if (items.Count < 2)
        {
            m.Source.Problem(m.Value("choices"), "knob '" + name + "' has " + (items.Count == 0 ? "no choices" : "one choice")
                + "; a knob needs at least two", "list its values, e.g. choices: [performance, schedutil, powersave]");
            return null;
        }
        var seen = new List<string>();
        var ok = true;
        foreach (var item in items)
        {
            var c = Scalars.Text(item);
            if (c is null || item is not YamlScalarNode)
            {
                m.Source.Problem(item, "a choice of knob '" + name + "' must be a name, found " + Scalars.Describe(item), "write each choice as plain text");
                ok = false;
            }
            else if (seen.Contains(c))
            {
                m.Source.Problem(item, "choice '" + c + "' of knob '" + name + "' is listed twice", "remove the repeat");
                ok = false;
            }
            else
            {
                seen.Add(c);
            }
        }
        return ok ? new ChoiceKnob(name, seen.AsReadOnly(), null, null!) : null;
    }

    /// <summary>A valid value of the knob, for fixes that ask for one.</summary>
    public static string Example(Knob k) => k switch
    {
        IntKnob i => i.Min.ToString(System.Globalization.CultureInfo.InvariantCulture),
        FloatKnob f => Scalars.Format(f.Min),
        ChoiceKnob c => c.Choices[0],
        _ => "false",
    };

    private static Knob WithStockAndActuator(Knob k, object? stock, ActuatorSpec a) => k switch
    {
        IntKnob i => i with { StockValue = (long?)stock, Actuator = a },
        FloatKnob f => f with { StockValue = (double?)stock, Actuator = a },
        ChoiceKnob c => c with { StockValue = (string?)stock, Actuator = a },
        _ => new BoolKnob(k.Name, (bool?)stock, a),
    };
}
