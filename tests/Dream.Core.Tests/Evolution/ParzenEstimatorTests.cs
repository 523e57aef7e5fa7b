using Dream.Core.Evolution;
using Dream.Core.Knobs;
using static Dream.Core.Tests.Knobs.TestKnobs;

namespace Dream.Core.Tests.Evolution;

public class ParzenEstimatorTests
{
    private static readonly TpeSettings S = TpeSettings.Default;
    private static readonly IAxis Unit = KnobSpace.Of([FloatKnob("x", 0, 1, null)]).Axis(0);

    // The expected values below are the formulas of Optuna 3.1's univariate Parzen estimator evaluated independently
    // (Python's math.erf): weights 1 per observation and 1 for the prior N(0.5, 1), truncated to [0, 1].

    [Theory]
    [InlineData(0.3, 0.23144523407850462)]
    [InlineData(0.0, -0.0410112007616628)]
    [InlineData(0.9, -0.4632215564393366)]
    public void OneObservationGivesItsKernelTheMagicClipBandwidthBesideThePrior(double x, double expected)
    {
        // One point at 0.3: its gap to the prior's centre is 0.2, clipped up to 1/min(100, 1 + 2) = 1/3.
        var p = ParzenEstimator.For(Unit, [0.3], S);
        Assert.Equal(expected, p.LogDensity(x), 12);
    }

    [Theory]
    [InlineData(0.2, 0.008674879033960413)]
    [InlineData(0.5, 0.0679598192534362)]
    public void TwoObservationsTakeTheGapToTheirNeighbour(double x, double expected)
    {
        var p = ParzenEstimator.For(Unit, [0.8, 0.2], S);
        Assert.Equal(expected, p.LogDensity(x), 12);
    }

    [Fact]
    public void AContinuousDensityIntegratesToOneOnTheUnitInterval()
    {
        var p = ParzenEstimator.For(Unit, [0.05, 0.1, 0.11, 0.5, 0.93, 0.99], S);
        const int n = 20000;
        double sum = 0;
        for (var i = 0; i < n; i++) sum += Math.Exp(p.LogDensity((i + 0.5) / n)) / n;
        Assert.Equal(1.0, sum, 4);
    }

    [Fact]
    public void AnIntegerLevelWeighsTheMassOfItsCell()
    {
        var axis = (LevelAxis)KnobSpace.Of([IntKnob("n", 0, 3, 1)]).Axis(0);
        var p = ParzenEstimator.For(axis, [axis.Centre(1)], S);
        double[] expected = [-1.3693121685459124, -1.1938919124203504, -1.3392153835770613, -1.7113187261190232];
        for (var k = 0; k < 4; k++) Assert.Equal(expected[k], p.LogDensity(axis.Centre(k)), 12);
        Assert.Equal(1.0, Enumerable.Range(0, 4).Sum(k => Math.Exp(p.LogDensity(axis.Centre(k)))), 12);
    }

    [Fact]
    public void AWideKnobsLevelWeighsItsCellByTheDensityAtItsMidpoint()
    {
        // 10^6 + 1 levels: every cell is far narrower than a kernel, so the density takes the midpoint rule there
        // rather than two Erfc per kernel; it must agree with the exact cell mass and still sum to one.
        var axis = (LevelAxis)KnobSpace.Of([IntKnob("a", 0, 1_000_000, 1)]).Axis(0);
        var rng = new SeededRandom(5);
        var points = Enumerable.Range(0, 300).Select(_ => Math.Min(1, Math.Abs(0.3 + 0.05 * Normal(rng)))).ToArray();
        var p = ParzenEstimator.For(axis, points, S);
        var exact = ParzenEstimator.Mixture.Of(new KnobPoints(points), ParzenEstimator.Weights(points.Length, S), S, new TruncatedKernels());
        var worst = 0.0;
        for (var i = 0; i <= 400; i++)
        {
            var level = i * 2_500L;
            var mass = exact.Mass(axis, level);
            worst = Math.Max(worst, Math.Abs(Math.Exp(p.LogDensity(axis.Centre(level))) / mass - 1));
        }
        Assert.True(worst < 1e-6, $"midpoint mass off by {worst:E2} (relative)");
        Assert.Equal(1.0, Enumerable.Range(0, 1_000_001).Sum(k => Math.Exp(p.LogDensity(axis.Centre(k)))), 6);
    }

