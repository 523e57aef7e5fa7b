using Dream.Core.Domain;

namespace Dream.Core.Tests.Knobs;

/// <summary>Short constructors for test knobs.</summary>
public static class TestKnobs
{
    private static readonly ActuatorSpec Arg = ActuatorSpec.WorkloadArg();

    public static IntKnob IntKnob(string name, long min, long max, long step) => new(name, min, max, step, false, null, Arg);

    public static IntKnob LogInt(string name, long min, long max, long step) => new(name, min, max, step, true, null, Arg);

    public static FloatKnob FloatKnob(string name, double min, double max, double? step) => new(name, min, max, step, false, null, Arg);

    public static FloatKnob LogFloat(string name, double min, double max, double? step) => new(name, min, max, step, true, null, Arg);

    public static ChoiceKnob Choice(string name, params string[] choices) => new(name, choices, null, Arg);

    public static BoolKnob Bool(string name) => new(name, null, Arg);

    public static Genome G(params (string Knob, object Value)[] values) => Genome.Of(values);
}
