using Dream.Core.Domain;
using Dream.Trials.Sim;
using Dream.Trials.Tests.Trials;
using MathNet.Numerics.Distributions;

namespace Dream.Trials.Tests.Sim;

public class SimFunctionTests
{
    private static readonly IReadOnlyList<Knob> Knobs = Fixtures.SimDomain().Knobs;
    private static readonly Dictionary<string, object> Optimum =
        Fixtures.Map("threads", 12L, "util", 0.75, "governor", "powersave", "smt", false);
    private static readonly Genome Best = Fixtures.Genome("threads", 12L, "util", 0.75, "governor", "powersave", "smt", false);

    private static SimParams Params(SimObjective f, double noise) => new(f, Optimum, noise);

    [Fact]
    public void EveryFunctionIsZeroAtTheOptimumAndGivesTheNominalKpisWithoutNoise()
    {
        foreach (var f in Enum.GetValues<SimObjective>())
        {
            var k = SimFunction.Kpis(Params(f, 0), Knobs, Best, 7, "normal", 0);
            Assert.Equal(0.0, k.F, 1e-12);
            Assert.Equal(1000.0, k.Perf, 1e-9);
            Assert.Equal(5.0, k.P95Ms, 1e-12);
            Assert.Equal(50.0, k.Watts, 1e-12);
        }
    }

    [Fact]
    public void ZScalesEachKnobByItsRangeWithChoicesAndBoolsByIndex()
    {
        // threads 1..64 (range 63), util 0.25..1 (0.75), governor 3 choices (2), smt (1).
        var g = Fixtures.Genome("threads", 51L, "util", 0.25, "governor", "performance", "smt", true);
        var z = SimFunction.Z(Knobs, g, Optimum);
        Assert.Equal((51 - 12) / 63.0, z[0], 1e-12);
        Assert.Equal((0.25 - 0.75) / 0.75, z[1], 1e-12);
        Assert.Equal((0 - 2) / 2.0, z[2], 1e-12);
        Assert.Equal(1.0, z[3], 1e-12);
    }

    [Fact]
    public void AChoiceOrBoolOptimumMayBeGivenByIndex()
    {
        var g = Fixtures.Genome("threads", 12L, "util", 0.75, "governor", "schedutil", "smt", true);
        var byIndex = SimFunction.Z(Knobs, g, Fixtures.Map("governor", 2L, "smt", 0L));
        Assert.Equal([-0.5, 1.0], byIndex);
    }

    [Fact]
    public void KnobsNotNamedInTheOptimumDoNotMatter()
    {
        var p = new SimParams(SimObjective.Sphere, Fixtures.Map("threads", 12L), 0);
        var a = Fixtures.Genome("threads", 12L, "util", 0.25, "governor", "performance", "smt", true);
        var b = Fixtures.Genome("threads", 12L, "util", 1.0, "governor", "schedutil", "smt", false);
        Assert.Equal(0.0, SimFunction.Kpis(p, Knobs, a, 1, "r", 0).F);
        Assert.Equal(0.0, SimFunction.Kpis(p, Knobs, b, 1, "r", 0).F);
    }

    [Fact]
    public void SphereAwayFromTheOptimumGivesTheContractKpis()
    {
        var p = new SimParams(SimObjective.Sphere, Fixtures.Map("util", 0.75), 0);
        var g = Fixtures.Genome("threads", 12L, "util", 0.25, "governor", "powersave", "smt", false);
        var k = SimFunction.Kpis(p, Knobs, g, 1, "r", 0);
        var f = (0.5 / 0.75) * (0.5 / 0.75);
        Assert.Equal(f, k.F, 1e-12);
        Assert.Equal(1000 / (1 + f), k.Perf, 1e-9);
        Assert.Equal(5 * (1 + f), k.P95Ms, 1e-12);
        Assert.Equal(50 * (1 + f / 4), k.Watts, 1e-12);
    }