    private static double Normal(SeededRandom rng) => MathNet.Numerics.Distributions.Normal.Sample(rng, 0, 1);

    [Fact]
    public void AChoiceIsASmoothedCategorical()
    {
        var axis = (LevelAxis)KnobSpace.Of([Choice("gov", "perf", "sched", "save")]).Axis(0);
        // Kernels: 3 observations + prior = 4; each observation's row is 1 on its level + 1/4 everywhere, normalised.
        var p = ParzenEstimator.For(axis, [axis.Centre(0), axis.Centre(2), axis.Centre(0)], S);
        Assert.Equal(10.0 / 21, Math.Exp(p.LogDensity(axis.Centre(0))), 12);
        Assert.Equal(4.0 / 21, Math.Exp(p.LogDensity(axis.Centre(1))), 12);
        Assert.Equal(1.0 / 3, Math.Exp(p.LogDensity(axis.Centre(2))), 12);
    }

    [Fact]
    public void ABoolIsCategoricalAndWithoutObservationsUniform()
    {
        var axis = (LevelAxis)KnobSpace.Of([Bool("smt")]).Axis(0);
        var none = ParzenEstimator.For(axis, [], S);
        Assert.Equal(0.5, Math.Exp(none.LogDensity(axis.Centre(0))), 12);
        var p = ParzenEstimator.For(axis, [axis.Centre(1)], S);
        // Kernels 2, fill 1/2: the observation's row is (0.5, 1.5)/2; the prior's (0.5, 0.5).
        Assert.Equal(0.5 * 0.25 + 0.5 * 0.5, Math.Exp(p.LogDensity(axis.Centre(0))), 12);
    }

    [Fact]
    public void SamplesStayInTheUnitIntervalAndDiscreteSamplesOnLevels()
    {
        var rng = new SeededRandom(7);
        var cont = ParzenEstimator.For(Unit, [0.0, 0.0, 1.0, 0.999], S);
        var axis = (LevelAxis)KnobSpace.Of([LogInt("n", 1, 1000, 1)]).Axis(0);
        var disc = ParzenEstimator.For(axis, [axis.Centre(0), axis.Centre(999)], S);
        for (var i = 0; i < 5000; i++)
        {
            var x = cont.Sample(rng);
            Assert.InRange(x, 0.0, 1.0);
            var u = disc.Sample(rng);
            Assert.Equal(axis.Centre(axis.LevelOf(u)), u);
        }
    }

    [Fact]
    public void SamplesFollowTheDensity()
    {
        // Two points at 0.2: most draws fall near them, as the density says.
        var p = ParzenEstimator.For(Unit, [0.2, 0.2, 0.2, 0.2], S);
        var rng = new SeededRandom(3);
        const int n = 20000;
        var inside = 0;
        for (var i = 0; i < n; i++) if (Math.Abs(p.Sample(rng) - 0.2) < 0.1) inside++;
        var m = 2000;
        double expected = 0;
        for (var i = 0; i < m; i++) expected += Math.Exp(p.LogDensity(0.1 + 0.2 * (i + 0.5) / m)) * 0.2 / m;
        // 20,000 draws: the standard error of the share is about 0.0035.
        Assert.InRange((double)inside / n, expected - 0.015, expected + 0.015);
    }

    [Fact]
    public void RecentObservationsKeepFullWeightAndOlderOnesRampUp()
    {
        Assert.All(ParzenEstimator.Weights(24, S), w => Assert.Equal(1.0, w));
        var w30 = ParzenEstimator.Weights(30, S);
        Assert.Equal(1.0 / 30, w30[0], 12);
        Assert.Equal(1.0, w30[4], 12);
        Assert.True(w30[1] > w30[0] && w30[2] > w30[1]);
        Assert.All(w30[5..], w => Assert.Equal(1.0, w));
    }
}
