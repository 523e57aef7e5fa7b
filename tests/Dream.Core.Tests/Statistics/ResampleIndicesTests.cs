using Dream.Core.Statistics;
using MathNet.Numerics.Random;
using Xunit;

namespace Dream.Core.Tests.Statistics;

public class ResampleIndicesTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    [InlineData(int.MaxValue)]
    [InlineData(123_456_789)]
    public void DrawsTheIndicesMathNetsXoshiroDrawsForTheSameSeed(int seed)
    {
        var ours = new ResampleIndices(seed);
        var mathNet = new Xoshiro256StarStar(seed, threadSafe: false);
        // ranges as a bootstrap uses them (sample sizes), changing between draws, powers of two included
        int[] sizes = [2, 3, 4, 5, 7, 8, 10, 16, 31, 64, 100, 1000, 1 << 20, 3_000_001];
        for (var i = 0; i < 20_000; i++)
        {
            var n = sizes[i % sizes.Length];
            Assert.Equal(mathNet.Next(n), ours.Next(n));
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(123_456_789)]
    public void FillingAResampleDrawsWhatOneDrawAtATimeWould(int seed)
    {
        var bulk = new ResampleIndices(seed);
        var single = new ResampleIndices(seed);
        int[] sizes = [1, 2, 3, 4, 5, 7, 8, 10, 16, 31, 64, 100, 1000, 1 << 20, 3_000_001];
        var picks = new int[40];
        for (var i = 0; i < 3_000; i++)
        {
            var n = sizes[i % sizes.Length];
            var count = i % picks.Length;
            bulk.Fill(picks.AsSpan(0, count), n);
            for (var k = 0; k < count; k++) Assert.Equal(single.Next(n), picks[k]);
        }
        // and both generators end in the same state
        Assert.Equal(single.Next(1000), bulk.Next(1000));
        Assert.Throws<ArgumentOutOfRangeException>(() => bulk.Fill(picks, 0));
    }

    [Fact]
    public void TheStreamOfASeedAndNameIsTheSameAsTheRandomStream()
    {
        var indices = RandomStreams.IndicesOf(42, "cand/score_v2");
        var random = RandomStreams.Of(42, "cand/score_v2");
        for (var i = 0; i < 1000; i++) Assert.Equal(random.Next(10), indices.Next(10));
    }

    [Fact]
    public void ANonPositiveRangeIsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ResampleIndices(1).Next(0));
    }

    [Fact]
    public void QuantileBySelectionEqualsTheQuantileOfTheSortedValues()
    {
        var rng = new Random(5);
        double[] qs = [0, 0.001, 0.025, 0.1, 0.5, 0.9, 0.975, 0.999, 1];
        for (var round = 0; round < 300; round++)
        {
            var n = 1 + rng.Next(400);
            // few distinct values in some rounds, so that ties are common
            var distinct = round % 3 == 0 ? 1 + rng.Next(4) : 1_000_000;
            var values = Enumerable.Range(0, n).Select(_ => (double)rng.Next(distinct) + (distinct > 10 ? rng.NextDouble() : 0)).ToArray();
            var sorted = values.OrderBy(v => v).ToArray();
            foreach (var q in qs)
            {
                var work = (double[])values.Clone();
                Assert.Equal(Stats.QuantileOfSorted(sorted, q), Stats.QuantileSelect(work, q));
            }
        }
    }
}