    [Fact]
    public void RastriginAndRosenbrockHaveTheirTextbookValues()
    {
        // z' = 5.12 z = 0.5: 10 + 0.25 − 10 cos(π) = 20.25.
        Assert.Equal(20.25, SimObjective.Rastrigin.Value([0.5 / 5.12]), 1e-9);
        // A local minimum of Rastrigin at z' = 1: f = 1 + 10 − 10 = 1.
        Assert.Equal(1.0, SimObjective.Rastrigin.Value([1 / 5.12]), 1e-9);
        // z' = 2z + 1 = 0 for both knobs: 100(0 − 0)² + (1 − 0)² = 1.
        Assert.Equal(1.0, SimObjective.Rosenbrock.Value([-0.5, -0.5]), 1e-12);
        // z'=(1, 0): 100(0 − 1)² + 0 = 100, so the chain is not symmetric in its knobs.
        Assert.Equal(100.0, SimObjective.Rosenbrock.Value([0, -0.5]), 1e-12);
        Assert.Equal(1.0 + 100.0 * 1.0, SimObjective.Rosenbrock.Value([-0.5, 0]), 1e-12);
        // One knob: (1 − z')², z' = 2·0.5 + 1 = 2 → 1.
        Assert.Equal(1.0, SimObjective.Rosenbrock.Value([0.5]), 1e-12);
        Assert.Equal(0.0, SimObjective.Rosenbrock.Value([]));
    }

    [Fact]
    public void TheConfigNamesRoundTripAndAnUnknownOneIsRejected()
    {
        foreach (var f in Enum.GetValues<SimObjective>()) Assert.Equal(f, SimObjectives.Named(f.ConfigName()));
        Assert.Contains("ackley", Assert.Throws<ArgumentException>(() => SimObjectives.Named("ackley")).Message);
    }

    [Fact]
    public void TheSameTrialAlwaysGivesTheSameNumbersWhateverTheKnobOrder()
    {
        var g = Fixtures.Genome("threads", 20L, "util", 0.5, "governor", "schedutil", "smt", true);
        var reversed = new Genome(new[] { "smt", "governor", "util", "threads" }
            .Select(k => new KeyValuePair<string, object>(k, g.Get(k)!)));
        var p = Params(SimObjective.Rastrigin, 0.1);
        var a = SimFunction.Kpis(p, Knobs, g, 99, "stress", 3);
        var b = SimFunction.Kpis(p, Knobs, reversed, 99, "stress", 3);
        Assert.Equal(a, b);
        Assert.NotEqual(a.Perf, SimFunction.Kpis(p, Knobs, g, 99, "stress", 4).Perf);
        Assert.NotEqual(a.Perf, SimFunction.Kpis(p, Knobs, g, 98, "stress", 3).Perf);
        Assert.NotEqual(a.Perf, SimFunction.Kpis(p, Knobs, g, 99, "normal", 3).Perf);
        var other = Fixtures.Genome("threads", 21L, "util", 0.5, "governor", "schedutil", "smt", true);
        Assert.NotEqual(a.Perf, SimFunction.Kpis(p, Knobs, other, 99, "stress", 3).Perf);
    }

    [Fact]
    public void MinusZeroAndZeroAreTheSameKnobValue()
    {
        var knobs = new List<Knob> { Fixtures.FloatKnob("x", -1, 1, null, 0) };
        var p = new SimParams(SimObjective.Sphere, Fixtures.Map("x", 0.5), 0.1);
        Assert.Equal(SimFunction.Kpis(p, knobs, Fixtures.Genome("x", 0.0), 1, "r", 0),
            SimFunction.Kpis(p, knobs, Fixtures.Genome("x", -0.0), 1, "r", 0));
    }

    // Recorded from this implementation (SHA-256 → xoshiro256** → MathNet's polar normal sampler). It differs
    // from the Java tree's figure by design: Dream is deterministic from the seed, not bit-compatible with Java.
    private const double PinnedPerf = 1120.4463173388394;

    [Fact]
    public void TheStreamIsPinnedAcrossReleases()
    {
        // A changed encoding or generator would silently change every recorded sim run; pin one value.
        var k = SimFunction.Kpis(Params(SimObjective.Sphere, 0.05), Knobs, Best, 42, "normal", 0);
        var again = SimFunction.Kpis(Params(SimObjective.Sphere, 0.05), Knobs, Best, 42, "normal", 0);
        Assert.Equal(k, again);
        Assert.Equal(PinnedPerf, k.Perf);
    }

