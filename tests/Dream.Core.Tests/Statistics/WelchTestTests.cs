using Dream.Core.Domain;
using Dream.Core.Statistics;

namespace Dream.Core.Tests.Statistics;

public class WelchTestTests
{
    private static readonly double[] Candidate = [101.0, 99.5, 103.2, 100.8, 102.1];
    private static readonly double[] Baseline = [98.0, 99.1, 97.5, 98.8, 99.9, 98.2];

    [Fact]
    public void One_sided_in_the_kpis_better_direction()
    {
        // scipy.stats.ttest_ind(c, b, equal_var=False, alternative='greater' / 'less')
        Assert.Equal(0.0038912750, WelchTest.PImproves(Candidate, Baseline, Better.Higher)!.Value, 1e-8);
        Assert.Equal(0.9961087250, WelchTest.PImproves(Candidate, Baseline, Better.Lower)!.Value, 1e-8);
    }

    [Fact]
    public void Needs_two_values_on_each_side()
    {
        Assert.Null(WelchTest.PImproves([1.0], Baseline, Better.Higher));
    }

    [Fact]
    public void No_spread_anywhere_is_certain()
    {
        Assert.Equal(0.0, WelchTest.PImproves([2.0, 2], [1.0, 1], Better.Higher));
        Assert.Equal(1.0, WelchTest.PImproves([2.0, 2], [1.0, 1], Better.Lower));
    }
}
