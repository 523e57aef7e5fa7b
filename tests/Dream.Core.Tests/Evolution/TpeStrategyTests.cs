using Dream.Core.Domain;
using Dream.Core.Evolution;
using Dream.Core.Knobs;
using static Dream.Core.Tests.Knobs.TestKnobs;

namespace Dream.Core.Tests.Evolution;

public class TpeStrategyTests
{
    private static readonly KnobSpace Mixed = KnobSpace.Of([
        IntKnob("threads", 1, 64, 1), FloatKnob("util", 0.25, 1.0, 0.05), Choice("gov", "perf", "sched", "save"),
        FloatKnob("ratio", 0.0, 1.0, null), Bool("smt"), LogInt("queue", 1, 4096, 1)]);

    private static readonly IReadOnlyDictionary<string, object> MixedOptimum =
        Campaigns.Map(("threads", 12L), ("util", 0.75), ("gov", "sched"), ("ratio", 0.3), ("smt", true), ("queue", 300L));

    private static readonly Func<Genome, double?> MixedScore = Campaigns.Sphere(Mixed, MixedOptimum);

    private static EvolutionParams Tpe(int population) => EvolutionParams.Default.WithStrategy("tpe").WithPopulation(population);

    private static IStrategy Strategy(KnobSpace space, int population, long seed, string domain = "cpu") =>
        Strategies.Create(space, Tpe(population), seed, domain);

    [Fact]
    public void IsSelectableByName()
    {
        Assert.IsType<TpeStrategy>(Strategy(Mixed, 10, 1));
        Assert.Contains("tpe", EvolutionParams.Strategies);
    }

    [Fact]
    public void GenerationZeroIsTheInitialDesignOfTheGa()
    {
        var ga = Strategies.Create(Mixed, EvolutionParams.Default.WithStrategy("ga").WithPopulation(12), 5, "cpu").Propose(0, []);
        Assert.Equal(ga, Strategy(Mixed, 12, 5).Propose(0, []));
    }

    [Fact]
    public void ReplayingTheSameHistoryProposesTheSameGenerationFromScratch()
    {
        var history = Campaigns.Run(Strategy(Mixed, 12, 3), 8, MixedScore);
        for (var g = 0; g < 8; g++)
        {
            var prefix = history.Take(g).ToArray();
            var proposed = Campaigns.Genomes(history[g]);
            Assert.Equal(proposed, Strategy(Mixed, 12, 3).Propose(g, prefix));
            Assert.Equal(proposed, Strategy(Mixed, 12, 3).Propose(g, prefix));
        }
    }

    [Fact]
    public void AnotherSeedOrDomainProposesOtherGenomes()
    {
        var a = Campaigns.Genomes(Campaigns.Run(Strategy(Mixed, 10, 1), 4, MixedScore));
        var b = Campaigns.Genomes(Campaigns.Run(Strategy(Mixed, 10, 2), 4, MixedScore));
        var c = Campaigns.Genomes(Campaigns.Run(Strategy(Mixed, 10, 1, "gpu"), 4, MixedScore));
        Assert.NotEqual(a[3], b[3]);
        Assert.NotEqual(a[3], c[3]);
    }

    [Fact]
    public void EveryGenerationIsDistinctInTheSpaceAndOnTheKnobsLevels()
    {
        var history = Campaigns.Run(Strategy(Mixed, 16, 9), 10, MixedScore);
        foreach (var gen in history)
        {
            Assert.Equal(16, gen.Count);
            Assert.Equal(16, gen.Select(s => s.Genome).ToHashSet().Count);
            foreach (var s in gen)
            {
                Assert.True(Mixed.Contains(s.Genome), s.Genome.Key());
                Assert.Contains((string)s.Genome.Get("gov")!, new[] { "perf", "sched", "save" });
                Assert.IsType<bool>(s.Genome.Get("smt"));
                Assert.InRange((double)s.Genome.Get("ratio")!, 0.0, 1.0);
                Assert.InRange((long)s.Genome.Get("threads")!, 1L, 64L);
            }
        }
    }

    [Fact]
    public void ProposalsConcentrateWhereTheGoodSetIsIn1D()
    {
        var space = KnobSpace.Of([FloatKnob("x", 0, 10, null)]);
        var score = Campaigns.Sphere(space, Campaigns.Map(("x", 7.0)));
        var history = Campaigns.Run(Strategy(space, 10, 4), 8, score);
        double MedianDistance(IReadOnlyList<Scored> gen) =>
            gen.Select(s => Math.Abs((double)s.Genome.Get("x")! - 7.0)).Order().ElementAt(gen.Count / 2);
        Assert.True(MedianDistance(history[0]) > 1.5, "generation 0 is spread out");
        Assert.True(MedianDistance(history[7]) < 0.5, $"generation 7's median distance {MedianDistance(history[7])}");
    }

