using Dream.Core.Evolution;

namespace Dream.Core.Tests.Evolution;

public class KnobPointsTests
{
    [Fact]
    public void TheOrderIsTheStableSortsWithManyEqualValues()
    {
        var rng = new Random(3);
        for (var t = 0; t < 200; t++)
        {
            var values = Points(rng, rng.Next(1, 300));
            if (t % 5 == 0) values[0] = -0.0;
            Assert.Equal(Enumerable.Range(0, values.Length).OrderBy(i => values[i]).ToArray(), KnobPoints.StableOrder(values));
        }
    }

    [Fact]
    public void PointsAddedOneByOneKeepTheStableOrderWithThePriorAmongThem()
    {
        var rng = new Random(5);
        for (var t = 0; t < 50; t++)
        {
            var first = Points(rng, rng.Next(0, 100));
            var added = Points(rng, rng.Next(0, 60));
            var points = new KnobPoints(first);
            foreach (var p in added) points.Add(p);
            // The prior's centre 0.5 comes last, as Mixture.Of places it.
            var all = first.Concat(added).Append(0.5).ToArray();
            Assert.Equal(first.Concat(added), points.Points);
            Assert.Equal(Enumerable.Range(0, all.Length).OrderBy(i => all[i]).ToArray(), points.OrderWithPrior());
        }
    }

    /// <summary>Coordinates with many repeats (level centres, 0.5 among them) and some distinct ones.</summary>
    private static double[] Points(Random rng, int n)
    {
        var levels = 1 + rng.Next(8);
        return Enumerable.Range(0, n)
            .Select(_ => rng.Next(4) == 0 ? rng.NextDouble() : (rng.Next(levels) + 0.5) / levels)
            .Select(u => rng.Next(10) == 0 ? 0.5 : u).ToArray();
    }
}
