using Dream.Core.Domain;
using YamlDotNet.RepresentationModel;

namespace Dream.Core.Config;

/// <summary>
/// Reads a value written for a knob (its default, a key of its actuator's values, a sim optimum) in the
/// knob's canonical type: long, double, string (choice) or bool.
/// </summary>
internal static class KnobValues
{
    /// <summary>The canonical value, or null after reporting why it is not a value of the knob.</summary>
    /// <param name="onGrid">whether the value must be one the knob can take (a default, an actuator value), rather
    /// than any point of its range (a sim optimum, which only has to lie within it)</param>
    public static object? Read(Source src, Knob knob, YamlNode node, string label, bool onGrid)
    {
        var what = "knob '" + knob.Name + "': " + label;
        return knob switch
        {
            IntKnob k => ReadInt(src, k, node, what, onGrid),
            FloatKnob k => ReadFloat(src, k, node, what, onGrid),
            ChoiceKnob k => ReadChoice(src, k, node, what),
            _ => ReadBool(src, node, what),
        };
    }

    private static object? ReadInt(Source src, IntKnob k, YamlNode node, string what, bool onGrid)
    {
        if (!onGrid && !Scalars.IsInteger(node))
        {
            var d = Scalars.Number(node);
            if (d is null) return Wrong(src, node, what, "a number from " + k.Min + " to " + k.Max);
            return InRange(src, node, what, d.Value, k.Min, k.Max) ? d.Value : null;
        }
        var v = Scalars.Integer(node);
        if (v is null) return Wrong(src, node, what, "a whole number from " + k.Min + " to " + k.Max);
        if (!InRange(src, node, what, v.Value, k.Min, k.Max)) return null;
        if (onGrid && k.Step > 1 && !KnobGrid.OnGrid(k.Min, k.Step, v.Value))
        {
            src.Problem(node, what + " " + v + " is not on its grid " + KnobGrid.FirstValues(k.Min, k.Step) + " (steps of " + k.Step + " from min)",
                "use a value on the grid, e.g. " + KnobGrid.IntNeighbours(k.Min, k.Step, v.Value));
            return null;
        }
        return v.Value;
    }

    private static object? ReadFloat(Source src, FloatKnob k, YamlNode node, string what, bool onGrid)
    {
        var v = Scalars.Number(node);
        var range = Scalars.Format(k.Min) + " to " + Scalars.Format(k.Max);
        if (v is null) return Wrong(src, node, what, "a number from " + range);
        if (!InRange(src, node, what, v.Value, k.Min, k.Max)) return null;
        if (onGrid && k.Step is { } step && !KnobGrid.OnGrid(k.Min, step, v.Value))
        {
            src.Problem(node, what + " " + Scalars.Format(v.Value) + " is not on its grid " + KnobGrid.FirstValues(k.Min, step)
                    + " (steps of " + Scalars.Format(step) + " from min)",
                "use a value on the grid, e.g. " + KnobGrid.FloatNeighbours(k.Min, step, v.Value));
            return null;
        }
        return v.Value;
    }

    private static object? ReadChoice(Source src, ChoiceKnob k, YamlNode node, string what)
    {
        var v = Scalars.Text(node);
        if (v is null) return Wrong(src, node, what, "one of " + string.Join(", ", k.Choices));
        if (!k.Choices.Contains(v))
        {
            src.Problem(node, what + " '" + v + "' is not one of its choices", DidYouMean.Fix(v, k.Choices, "choices"));
            return null;
        }
        return v;
    }

    private static object? ReadBool(Source src, YamlNode node, string what) =>
        Scalars.Bool(node) is { } b ? b : Wrong(src, node, what, "true or false");

    private static bool InRange(Source src, YamlNode node, string what, double v, double min, double max)
    {
        if (v >= min && v <= max) return true;
        src.Problem(node, what + " " + Scalars.Format(v) + " is outside its range " + Scalars.Format(min) + ".." + Scalars.Format(max),
            "use a value from " + Scalars.Format(min) + " to " + Scalars.Format(max) + ", or widen min/max");
        return false;
    }

    private static object? Wrong(Source src, YamlNode node, string what, string expected)
    {
        src.Problem(node, what + " must be " + expected + ", found " + Scalars.Describe(node), "write " + expected);
        return null;
    }
}
