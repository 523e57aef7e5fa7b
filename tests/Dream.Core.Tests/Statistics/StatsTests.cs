using Dream.Core.Statistics;

namespace Dream.Core.Tests.Statistics;

public class StatsTests
{
    private static readonly double[] Xs = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3];

    [Fact]
    public void Mean_and_sample_standard_deviation()
    {
        Assert.Equal(3.9, Stats.Mean(Xs), 1e-12);
        Assert.Equal(Math.Sqrt(54.9 / 9), Stats.Stdev(Xs), 1e-12);
        Assert.Equal(0, Stats.Stdev([7.0]));
    }

    [Fact]
    public void Percentiles_interpolate_like_numpy()
    {
        // numpy.percentile(XS, 95) = 7.65, numpy.percentile(XS, 50) = 3.5
        Assert.Equal(7.65, Stats.Percentile(Xs, 95), 1e-12);
        Assert.Equal(3.5, Stats.Percentile(Xs, 50), 1e-12);
        Assert.Equal(9, Stats.Percentile(Xs, 100));
        Assert.Equal(3.0, Xs[0]); // the input is not reordered
    }

    [Fact]
    public void Empty_or_non_finite_input_is_an_error()
    {
        Assert.Throws<ArgumentException>(() => Stats.Mean([]));
        Assert.Throws<ArgumentException>(() => Stats.Stdev([1, double.PositiveInfinity]));
        Assert.Throws<ArgumentException>(() => Stats.Percentile(Xs, 101));
    }
}