    [Fact]
    public void ProposalsConcentrateWhereTheGoodSetIsIn2D()
    {
        var space = KnobSpace.Of([FloatKnob("x", 0, 1, null), IntKnob("n", 0, 100, 1)]);
        var score = Campaigns.Sphere(space, Campaigns.Map(("x", 0.15), ("n", 80L)));
        var history = Campaigns.Run(Strategy(space, 12, 8), 10, score);
        var near = history[9].Count(s => Math.Abs((double)s.Genome.Get("x")! - 0.15) < 0.1
            && Math.Abs((long)s.Genome.Get("n")! - 80) <= 10);
        var nearAtStart = history[0].Count(s => Math.Abs((double)s.Genome.Get("x")! - 0.15) < 0.1
            && Math.Abs((long)s.Genome.Get("n")! - 80) <= 10);
        Assert.True(near >= 6, $"{near} of 12 within 0.1 and 10 of the optimum in generation 9 ({nearAtStart} in generation 0)");
    }

    [Fact]
    public void UnsafeCandidatesAreInTheBadSetWhateverTheOthersScore()
    {
        var space = KnobSpace.Of([FloatKnob("x", 0, 1, null)]);
        var tpe = (TpeStrategy)Strategy(space, 10, 1);
        var history = new IReadOnlyList<Scored>[]
        {
            [new Scored(Genome.Of(("x", 0.1)), null), new Scored(Genome.Of(("x", 0.2)), -5.0), new Scored(Genome.Of(("x", 0.3)), null)],
        };
        var (observations, _) = tpe.Observations(history);
        var (good, bad) = tpe.Split(observations);
        Assert.Equal([0.2], good.Select(u => u[0]));
        Assert.Equal([0.1, 0.3], bad.Select(u => u[0]));
    }

    [Fact]
    public void ProposalsStayAwayFromAnUnsafeRegion()
    {
        // Everything below 0.4 is unsafe; the optimum is at 0.7.
        var space = KnobSpace.Of([FloatKnob("x", 0, 1, null)]);
        Func<Genome, double?> score = g => (double)g.Get("x")! < 0.4 ? null : -Math.Abs((double)g.Get("x")! - 0.7);
        var history = Campaigns.Run(Strategy(space, 10, 2), 8, score);
        var unsafeLate = history.Skip(4).Sum(gen => gen.Count(s => !s.Safe()));
        Assert.True(unsafeLate <= 4, $"{unsafeLate} of 40 late proposals unsafe");
    }

    [Fact]
    public void FindsTheOptimumOfAMixedSphereFasterThanRandomSearch()
    {
        var tpe = new List<double>();
        var random = new List<double>();
        for (long seed = 1; seed <= 7; seed++)
        {
            var h = Campaigns.Run(Strategy(Mixed, 12, seed), 8, MixedScore);
            tpe.Add(h.Max(Campaigns.Best));
            var rng = new SeededRandom(seed * 977);
            random.Add(Enumerable.Range(0, 12 * 8).Max(_ => MixedScore(Mixed.Random(rng))!.Value));
        }
        var tpeMedian = tpe.Order().ElementAt(3);
        var randomMedian = random.Order().ElementAt(3);
        // Scores are minus the sphere: higher is nearer.
        Assert.True(tpeMedian > randomMedian * 0.5, $"tpe median best {tpeMedian}, random {randomMedian}");
    }

    [Fact]
    public void TheMultivariateVariantReplaysAndConcentratesToo()
    {
        var settings = TpeSettings.Default with { Multivariate = true };
        IStrategy Mv(long seed) => new TpeStrategy(Mixed, Tpe(12), seed, "cpu", settings);
        var history = Campaigns.Run(Mv(6), 8, MixedScore);
        for (var g = 0; g < 8; g++) Assert.Equal(Campaigns.Genomes(history[g]), Mv(6).Propose(g, history.Take(g).ToArray()));
        Assert.All(history, gen => Assert.Equal(12, gen.Select(x => x.Genome).ToHashSet().Count));
        Assert.True(Campaigns.Best(history[7]) > Campaigns.Best(history[0]), "generation 7 finds a better genome than generation 0");
    }

    [Fact]
    public void ASpaceNoLargerThanThePopulationIsProposedWhole()
    {
        var space = KnobSpace.Of([Bool("a"), Choice("b", "x", "y", "z")]);
        var history = Campaigns.Run(Strategy(space, 6, 1), 3, _ => 1.0);
        Assert.All(history, gen => Assert.Equal(space.Enumerate(), Campaigns.Genomes(gen)));
    }

    [Fact]
    public void FuzzedSpacesGiveValidDistinctGenerations()
    {
        var rng = new SeededRandom(11);
        for (var t = 0; t < 25; t++)
        {
            var space = RandomSpaces.Next(rng);
            var population = 2 + rng.Next(14);
            var strategy = Strategies.Create(space, Tpe(population), t, "fuzz");
            var size = space.Size();
            var history = Campaigns.Run(strategy, 4, g => rng.Next(5) == 0 ? null : rng.NextDouble());
            foreach (var gen in history)
            {
                Assert.Equal(size is { } s && s < population ? (int)s : population, gen.Count);
                Assert.Equal(gen.Count, gen.Select(x => x.Genome).ToHashSet().Count);
                Assert.All(gen, x => Assert.True(space.Contains(x.Genome)));
            }
        }
    }
}
