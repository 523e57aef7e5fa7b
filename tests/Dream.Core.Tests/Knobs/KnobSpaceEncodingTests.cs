using Dream.Core.Domain;
using Dream.Core.Evolution;
using Dream.Core.Knobs;
using static Dream.Core.Tests.Knobs.TestKnobs;

namespace Dream.Core.Tests.Knobs;

public class KnobSpaceEncodingTests
{
    private static List<object> Sweep(IAxis axis, int points)
    {
        var seen = new List<object>();
        var set = new HashSet<object>();
        for (var i = 0; i <= points; i++)
        {
            var v = axis.Decode((double)i / points);
            if (set.Add(v)) seen.Add(v);
        }
        return seen;
    }

    private static List<object> LevelsOf(LevelAxis axis)
    {
        var outs = new List<object>();
        for (long k = 0; k < axis.Levels(); k++) outs.Add(axis.ValueAt(k));
        return outs;
    }

    [Fact]
    public void StepGridIsAnchoredAtMinAndReachesBothEnds()
    {
        var space = KnobSpace.Of([IntKnob("k", 3, 11, 4)]);
        var axis = (LevelAxis)space.Axis(0);
        Assert.Equal(new object[] { 3L, 7L, 11L }, LevelsOf(axis));
        Assert.Equal(new HashSet<object> { 3L, 7L, 11L }, Sweep(axis, 10_000).ToHashSet());
        Assert.Equal(3L, space.Decode([0.0]).Get("k"));
        Assert.Equal(11L, space.Decode([1.0]).Get("k"));
    }

    [Fact]
    public void DiscreteDecodeGivesEveryLevelAnEqualCellAndEncodesToItsCentre()
    {
        var axis = (LevelAxis)KnobSpace.Of([IntKnob("k", 0, 3, 1)]).Axis(0);
        Assert.Equal(0L, axis.Decode(0.0));
        Assert.Equal(0L, axis.Decode(0.2499));
        Assert.Equal(1L, axis.Decode(0.25));
        Assert.Equal(2L, axis.Decode(0.7499));
        Assert.Equal(3L, axis.Decode(0.75));
        Assert.Equal(3L, axis.Decode(1.0));
        Assert.Equal(0.125, axis.Encode(0L));
        Assert.Equal(0.875, axis.Encode(3L));
    }

    [Fact]
    public void FloatStepGridHasNoBinaryArtefacts()
    {
        var axis = (LevelAxis)KnobSpace.Of([FloatKnob("f", 0.1, 0.9, 0.05)]).Axis(0);
        Assert.Equal(17, axis.Levels());
        foreach (var v in LevelsOf(axis))
        {
            var text = ((double)v).ToString("R", System.Globalization.CultureInfo.InvariantCulture);
            var decimals = text.Contains('.') ? text.Length - text.IndexOf('.') - 1 : 0;
            Assert.True(decimals <= 2 && !text.Contains('E'), $"artefact in {text}");
        }
        Assert.True(axis.Contains(0.85));
        Assert.Equal(0.85, axis.Decode(axis.Encode(0.85)));
        Assert.Equal(0.1, axis.Decode(0.0));
        Assert.Equal(0.9, axis.Decode(1.0));
    }

    [Fact]
    public void EveryGenomeOfASmallMixedSpaceRoundTripsAndIsReachable()
    {
        var space = KnobSpace.Of([
            IntKnob("threads", 1, 5, 1),
            FloatKnob("util", 0.25, 1.0, 0.25),
            Choice("gov", "performance", "schedutil", "powersave"),
            Bool("smt"),
            LogInt("buf", 1, 64, 1)]);
        var all = space.Enumerate();
        Assert.Equal(5 * 4 * 3 * 2 * 64, all.Count);
        Assert.Equal(all.Count, all.ToHashSet().Count);
        foreach (var g in all)
        {
            Assert.True(space.Contains(g));
            var u = space.Encode(g);
            foreach (var x in u) Assert.True(x >= 0 && x <= 1);
            Assert.Equal(g, space.Decode(u));
        }
        // Decoding a fine sweep of each axis yields exactly the levels: nothing unreachable, nothing extra.
        for (var i = 0; i < space.Dimension(); i++)
        {
            var axis = (LevelAxis)space.Axis(i);
            Assert.Equal(LevelsOf(axis).ToHashSet(), Sweep(axis, 200_000).ToHashSet());
        }
    }

