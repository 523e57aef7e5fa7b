using Dream.Core.Evolution;

namespace Dream.Core.Tests.Evolution;

public class SeededRandomTests
{
    [Fact]
    public void TheSameSeedGivesTheSameStream()
    {
        var a = new SeededRandom(42L);
        var b = new SeededRandom(42L);
        for (var i = 0; i < 100; i++)
        {
            Assert.Equal(a.NextLong(), b.NextLong());
            Assert.Equal(a.NextDouble(), b.NextDouble());
            Assert.Equal(a.NextGaussian(), b.NextGaussian());
            Assert.Equal(a.NextInt64(1000), b.NextInt64(1000));
        }
        Assert.NotEqual(new SeededRandom(1L).NextLong(), new SeededRandom(2L).NextLong());
    }

    [Fact]
    public void BoundedDrawsStayInRangeAndCoverIt()
    {
        var rng = new SeededRandom(3);
        var seen = new int[7];
        for (var i = 0; i < 7000; i++)
        {
            var l = rng.NextInt64(7);
            Assert.InRange(l, 0, 6);
            seen[l]++;
            Assert.InRange(rng.Next(5), 0, 4);
            Assert.InRange(rng.NextDouble(), 0.0, 1.0);
        }
        Assert.All(seen, c => Assert.InRange(c, 850, 1150));
        Assert.Throws<ArgumentOutOfRangeException>(() => rng.NextInt64(0));
    }

    [Fact]
    public void CombinationsAreDistinctAndShufflesArePermutations()
    {
        var rng = new SeededRandom(4);
        for (var i = 0; i < 200; i++)
        {
            var c = rng.Combination(10, 4);
            Assert.Equal(4, c.Distinct().Count());
            Assert.All(c, x => Assert.InRange(x, 0, 9));
        }
        var list = Enumerable.Range(0, 20).ToArray();
        rng.Permute(list);
        Assert.Equal(Enumerable.Range(0, 20), list.Order());
        Assert.NotEqual(Enumerable.Range(0, 20), list);
    }
}
