using Dream.Core.Domain;
using Dream.Core.Knobs;
using static Dream.Core.Tests.Knobs.TestKnobs;

namespace Dream.Core.Tests.Knobs;

public class KnobSpaceRulesTests
{
    private readonly KnobSpace _space = KnobSpace.Of([
        IntKnob("threads", 1, 64, 1), FloatKnob("util", 0.25, 1.0, 0.25), Choice("gov", "a", "b"), Bool("smt")]);

    private static Genome Genome4(object threads, object util, object gov, object smt) =>
        G(("threads", threads), ("util", util), ("gov", gov), ("smt", smt));

    [Fact]
    public void ContainsOnlyGridValuesOfTheRightTypeForExactlyTheKnobs()
    {
        Assert.True(_space.Contains(Genome4(8L, 0.75, "a", true)));
        Assert.False(_space.Contains(Genome4(65L, 0.75, "a", true)), "above max");
        Assert.False(_space.Contains(Genome4(8L, 0.7, "a", true)), "off the step grid");
        Assert.False(_space.Contains(Genome4(8L, 1e300, "a", true)), "far above max");
        Assert.False(_space.Contains(Genome4(long.MinValue, double.NaN, "a", true)), "far below min, NaN");
        Assert.False(_space.Contains(Genome4(8L, 1L, "a", true)), "a long for a float knob");
        Assert.False(_space.Contains(Genome4(8.0, 0.75, "a", true)), "a double for an int knob");
        Assert.False(_space.Contains(Genome4(8L, 0.75, "c", true)), "unknown choice");
        Assert.False(_space.Contains(G(("threads", 8L))), "missing knobs");
        Assert.False(_space.Contains(Genome4(8L, 0.75, "a", true).With("other", 1L)), "extra knob");
    }

    [Fact]
    public void EncodeRejectsGenomesOutsideTheSpaceNamingTheKnob()
    {
        var e = Assert.Throws<ArgumentException>(() => _space.Encode(Genome4(8L, 0.7, "a", true)));
        Assert.Contains("util", e.Message);
    }

    [Fact]
    public void CanonicalConvertsLooseTypes()
    {
        // Genome itself widens an int to a long; the space turns a long into a float knob's double and
        // a text "true" into a bool.
        var loose = Genome4(8, 1L, "a", "true");
        Assert.Equal(Genome4(8L, 1.0, "a", true), _space.Canonical(loose));
        Assert.Equal(Genome4(8L, 1.0, "a", true), _space.Canonical(Genome4("8", "1", "a", "yes")));
    }

    [Fact]
    public void StockTakesTheMachineValueOverTheDefaultAndNamesAKnobWithNeither()
    {
        var arg = ActuatorSpec.WorkloadArg();
        var s = KnobSpace.Of([
            new IntKnob("swappiness", 0, 100, 10, false, 60L, arg),
            new ChoiceKnob("gov", ["performance", "powersave"], null, arg),
            new BoolKnob("smt", true, arg)]);
        var g = s.Stock(Map(("gov", "schedutil"), ("swappiness", "35")));
        // Machine values win, are converted to the knob's type, and may lie outside the searched range.
        Assert.Equal(G(("swappiness", 35L), ("gov", "schedutil"), ("smt", true)), g);
        Assert.Equal(G(("swappiness", 60L), ("gov", "powersave"), ("smt", true)), s.Stock(Map(("gov", "powersave"))));
        var e = Assert.Throws<ArgumentException>(() => s.Stock(Map()));
        Assert.Contains("'gov'", e.Message);
        var unknown = Assert.Throws<ArgumentException>(() => s.Stock(Map(("gov", "x"), ("nope", 1))));
        Assert.Contains("nope", unknown.Message);
        var bad = Assert.Throws<ArgumentException>(() => s.Stock(Map(("gov", "x"), ("swappiness", "lots"))));
        Assert.Contains("swappiness", bad.Message);
    }

    [Fact]
    public void RangesTheEncodingCannotHonourAreRejectedNamingTheKnob()
    {
        AssertRejected(IntKnob("k", 3, 12, 4), "not on the step grid");
        AssertRejected(FloatKnob("f", 0.1, 1.0, 0.25), "not on the step grid");
        AssertRejected(IntKnob("k", 5, 1, 1), "above max");
        AssertRejected(LogInt("k", 0, 10, 1), "log scale");
        AssertRejected(LogFloat("f", 0.0, 1.0, null), "log scale");
        AssertRejected(FloatKnob("f", 0, 1, -0.1), "step must be positive");
        AssertRejected(FloatKnob("f", 0, 1e9, 1e-6), "values, more than");
        AssertRejected(Choice("c", "a", "a"), "duplicate choices");
        AssertRejected(IntKnob("k", long.MinValue, long.MaxValue, 1), "too wide");
        var dup = Assert.Throws<ArgumentException>(() => KnobSpace.Of([Bool("b"), Bool("b")]));
        Assert.Contains("'b'", dup.Message);
    }

    [Fact]
    public void MaxOnTheGridWithinToleranceIsAcceptedAndReachedExactly()
    {
        // 0.1 + 0.2 is 0.30000000000000004 in binary: max must still count as on the grid and be the last level.
        var axis = KnobSpace.Of([FloatKnob("f", 0.1, 0.1 + 0.2, 0.1)]).Axis(0);
        Assert.Equal(3, axis.Levels());
        Assert.Equal(0.1 + 0.2, axis.Decode(1.0));
        Assert.Equal(0.2, axis.Decode(0.5));
    }

    private static void AssertRejected(Knob k, string why)
    {
        var e = Assert.Throws<ArgumentException>(() => KnobSpace.Of([k]));
        Assert.Contains($"'{k.Name}'", e.Message);
        Assert.Contains(why, e.Message);
    }

    private static IReadOnlyDictionary<string, object> Map(params (string Key, object Value)[] pairs) =>
        pairs.ToDictionary(p => p.Key, p => p.Value);
}