    [Fact]
    public void TheNoiseIsNormalWithTheConfiguredStandardDeviation()
    {
        const double noise = 0.05;
        const int n = 4000;
        var eps = new double[3][];
        for (var i = 0; i < 3; i++) eps[i] = new double[n];
        for (var t = 0; t < n; t++)
        {
            var k = SimFunction.Kpis(Params(SimObjective.Sphere, noise), Knobs, Best, 2024, "normal", t);
            eps[0][t] = Math.Log(k.Perf / 1000);
            eps[1][t] = Math.Log(k.P95Ms / 5);
            eps[2][t] = Math.Log(k.Watts / 50);
        }
        var expected = new Normal(0, noise);
        foreach (var e in eps)
        {
            var p = KolmogorovSmirnovPValue(e, expected.CumulativeDistribution);
            Assert.True(p > 0.001, "KS p-value " + p);
            var mean = e.Average();
            Assert.Equal(0, mean, 4 * noise / Math.Sqrt(n));
            var sd = Math.Sqrt(e.Sum(x => (x - mean) * (x - mean)) / (n - 1));
            Assert.Equal(noise, sd, 0.05 * noise); // sd of the sample sd ≈ noise/√(2n) ≈ 1.1 %
        }
        // The three KPIs get independent draws.
        Assert.True(Math.Abs(Correlation(eps[0], eps[1])) < 0.08);
        Assert.True(Math.Abs(Correlation(eps[0], eps[2])) < 0.08);
        Assert.True(Math.Abs(Correlation(eps[1], eps[2])) < 0.08);
    }

    [Fact]
    public void AnOptimumNamingAnUnknownKnobIsRejected()
    {
        var p = new SimParams(SimObjective.Sphere, Fixtures.Map("cores", 4L), 0);
        var e = Assert.Throws<ArgumentException>(() => SimFunction.Kpis(p, Knobs, Best, 1, "r", 0));
        Assert.Contains("cores", e.Message);
    }

    [Fact]
    public void ParamsAreReadFromTheRegimesWorkload()
    {
        var p = SimParams.From(Fixtures.Workload("sim", "function", "rosenbrock", "optimum", Fixtures.Map("threads", 12), "noise", 0.1));
        Assert.Equal(SimObjective.Rosenbrock, p.Function);
        Assert.Equal(0.1, p.Noise);
        Assert.Equal(12L, p.Optimum["threads"]);
        var defaults = SimParams.From(Fixtures.Workload("sim", "optimum", Fixtures.Map("threads", 12)));
        Assert.Equal(SimObjective.Sphere, defaults.Function);
        Assert.Equal(0.0, defaults.Noise);
        Assert.Throws<ArgumentException>(() => SimParams.From(Fixtures.Workload("sim", "function", "ackley", "optimum", Fixtures.Map())));
        Assert.Throws<ArgumentException>(() => SimParams.From(Fixtures.Workload("sim", "optimum", Fixtures.Map(), "noise", -1)));
        Assert.Throws<ArgumentException>(() => SimParams.From(Fixtures.Workload("sim", "noise", 0.1)));
        Assert.Throws<ArgumentException>(() => SimParams.From(Fixtures.Workload("sim", "optimum", Fixtures.Map(), "noise", "loud")));
        Assert.Throws<ArgumentException>(() => SimParams.From(Fixtures.Workload("builtin-cpu")));
    }

    /// <summary>The one-sample Kolmogorov–Smirnov test's p-value, from the asymptotic Kolmogorov distribution.</summary>
    private static double KolmogorovSmirnovPValue(double[] sample, Func<double, double> cdf)
    {
        var x = sample.OrderBy(v => v).ToArray();
        var n = x.Length;
        double d = 0;
        for (var i = 0; i < n; i++)
        {
            var f = cdf(x[i]);
            d = Math.Max(d, Math.Max((i + 1.0) / n - f, f - (double)i / n));
        }
        var t = d * (Math.Sqrt(n) + 0.12 + 0.11 / Math.Sqrt(n)); // Stephens' small-sample correction
        double p = 0;
        for (var k = 1; k <= 100; k++) p += 2 * (k % 2 == 1 ? 1 : -1) * Math.Exp(-2.0 * k * k * t * t);
        return Math.Clamp(p, 0, 1);
    }

    private static double Correlation(double[] a, double[] b)
    {
        var ma = a.Average();
        var mb = b.Average();
        double sab = 0, saa = 0, sbb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return sab / Math.Sqrt(saa * sbb);
    }
}
