using Dream.Core.Knobs;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static Dream.Core.Tests.Knobs.TestKnobs;

namespace Dream.Core.Tests.Knobs;

public class KnobSpacePropertiesTests
{
    private static readonly KnobSpace Space = KnobSpace.Of([
        IntKnob("i", -50, 50, 5), LogInt("l", 2, 5000, 2), FloatKnob("s", 0.05, 0.95, 0.05),
        Choice("c", "x", "y", "z"), Bool("b"), LogFloat("y", 0.5, 2000, null)]);

    /// <summary>Doubles in [0,1], the ends included often, as jqwik's @DoubleRange(min = 0, max = 1) gives them.</summary>
    private static Arbitrary<double[]> UnitPoints() =>
        Gen.Elements(0.0, 1.0).Or(Gen.Choose(0, int.MaxValue).Select(i => i / (double)int.MaxValue))
            .Or(Gen.Choose(0, int.MaxValue).Select(i => i / (double)int.MaxValue))
            .ArrayOf(6).ToArbitrary();

    [Property(MaxTest = 2000)]
    public Property EveryPointDecodesIntoTheSpaceAndRoundTrips() =>
        Prop.ForAll(UnitPoints(), u =>
        {
            var g = Space.Decode(u);
            return Space.Contains(g) && g.Equals(Space.Decode(Space.Encode(g)));
        });

    [Property(MaxTest = 1000)]
    public Property EveryIntegerOfAStepGridIsALevelExactlyWhenOnTheGrid() =>
        Prop.ForAll(Gen.Choose(-60, 60).ToArbitrary(), v =>
        {
            var onGrid = v >= -50 && v <= 50 && (v + 50) % 5 == 0;
            var axis = Space.Axis(0);
            return axis.Contains((long)v) == onGrid && (!onGrid || (long)axis.Decode(axis.Encode((long)v)) == v);
        });
}
