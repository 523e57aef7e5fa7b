using Dream.Core.Knobs;
using static Dream.Core.Tests.Knobs.TestKnobs;

namespace Dream.Core.Tests.Knobs;

/// <summary>The conversions KnobSpace.Stock and Canonical rely on (no Java test of its own; covered there
/// through the space).</summary>
public class KnobValuesTests
{
    [Theory]
    [InlineData("12", 12L)]
    [InlineData(" 12 ", 12L)]
    [InlineData("12.0", 12L)]
    [InlineData("1e3", 1000L)]
    public void IntKnobsReadWholeNumbers(string raw, long expected) =>
        Assert.Equal(expected, KnobValues.Canonical(IntKnob("k", 0, 10, 1), raw));

    [Fact]
    public void IntKnobsRefuseFractionsNamingTheKnob()
    {
        var e = Assert.Throws<ArgumentException>(() => KnobValues.Canonical(IntKnob("k", 0, 10, 1), 12.5));
        Assert.Contains("knob 'k'", e.Message);
        Assert.Throws<ArgumentException>(() => KnobValues.Canonical(IntKnob("k", 0, 10, 1), "12.5"));
        Assert.Equal(12L, KnobValues.Canonical(IntKnob("k", 0, 10, 1), 12.0));
        Assert.Equal(12L, KnobValues.Canonical(IntKnob("k", 0, 10, 1), 12));
    }

    [Fact]
    public void FloatsChoicesAndBools()
    {
        Assert.Equal(1.0, KnobValues.Canonical(FloatKnob("f", 0, 1, null), 1L));
        Assert.Equal(0.3, KnobValues.Canonical(FloatKnob("f", 0, 1, null), "0.3"));
        Assert.Throws<ArgumentException>(() => KnobValues.Canonical(FloatKnob("f", 0, 1, null), "Infinity"));
        Assert.Equal("12", KnobValues.Canonical(Choice("c", "12"), 12L));
        Assert.Equal("true", KnobValues.Canonical(Choice("c", "true"), true));
        Assert.Equal(true, KnobValues.Canonical(Bool("b"), "Enabled"));
        Assert.Equal(false, KnobValues.Canonical(Bool("b"), 0L));
        Assert.Throws<ArgumentException>(() => KnobValues.Canonical(Bool("b"), 2L));
        Assert.Throws<ArgumentException>(() => KnobValues.Canonical(Bool("b"), "maybe"));
    }
}