    [Fact]
    public void LogIntKeepsEveryIntegerAndGivesSmallValuesMoreMeasure()
    {
        var axis = (LevelAxis)KnobSpace.Of([LogInt("n", 1, 1000, 1)]).Axis(0);
        Assert.Equal(1000, axis.Levels());
        for (long v = 1; v <= 1000; v++) Assert.Equal(v, axis.Decode(axis.Encode(v)));
        Assert.Equal(1L, axis.Decode(0.0));
        Assert.Equal(1000L, axis.Decode(1.0));
        var image = Sweep(axis, 2_000_000);
        Assert.Equal(1000, image.Count);
        // Value 1 owns far more of [0,1] than value 1000 does.
        var cellOf1 = axis.Encode(2L) - axis.Encode(1L);
        var cellOf1000 = axis.Encode(1000L) - axis.Encode(999L);
        Assert.True(cellOf1 > 100 * cellOf1000, $"{cellOf1} vs {cellOf1000}");
        long previous = 0;
        foreach (var v in image)
        {
            Assert.True((long)v > previous, "decode is monotone");
            previous = (long)v;
        }
    }

    [Fact]
    public void LogFloatGridIsReachableAndExact()
    {
        var axis = (LevelAxis)KnobSpace.Of([LogFloat("f", 0.5, 64.0, 0.5)]).Axis(0);
        Assert.Equal(128, axis.Levels());
        foreach (var v in LevelsOf(axis)) Assert.Equal(v, axis.Decode(axis.Encode(v)));
        Assert.Equal(LevelsOf(axis).ToHashSet(), Sweep(axis, 500_000).ToHashSet());
    }

    [Fact]
    public void ContinuousEndsAreExactAndDecodedValuesRoundTrip()
    {
        var space = KnobSpace.Of([FloatKnob("lin", -2.5, 7.25, null), LogFloat("log", 1e-4, 3e3, null)]);
        Assert.Equal(G(("lin", -2.5), ("log", 1e-4)), space.Decode([0, 0]));
        Assert.Equal(G(("lin", 7.25), ("log", 3e3)), space.Decode([1, 1]));
        var rng = new SeededRandom(1L);
        for (var i = 0; i < 20_000; i++)
        {
            var g = space.Decode(space.RandomPoint(rng));
            Assert.True(space.Contains(g));
            Assert.Equal(g, space.Decode(space.Encode(g)));
        }
        foreach (var v in new[] { 0.3, -1.0, 1e-3, 0.1, 5.5 })
        {
            var g = G(("lin", v), ("log", Math.Abs(v)));
            Assert.Equal(g, space.Decode(space.Encode(g)));
        }
    }

    [Fact]
    public void ContinuousLogSpreadsDecadesEvenly()
    {
        var axis = KnobSpace.Of([LogFloat("f", 1e-3, 1e3, null)]).Axis(0);
        Assert.Equal(1.0, (double)axis.Decode(0.5), 1e-9);
        Assert.Equal(0.1, (double)axis.Decode(2.0 / 6), 1e-12);
    }

    [Fact]
    public void RandomGenomesOfLargeSpacesRoundTrip()
    {
        var space = KnobSpace.Of([
            IntKnob("big", -1_000_000, 1_000_000, 1),
            LogInt("huge", 1, 1_000_000_000, 1),
            FloatKnob("fine", 0, 1000, 0.001),
            LogFloat("lfine", 0.001, 1000, 0.001),
            Choice("c", "a", "b", "c", "d", "e"),
            Bool("b"),
            FloatKnob("cont", 0, 1, null)]);
        var rng = new SeededRandom(2L);
        for (var i = 0; i < 20_000; i++)
        {
            var g = space.Random(rng);
            Assert.True(space.Contains(g), g.Key());
            Assert.Equal(g, space.Decode(space.Encode(g)));
        }
        Assert.Equal(1_000_000_000L, space.Decode([0, 1, 0, 0, 0, 0, 0]).Get("huge"));
        Assert.Equal(1000.0, space.Decode([0, 0, 1, 1, 0, 0, 0]).Get("fine"));
    }

    [Fact]
    public void SizeAndEnumerationOfDiscreteSpaces()
    {
        Assert.Equal(6L, KnobSpace.Of([Bool("b"), Choice("c", "x", "y", "z")]).Size());
        Assert.Null(KnobSpace.Of([Bool("b"), FloatKnob("f", 0, 1, null)]).Size());
        var single = KnobSpace.Of([IntKnob("k", 5, 5, 1)]);
        Assert.Equal([G(("k", 5L))], single.Enumerate());
        Assert.Equal(5L, single.Decode([0.7]).Get("k"));
    }
}
