using Dream.Core.Evolution;

namespace Dream.Core.Tests.Evolution;

/// <summary>The ask/tell CMA-ES on its own (the Java tree relied on Hipparchus's tests for it).</summary>
public class CmaesOptimizerTests
{
    private static CmaesOptimizer Optimizer(int d, int lambda, int seed, double[]? guess = null) =>
        new(guess ?? Enumerable.Repeat(0.5, d).ToArray(), Enumerable.Repeat(0.3, d).ToArray(), lambda,
            new double[d], Enumerable.Repeat(1.0, d).ToArray(), new SeededRandom(seed), 100_000, double.MaxValue);

    private static double Sphere(double[] x, double[] optimum) => x.Zip(optimum, (a, b) => (a - b) * (a - b)).Sum();

    [Fact]
    public void MinimizesAShiftedSphereInsideTheBox()
    {
        double[] optimum = [0.2, 0.7, 0.35, 0.9, 0.55];
        var opt = Optimizer(5, 10, 1);
        var best = double.MaxValue;
        for (var g = 0; g < 400 && !opt.Stopped; g++)
        {
            var points = opt.Ask();
            var values = points.Select(p => Sphere(p, optimum)).ToArray();
            best = Math.Min(best, values.Min());
            opt.Tell(values);
        }
        Assert.True(best < 1e-10, $"best {best}");
    }

    [Fact]
    public void FindsAnOptimumOnTheBoundByRepair()
    {
        double[] optimum = [1.0, 0.0];
        var opt = Optimizer(2, 8, 2);
        var best = double.MaxValue;
        for (var g = 0; g < 300 && !opt.Stopped; g++)
        {
            var points = opt.Ask();
            foreach (var p in points) Assert.All(p, x => Assert.InRange(x, 0.0, 1.0));
            var values = points.Select(p => Sphere(p, optimum)).ToArray();
            best = Math.Min(best, values.Min());
            opt.Tell(values);
        }
        Assert.True(best < 1e-12, $"best {best}");
    }

    [Fact]
    public void TheSameSeedAndAnswersGiveTheSamePoints()
    {
        var a = Optimizer(3, 6, 7);
        var b = Optimizer(3, 6, 7);
        for (var g = 0; g < 20; g++)
        {
            var pa = a.Ask();
            var pb = b.Ask();
            Assert.Equal(pa, pb);
            var values = pa.Select(p => p.Sum()).ToArray();
            a.Tell(values);
            b.Tell(values);
        }
    }

    [Fact]
    public void AFlatObjectiveStopsTheRunOnItsOwn()
    {
        var opt = Optimizer(3, 6, 3);
        var generations = 0;
        while (!opt.Stopped && generations < 10_000)
        {
            var points = opt.Ask();
            opt.Tell(points.Select(_ => 1.0).ToArray());
            generations++;
        }
        Assert.True(opt.Stopped, "a flat objective must trip a termination criterion");
        Assert.Throws<InvalidOperationException>(() => opt.Ask());
    }

    [Fact]
    public void AskAndTellAlternate()
    {
        var opt = Optimizer(2, 4, 1);
        Assert.Throws<InvalidOperationException>(() => opt.Tell([0, 0, 0, 0]));
        opt.Ask();
        Assert.Throws<InvalidOperationException>(() => opt.Ask());
        Assert.Throws<ArgumentException>(() => opt.Tell([0, 0]));
    }
}
