using Dream.Core.Domain;
using Dream.Core.Evolution;
using Dream.Core.Knobs;
using static Dream.Core.Tests.Knobs.TestKnobs;

namespace Dream.Core.Tests.Evolution;

public class CmaesStrategyTests
{
    private static readonly KnobSpace Continuous = KnobSpace.Of([
        FloatKnob("x", 0, 1, null), FloatKnob("y", -5, 5, null), LogFloat("z", 0.01, 100, null)]);

    private static readonly Func<Genome, double?> Bowl =
        Campaigns.Sphere(Continuous, Campaigns.Map(("x", 0.3), ("y", -2.0), ("z", 70.0)));

    private static readonly KnobSpace Mixed = KnobSpace.Of([
        IntKnob("threads", 1, 16, 1), Choice("gov", "perf", "sched", "save"), Bool("smt"), FloatKnob("util", 0.25, 1.0, 0.25)]);

    private static EvolutionParams Cmaes(int population) => EvolutionParams.Default.WithStrategy("cmaes").WithPopulation(population);

    private static CmaesStrategy Strategy(KnobSpace space, int population, long seed) =>
        (CmaesStrategy)Strategies.Create(space, Cmaes(population), seed, "cpu");

    [Fact]
    public void ConvergesCloseToTheKnownOptimumOfAContinuousBowl()
    {
        for (long seed = 1; seed <= 5; seed++)
        {
            var history = Campaigns.Run(Strategy(Continuous, 10, seed), 30, Bowl);
            var first = Campaigns.Best(history[0]);
            var last = Campaigns.Best(history[29]);
            Assert.True(last > first, $"{first} -> {last}");
            // Sum of squared range fractions below 1e-3: each knob within about 3% of its range of the optimum.
            Assert.True(last > -1e-3, $"seed {seed}, best of generation 29 (population 10): {last}");
        }
    }

    [Fact]
    public void ReplayingTheSameHistoryProposesTheSameGenerationFromScratch()
    {
        var history = Campaigns.Run(Strategy(Mixed, 12, 3), 10, Campaigns.Sphere(Mixed, Campaigns.Map(("threads", 11L), ("util", 0.5))));
        for (var g = 0; g < 10; g++)
        {
            var prefix = history.Take(g).ToArray();
            var proposed = Campaigns.Genomes(history[g]);
            // A fresh instance, as after a restart of the coordinator, and a second call: both identical.
            Assert.Equal(proposed, Strategy(Mixed, 12, 3).Propose(g, prefix));
            Assert.Equal(proposed, Strategy(Mixed, 12, 3).Propose(g, prefix));
        }
    }

    [Fact]
    public void TheSameSeedReplaysTheSameCampaignAndAnotherSeedDoesNot()
    {
        var a = Campaigns.Genomes(Campaigns.Run(Strategy(Continuous, 8, 1), 6, Bowl));
        var b = Campaigns.Genomes(Campaigns.Run(Strategy(Continuous, 8, 1), 6, Bowl));
        var c = Campaigns.Genomes(Campaigns.Run(Strategy(Continuous, 8, 2), 6, Bowl));
        for (var g = 0; g < 6; g++)
        {
            Assert.Equal(a[g], b[g]);
            Assert.NotEqual(a[g], c[g]);
        }
    }

    [Fact]
    public void DiscreteSpacesGetDistinctGenomesAndTheExactOptimumIsFound()
    {
        // CMA-ES's points pile onto few genomes as it converges on integer and choice knobs: duplicates are
        // frequent, and the proposals must still be distinct.
        var space = KnobSpace.Of([
            IntKnob("threads", 1, 64, 1), FloatKnob("util", 0.25, 1.0, 0.05), Choice("gov", "perf", "sched", "save"), Bool("smt")]);
        var score = Campaigns.Sphere(space, Campaigns.Map(("threads", 40L), ("util", 0.6), ("gov", "save"), ("smt", true)));
        for (long seed = 1; seed <= 3; seed++)
        {
            var history = Campaigns.Run(Strategy(space, 20, seed), 20, score);
            var bestEver = double.NegativeInfinity;
            foreach (var gen in history)
            {
                Assert.Equal(20, Campaigns.Genomes(gen).ToHashSet().Count);
                Assert.All(gen, s => Assert.True(space.Contains(s.Genome)));
                bestEver = Math.Max(bestEver, Campaigns.Best(gen));
            }
            Assert.True(Math.Abs(bestEver) <= 1e-12, $"seed {seed}: the exact optimum of 6144 genomes within 20 generations, got {bestEver}");
        }
    }

