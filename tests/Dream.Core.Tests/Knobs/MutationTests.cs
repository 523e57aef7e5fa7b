using Dream.Core.Evolution;
using Dream.Core.Knobs;
using static Dream.Core.Tests.Knobs.TestKnobs;

namespace Dream.Core.Tests.Knobs;

public class MutationTests
{
    private readonly KnobSpace _space = KnobSpace.Of([
        IntKnob("i", 0, 100, 1), LogInt("l", 1, 4096, 1), FloatKnob("s", 0, 2, 0.5), Choice("c", "a", "b", "c", "d"),
        Bool("b"), FloatKnob("x", -1, 1, null), LogFloat("y", 0.01, 100, null)]);

    [Fact]
    public void AMutatedGeneAlwaysTakesAnotherValueInsideTheSpace()
    {
        var rng = new SeededRandom(7L);
        for (var n = 0; n < 5000; n++)
        {
            var u = _space.RandomPoint(rng);
            if (n % 10 == 0) u[n % u.Length] = n / 10 % 2; // the ends too
            for (var i = 0; i < u.Length; i++)
            {
                var sigma = n % 3 == 0 ? 1e-6 : 0.1 * (1 + n % 5);
                var m = _space.MutateGene(i, u[i], sigma, rng);
                Assert.True(m >= 0 && m <= 1, $"coordinate {m}");
                Assert.NotEqual(_space.Axis(i).Decode(u[i]), _space.Axis(i).Decode(m));
            }
        }
    }

    [Fact]
    public void OrderedMutationFavoursNeighbours()
    {
        var axis = (LevelAxis)_space.Axis(0);
        var rng = new SeededRandom(8L);
        var byDistance = new int[101];
        for (var n = 0; n < 20_000; n++)
        {
            long from = 20 + n % 60;
            var to = axis.LevelOf(axis.Mutate(axis.Centre(from), 0.1, rng));
            byDistance[(int)Math.Abs(to - from)]++;
        }
        Assert.Equal(0, byDistance[0]);
        Assert.True(byDistance[1] > byDistance[5], "1 step more likely than 5");
        Assert.True(byDistance[5] > byDistance[20], "5 steps more likely than 20");
        Assert.True(byDistance[20] > 0, "far moves still happen");
    }

    [Fact]
    public void ChoicesJumpToAnyOtherChoice()
    {
        var axis = (LevelAxis)_space.Axis(3);
        var rng = new SeededRandom(9L);
        var counts = new int[4];
        for (var n = 0; n < 9000; n++) counts[(int)axis.LevelOf(axis.Mutate(axis.Centre(0), 0.1, rng))]++;
        Assert.Equal(0, counts[0]);
        for (var k = 1; k < 4; k++) Assert.InRange(counts[k], 2800, 3200);
    }

    [Fact]
    public void ASingleValuedKnobCannotChange()
    {
        var axis = KnobSpace.Of([IntKnob("k", 4, 4, 1)]).Axis(0);
        var rng = new SeededRandom(10L);
        Assert.Equal(4L, axis.Decode(axis.Mutate(0.3, 0.1, rng)));
    }

    [Fact]
    public void ReflectionFoldsBackIntoTheUnitInterval()
    {
        Assert.Equal(0.2, UnitInterval.Reflect(-0.2), 1e-15);
        Assert.Equal(0.7, UnitInterval.Reflect(1.3), 1e-15);
        Assert.Equal(0.5, UnitInterval.Reflect(2.5), 1e-15);
        Assert.Equal(0.5, UnitInterval.Reflect(-1.5), 1e-15);
        Assert.Equal(1.0, UnitInterval.Reflect(1.0));
        Assert.Throws<ArgumentException>(() => UnitInterval.Reflect(double.NaN));
    }
}
