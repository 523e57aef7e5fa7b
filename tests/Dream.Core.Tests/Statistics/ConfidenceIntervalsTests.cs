using Dream.Core.Statistics;

namespace Dream.Core.Tests.Statistics;

public class ConfidenceIntervalsTests
{
    /// <summary>A right-skewed sample (15 values), used for the BCa reference case.</summary>
    internal static readonly double[] Skewed = [0.62, 1.85, 0.33, 2.91, 0.47, 1.12, 0.21, 3.75, 0.88, 1.40, 0.55, 2.20, 0.95, 0.30, 1.68];

    [Fact]
    public void No_values_give_no_interval()
    {
        Assert.Null(ConfidenceIntervals.Mean([], CiOptions.Default, 1, "m"));
    }

    [Fact]
    public void One_value_is_its_own_interval_without_method()
    {
        Assert.Equal(new Interval(4.2, 4.2, CiMethod.None), ConfidenceIntervals.Mean([4.2], CiOptions.Default, 1, "m"));
    }

    [Fact]
    public void Few_values_get_the_student_t_interval()
    {
        // mean 3, s = 1.5811, se = 0.70711, t(0.975, 4) = 2.7764451 (scipy.stats.t.ppf)
        var i = ConfidenceIntervals.Mean([1.0, 2, 3, 4, 5], CiOptions.Default, 1, "m")!;
        Assert.Equal(CiMethod.StudentT, i.Method);
        Assert.Equal(3 - 2.7764451 * Math.Sqrt(2.5 / 5), i.Lo, 1e-6);
        Assert.Equal(3 + 2.7764451 * Math.Sqrt(2.5 / 5), i.Hi, 1e-6);
    }

    [Fact]
    public void The_bootstrap_starts_at_min_bootstrap_n()
    {
        var nine = Skewed[..9];
        var ten = Skewed[..10];
        Assert.Equal(10, CiOptions.Default.MinBootstrapN);
        Assert.Equal(CiMethod.StudentT, ConfidenceIntervals.Mean(nine, CiOptions.Default, 1, "m")!.Method);
        Assert.Equal(CiMethod.Bca, ConfidenceIntervals.Mean(ten, CiOptions.Default, 1, "m")!.Method);
        var forcedT = CiOptions.Default.WithMethod(CiMethod.StudentT);
        Assert.Equal(CiMethod.StudentT, ConfidenceIntervals.Mean(Skewed, forcedT, 1, "m")!.Method);
    }

    [Fact]
    public void Bca_matches_an_independent_implementation()
    {
        // Reference: scipy.stats.bootstrap((x,), np.mean, method='BCa', n_resamples=400000,
        // confidence_level=0.95) gives [0.86333, 1.90733]; percentile gives [0.81333, 1.82067].
        // Monte Carlo error with 100000 resamples here is about 0.004.
        var reps = ConfidenceIntervals.ResampleMeans(Skewed, 100_000, RandomStreams.IndicesOf(7, "reference"));
        var a = BootstrapInterval.Acceleration([ConfidenceIntervals.LeaveOneOutMeans(Skewed)]);
        var bca = BootstrapInterval.Bca(Stats.Mean(Skewed), (double[])reps.Clone(), a, 0.95);
        var pct = BootstrapInterval.Percentile((double[])reps.Clone(), 0.95);
        Assert.Equal(0.86333, bca.Lo, 0.015);
        Assert.Equal(1.90733, bca.Hi, 0.015);
        Assert.Equal(0.81333, pct.Lo, 0.015);
        Assert.Equal(1.82067, pct.Hi, 0.015);
        // BCa moves both ends toward the long right tail, as a skewed mean should.
        Assert.True(bca.Lo > pct.Lo && bca.Hi > pct.Hi);
    }

    [Fact]
    public void Acceleration_of_a_mean_is_skewness_over_six_root_n()
    {
        var m = Stats.Mean(Skewed);
        double s2 = 0, s3 = 0;
        foreach (var x in Skewed)
        {
            s2 += (x - m) * (x - m);
            s3 += (x - m) * (x - m) * (x - m);
        }
        var expected = s3 / (6 * Math.Pow(s2, 1.5)); // 0.0458598 per numpy
        Assert.Equal(0.0458598, expected, 1e-6);
        Assert.Equal(expected, BootstrapInterval.Acceleration([ConfidenceIntervals.LeaveOneOutMeans(Skewed)]), 1e-12);
    }

