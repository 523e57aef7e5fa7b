using Dream.Core.Domain;

namespace Dream.Core.Knobs;

/// <summary>Builds the axis of a knob, rejecting ranges the encoding cannot honour.</summary>
internal static class Axes
{
    /// <summary>Tolerance on "max is a whole number of steps above min", as the config loader applies it.</summary>
    public const double GridTolerance = 1e-9;

    public static IAxis Of(Knob knob) => knob switch
    {
        IntKnob k => IntAxis(k),
        FloatKnob k => k.Step is null ? Continuous(k) : FloatGrid(k),
        ChoiceKnob k => ChoiceAxis(k),
        BoolKnob k => new LevelAxis(k, new Levels.Bools(), false),
        _ => throw new ArgumentException($"unknown knob type {knob}"),
    };

    private static IAxis IntAxis(IntKnob k)
    {
        if (k.Min > k.Max) throw Bad(k, $"min {k.Min} is above max {k.Max}");
        if (k.Step < 0) throw Bad(k, $"step must be positive, got {k.Step}");
        if (k.Log && k.Min < 1) throw Bad(k, $"a log scale needs min >= 1, got {k.Min}");
        var step = k.Step == 0 ? 1 : k.Step; // step 0 means every integer
        long width;
        try
        {
            width = checked(k.Max - k.Min);
        }
        catch (OverflowException)
        {
            throw Bad(k, "the range is too wide");
        }
        if (width % step != 0)
        {
            var below = k.Max - width % step;
            throw Bad(k, $"max {k.Max} is not on the step grid from min {k.Min} (nearest: {below} or {below + step})");
        }
        var count = width / step + 1;
        CheckCount(k, count);
        return new LevelAxis(k, new Levels.IntGrid(k.Min, step, count), k.Log);
    }

    private static IAxis FloatGrid(FloatKnob k)
    {
        CheckFinite(k);
        var stepValue = k.Step!.Value;
        if (!(stepValue > 0) || !double.IsFinite(stepValue)) throw Bad(k, $"step must be positive, got {F(stepValue)}");
        if (k.Log && !(k.Min > 0)) throw Bad(k, $"a log scale needs min > 0, got {F(k.Min)}");
        if (!Decimals.TryOf(k.Min, out var min) || !Decimals.TryOf(stepValue, out var step) ||
            !Decimals.TryOf(k.Max, out var max) || step == 0)
        {
            throw Bad(k, "min, max and step must be decimals within 28 places of the point");
        }
        decimal steps;
        try
        {
            steps = (max - min) / step;
        }
        catch (OverflowException)
        {
            throw Bad(k, $"has more than {Levels.MaxLevels} values; use a larger step or a continuous float");
        }
        var whole = Math.Round(steps, MidpointRounding.ToEven);
        var off = (double)Math.Abs(steps - whole);
        if (off > GridTolerance * Math.Max(1, (double)whole))
        {
            var below = min + step * Math.Floor(steps);
            throw Bad(k, $"max {F(k.Max)} is not on the step grid from min {F(k.Min)} (nearest: " +
                $"{F(Decimals.ToDouble(below))} or {F(Decimals.ToDouble(below + step))})");
        }
        if (whole + 1 > Levels.MaxLevels) CheckCount(k, long.MaxValue, (whole + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        var count = (long)whole + 1;
        CheckCount(k, count);
        return new LevelAxis(k, new Levels.DecimalGrid(min, step, count, k.Max), k.Log);
    }

    private static IAxis Continuous(FloatKnob k)
    {
        CheckFinite(k);
        if (k.Log && !(k.Min > 0)) throw Bad(k, $"a log scale needs min > 0, got {F(k.Min)}");
        if (!double.IsFinite(k.Max - k.Min)) throw Bad(k, "the range is too wide");
        return new ContinuousAxis(k, k.Min, k.Max, k.Log);
    }

    private static IAxis ChoiceAxis(ChoiceKnob k)
    {
        var choices = k.Choices;
        if (choices is null || choices.Count == 0) throw Bad(k, "needs at least one choice");
        foreach (var c in choices) if (c is null) throw Bad(k, "has a null choice");
        if (new HashSet<string>(choices).Count != choices.Count)
            throw Bad(k, $"has duplicate choices [{string.Join(", ", choices)}]");
        return new LevelAxis(k, new Levels.Choices(choices.ToArray()), false);
    }

    private static void CheckFinite(FloatKnob k)
    {
        if (!double.IsFinite(k.Min) || !double.IsFinite(k.Max)) throw Bad(k, "min and max must be finite");
        if (k.Min > k.Max) throw Bad(k, $"min {F(k.Min)} is above max {F(k.Max)}");
    }

    private static void CheckCount(Knob k, long count, string? shown = null)
    {
        if (count > Levels.MaxLevels)
        {
            throw Bad(k, $"has {shown ?? count.ToString(System.Globalization.CultureInfo.InvariantCulture)} values, " +
                $"more than {Levels.MaxLevels}; use a larger step or a continuous float");
        }
    }

    private static string F(double d) => Canonical.FormatDouble(d);

    public static ArgumentException Bad(Knob k, string what) => new($"knob '{k.Name}': {what}");
}