    [Fact]
    public void OperatorsNeverLeaveTheSpaceOnRandomSpacesWithUnsafeCandidates()
    {
        var rng = new SeededRandom(17L);
        var candidates = 0;
        for (var trial = 0; trial < 60; trial++)
        {
            var space = RandomSpaces.Next(rng);
            var p = RandomSpaces.Params(rng, "cmaes");
            var s = Strategies.Create(space, p, rng.NextLong(), "d" + trial);
            var size = space.Size() ?? long.MaxValue;
            var scores = new SeededRandom(trial);
            var history = Campaigns.Run(s, 6, _ => scores.NextDouble() < 0.3 ? null : scores.NextDouble());
            foreach (var gen in history)
            {
                Assert.Equal(Math.Min(size, p.Population), gen.Count);
                Assert.Equal(gen.Count, Campaigns.Genomes(gen).ToHashSet().Count);
                foreach (var sc in gen) Assert.True(space.Contains(sc.Genome), sc.Genome.Key());
                candidates += gen.Count;
            }
        }
        Assert.True(candidates > 1000, $"cases: {candidates}");
    }

    [Fact]
    public void UnsafeCandidatesPushTheSearchAway()
    {
        // Everything with x > 0.5 is unsafe, and the score rewards large x: the search must end safe near 0.5.
        Func<Genome, double?> score = g => (double)g.Get("x")! > 0.5 ? null : (double)g.Get("x")!;
        var history = Campaigns.Run(Strategy(Continuous, 10, 4), 25, score);
        var last = Campaigns.Best(history[24]);
        Assert.True(last > 0.45 && last <= 0.5, $"best safe x: {last}");
    }

    [Fact]
    public void RestartsWhenTheOptimizerStopsOnItsOwnAndStaysReproducible()
    {
        // A flat score makes CMA-ES widen its step until it gives up: the strategy must restart and go on.
        var s = Strategy(Continuous, 6, 8);
        var history = Campaigns.Run(s, 40, _ => 1.0);
        var last = s.Replay(40, history);
        Assert.True(last.Restarts > 0, $"restarts: {last.Restarts}");
        Assert.Equal(last.Proposal, Strategy(Continuous, 6, 8).Propose(40, history));
        foreach (var gen in history) Assert.Equal(6, Campaigns.Genomes(gen).ToHashSet().Count);
    }

    [Fact]
    public void AHistoryThatIsNotThisStrategysIsRefused()
    {
        var history = Campaigns.Run(Strategy(Continuous, 6, 1), 3, Bowl);
        var foreign = history.ToList();
        var changed = history[1].ToArray();
        changed[2] = new Scored(Continuous.Decode([0.5, 0.5, 0.5]), 0.0);
        foreign[1] = changed;
        Assert.Throws<InvalidOperationException>(() => Strategy(Continuous, 6, 1).Propose(3, foreign));
        Assert.Throws<ArgumentException>(() => Strategy(Continuous, 6, 1).Propose(1, [history[0].Take(5).ToArray()]));
    }

    [Fact]
    public void ASpaceSmallerThanThePopulationIsProposedWhole()
    {
        var small = KnobSpace.Of([Bool("smt"), Choice("gov", "a", "b", "c")]);
        var all = Strategy(small, 10, 1).Propose(0, []);
        Assert.Equal(small.Enumerate().ToHashSet(), all.ToHashSet());
    }

    [Fact]
    public void APopulationOfOneIsRefused() =>
        Assert.Throws<ArgumentException>(() => Strategies.Create(Continuous, EvolutionParams.Default.WithStrategy("cmaes").WithPopulation(1), 1, "cpu"));
}