    [Fact]
    public void Symmetric_replicates_have_no_bias_correction()
    {
        Assert.Equal(0, BootstrapInterval.BiasCorrection(0, [-2, -1, 0, 1, 2]), 1e-12);
        Assert.True(BootstrapInterval.BiasCorrection(0, [-2, -1, -0.5, 1, 2]) > 0);
    }

    [Fact]
    public void Percentile_option_reads_the_expanded_quantiles_of_the_same_resamples()
    {
        var pct = CiOptions.Default.WithMethod(CiMethod.Percentile);
        var i = ConfidenceIntervals.Mean(Skewed, pct, 11, "latency")!;
        Assert.Equal(CiMethod.Percentile, i.Method);
        var reps = ConfidenceIntervals.ResampleMeans(Skewed, pct.Resamples, RandomStreams.IndicesOf(11, "latency"));
        var level = BootstrapInterval.ExpandedLevel(0.95, Skewed.Length);
        Assert.Equal(Stats.Percentile(reps, 100 * (1 - level) / 2), i.Lo, 1e-12);
        Assert.Equal(Stats.Percentile(reps, 100 * (1 + level) / 2), i.Hi, 1e-12);
    }

    [Fact]
    public void Expansion_widens_small_samples_and_vanishes_for_large_ones()
    {
        // n = 10 at 95%: 2Φ(√(10/9)·t(0.975, 9)) − 1 = 2Φ(2.3845) − 1 = 0.9829.
        Assert.Equal(0.9829, BootstrapInterval.ExpandedLevel(0.95, 10), 1e-4);
        Assert.Equal(0.95, BootstrapInterval.ExpandedLevel(0.95, 100_000), 1e-4);
    }

    [Fact]
    public void Every_metric_has_its_own_reproducible_stream()
    {
        var same = (double[])Skewed.Clone();
        var perf1 = ConfidenceIntervals.Mean(same, CiOptions.Default, 42, "c/normal/perf");
        var watts = ConfidenceIntervals.Mean(same, CiOptions.Default, 42, "c/normal/watts");
        var perf2 = ConfidenceIntervals.Mean(same, CiOptions.Default, 42, "c/normal/perf");
        Assert.Equal(perf1, perf2);
        Assert.NotEqual(perf1, watts);
        var a = RandomStreams.Of(42, "perf");
        var b = RandomStreams.Of(42, "watts");
        var a2 = RandomStreams.Of(42, "perf");
        var sa = Enumerable.Range(0, 8).Select(_ => a.NextInt64()).ToArray();
        var sb = Enumerable.Range(0, 8).Select(_ => b.NextInt64()).ToArray();
        var sa2 = Enumerable.Range(0, 8).Select(_ => a2.NextInt64()).ToArray();
        Assert.Equal(sa, sa2);
        Assert.NotEqual(sa, sb);
        Assert.NotEqual(RandomStreams.Of(43, "perf").NextInt64(), RandomStreams.Of(42, "perf").NextInt64());
    }

    [Fact]
    public void Constant_values_give_a_zero_width_interval()
    {
        var flat = Enumerable.Repeat(5.0, 12).ToArray();
        Assert.Equal(0, ConfidenceIntervals.Mean(flat, CiOptions.Default, 1, "m")!.Width());
        Assert.Equal(0, ConfidenceIntervals.Mean([5.0, 5, 5], CiOptions.Default, 1, "m")!.Width());
    }

    [Fact]
    public void Non_finite_values_are_rejected_not_averaged()
    {
        Assert.Throws<ArgumentException>(() => ConfidenceIntervals.Mean([1, double.NaN, 3], CiOptions.Default, 1, "m"));
    }

    [Fact]
    public void Options_reject_nonsense()
    {
        Assert.Throws<ArgumentException>(() => new CiOptions(CiMethod.None, 2000, 0.95, 10));
        Assert.Throws<ArgumentException>(() => new CiOptions(CiMethod.Bca, 2000, 1.0, 10));
        Assert.Throws<ArgumentException>(() => new CiOptions(CiMethod.Bca, 10, 0.95, 10));
    }

    [Fact]
    public void Ci_method_json_names()
    {
        Assert.Equal("student-t", CiMethod.StudentT.ToWire());
        Assert.Equal(CiMethod.Bca, CiMethodNames.Parse("bca"));
        Assert.Throws<ArgumentException>(() => CiMethodNames.Parse("BCa"));
    }
}
