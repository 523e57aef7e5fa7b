using Dream.Core.Evolution;
using Dream.Core.Knobs;
using static Dream.Core.Tests.Knobs.TestKnobs;

namespace Dream.Core.Tests.Evolution;

public class JointParzenEstimatorTests
{
    private static readonly KnobSpace Space = KnobSpace.Of([FloatKnob("x", 0, 1, null), IntKnob("n", 0, 4, 1), Choice("c", "a", "b", "c")]);

    private static JointParzenEstimator Of(params double[][] points) => new(Space, points, TpeSettings.Default);

    [Fact]
    public void TheDensityIntegratesToOneOverTheMixedSpace()
    {
        var p = Of([0.2, 0.1, 0.2], [0.25, 0.5, 0.2], [0.9, 0.9, 0.9]);
        const int grid = 4000;
        double total = 0;
        for (var n = 0; n < 5; n++)
            for (var c = 0; c < 3; c++)
                for (var i = 0; i < grid; i++)
                    total += Math.Exp(p.LogDensity([(i + 0.5) / grid, (n + 0.5) / 5, (c + 0.5) / 3])) / grid;
        Assert.Equal(1.0, total, 4);
    }

    [Fact]
    public void KnobsGoodTogetherStayTogether()
    {
        // Two clusters: x low with choice a, x high with choice c. Draws keep the pairing, which per-knob densities lose.
        var p = Of([0.1, 0.1, 1.0 / 6], [0.12, 0.1, 1.0 / 6], [0.9, 0.9, 5.0 / 6], [0.88, 0.9, 5.0 / 6]);
        var rng = new SeededRandom(5);
        int paired = 0, crossed = 0;
        for (var i = 0; i < 4000; i++)
        {
            var u = p.Sample(rng);
            Assert.InRange(u[0], 0.0, 1.0);
            var c = ((LevelAxis)Space.Axis(2)).LevelOf(u[2]);
            if (u[0] < 0.3 && c == 0 || u[0] > 0.7 && c == 2) paired++;
            if (u[0] < 0.3 && c == 2 || u[0] > 0.7 && c == 0) crossed++;
        }
        Assert.True(paired > 4 * crossed, $"paired {paired}, crossed {crossed}");
    }

    [Fact]
    public void DiscreteDrawsAreLevelCentres()
    {
        var p = Of([0.5, 0.3, 0.5]);
        var rng = new SeededRandom(1);
        for (var i = 0; i < 500; i++)
        {
            var u = p.Sample(rng);
            var n = (LevelAxis)Space.Axis(1);
            Assert.Equal(n.Centre(n.LevelOf(u[1])), u[1]);
        }
    }
}
