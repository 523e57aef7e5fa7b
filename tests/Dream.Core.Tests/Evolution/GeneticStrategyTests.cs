using Dream.Core.Domain;
using Dream.Core.Evolution;
using Dream.Core.Knobs;
using static Dream.Core.Tests.Knobs.TestKnobs;

namespace Dream.Core.Tests.Evolution;

public class GeneticStrategyTests
{
    private static readonly KnobSpace Mixed = KnobSpace.Of([
        IntKnob("threads", 1, 64, 1), FloatKnob("util", 0.25, 1.0, 0.05), Choice("gov", "perf", "sched", "save"),
        FloatKnob("ratio", 0.0, 1.0, null)]);

    private static readonly Func<Genome, double?> SphereScore =
        Campaigns.Sphere(Mixed, Campaigns.Map(("threads", 12L), ("util", 0.75), ("gov", "sched"), ("ratio", 0.3)));

    private static IStrategy Ga(KnobSpace space, long seed) => Strategies.Create(space, EvolutionParams.Default.WithStrategy("ga"), seed, "cpu");

    [Fact]
    public void GenerationZeroIsALatinHypercubeOfDistinctGenomes()
    {
        var pop = Ga(Mixed, 1).Propose(0, []);
        Assert.Equal(20, pop.Count);
        Assert.Equal(20, pop.ToHashSet().Count);
        Assert.All(pop, g => Assert.True(Mixed.Contains(g)));
        // Each twentieth of the continuous knob's range holds exactly one candidate.
        var stratum = new bool[20];
        foreach (var g in pop) stratum[(int)Math.Min(19, Math.Floor((double)g.Get("ratio")! * 20))] = true;
        Assert.All(stratum, Assert.True);
    }

    [Fact]
    public void TheSameSeedReplaysTheSamePopulationsAndAnotherSeedDoesNot()
    {
        var a = Campaigns.Genomes(Campaigns.Run(Ga(Mixed, 42), 6, SphereScore));
        var b = Campaigns.Genomes(Campaigns.Run(Ga(Mixed, 42), 6, SphereScore));
        var c = Campaigns.Genomes(Campaigns.Run(Ga(Mixed, 43), 6, SphereScore));
        var otherDomain = Campaigns.Genomes(Campaigns.Run(Strategies.Create(Mixed, EvolutionParams.Default.WithStrategy("ga"), 42, "gpu"), 6, SphereScore));
        for (var g = 0; g < 6; g++)
        {
            Assert.Equal(a[g], b[g]);
            Assert.NotEqual(a[g], c[g]);
            Assert.NotEqual(a[g], otherDomain[g]);
        }
    }

    [Fact]
    public void OperatorsNeverLeaveTheSpaceNorRepeatAGenomeWithinAGeneration()
    {
        var rng = new SeededRandom(5L);
        var candidates = 0;
        for (var trial = 0; trial < 200; trial++)
        {
            var space = RandomSpaces.Next(rng);
            var p = RandomSpaces.Params(rng, "ga");
            var s = Strategies.Create(space, p, rng.NextLong(), "d" + trial);
            var size = space.Size() ?? long.MaxValue;
            var scores = new SeededRandom(trial);
            var history = Campaigns.Run(s, 6, _ => scores.NextDouble() < 0.3 ? null : scores.NextDouble() - 0.5);
            foreach (var gen in history)
            {
                Assert.Equal(Math.Min(size, p.Population), gen.Count);
                Assert.Equal(gen.Count, Campaigns.Genomes(gen).ToHashSet().Count);
                foreach (var sc in gen) Assert.True(space.Contains(sc.Genome), sc.Genome.Key());
                candidates += gen.Count;
            }
        }
        Assert.True(candidates > 10_000, $"cases: {candidates}");
    }

    [Fact]
    public void ASpaceSmallerThanThePopulationIsProposedWhole()
    {
        var small = KnobSpace.Of([Bool("smt"), Choice("gov", "a", "b", "c")]);
        var history = Campaigns.Run(Ga(small, 3), 4, _ => 1.0);
        foreach (var gen in history) Assert.Equal(small.Enumerate().ToHashSet(), Campaigns.Genomes(gen).ToHashSet());
    }

    [Fact]
    public void TheTwoBestSafeCandidatesSurviveUnchanged()
    {
        var s = Ga(Mixed, 9);
        var gen0 = s.Propose(0, []);
        var scored = new List<Scored>();
        for (var i = 0; i < gen0.Count; i++)
        {
            // The best two by value are unsafe; the best safe ones are candidates 7 and 3.
            double? score = i == 0 || i == 1 ? null : i == 7 ? 0.9 : i == 3 ? 0.8 : 0.1 * (i % 5);
            scored.Add(new Scored(gen0[i], score));
        }
        var gen1 = s.Propose(1, [scored]);
        Assert.Equal(gen0[7], gen1[0]);
        Assert.Equal(gen0[3], gen1[1]);
    }

    [Fact]
    public void UnsafeCandidatesAreNeverParents()
    {
        // Safe candidates have a, b below 5000 and poor scores; unsafe ones have a, b above 5000. A child bred
        // from an unsafe parent would inherit a gene above 5000 half the time; with crossover only and tiny
        // retry steps, children of safe parents stay below 5000 (+ a few retry steps).
        var space = KnobSpace.Of([IntKnob("a", 0, 9999, 1), IntKnob("b", 0, 9999, 1), IntKnob("c", 0, 9999, 1)]);
        var p = new EvolutionParams("ga", 20, 2, 3, 1.0, 0.0, 1e-4, "random");
        var s = Strategies.Create(space, p, 11, "mem");
        var rng = new SeededRandom(12L);
        for (var round = 0; round < 20; round++)
        {
            var prev = new List<Scored>();
            for (var i = 0; i < 20; i++)
            {
                var safe = i % 2 == 0;
                long @base = safe ? 0 : 5000;
                var g = G(("a", @base + rng.Next(4900)), ("b", @base + rng.Next(4900)), ("c", @base + rng.Next(4900)));
                prev.Add(new Scored(g, safe ? -1.0 - rng.NextDouble() : null));
            }
            var history = new List<IReadOnlyList<Scored>>();
            for (var g = 0; g < round % 3; g++) history.Add(prev); // any earlier history, same shape
            history.Add(prev);
            foreach (var child in s.Propose(history.Count, history))
                foreach (var k in new[] { "a", "b", "c" })
                    Assert.True((long)child.Get(k)! < 5000, child.Key());
        }
    }

    [Fact]
    public void WhenAGenerationHasNoSafeCandidateTheBestSafeEverSurviveAndTheRestIsFresh()
    {
        var s = Ga(Mixed, 21);
        var gen0 = s.Propose(0, []);
        var scored0 = gen0.Select((g, i) => new Scored(g, i == 2 ? null : i == 4 ? 0.5 : i == 9 ? 0.7 : 0.01)).ToArray();
        var gen1 = s.Propose(1, [scored0]);
        var allUnsafe = gen1.Select(g => new Scored(g, null)).ToArray();
        var gen2 = s.Propose(2, [scored0, allUnsafe]);
        Assert.Equal([gen0[9], gen0[4]], gen2.Take(2));
        Assert.Equal(20, gen2.ToHashSet().Count);
        Assert.All(gen2, g => Assert.True(Mixed.Contains(g)));

        var neverSafe = gen0.Select(g => new Scored(g, null)).ToArray();
        var fresh = s.Propose(1, [neverSafe]);
        Assert.Equal(20, fresh.ToHashSet().Count);
    }

    [Fact]
    public void ImprovesTheBestScoreOnASphereWithinFifteenGenerations()
    {
        // The Java test checked four hand-picked seeds; streams differ here, and about 9 seeds in 10 reach the
        // bound (182 of seeds 0..199), so the bound is asked of a clear majority of twenty seeds.
        var close = 0;
        for (long seed = 1; seed <= 20; seed++)
        {
            var history = Campaigns.Run(Ga(Mixed, seed), 15, SphereScore);
            var first = Campaigns.Best(history[0]);
            var last = Campaigns.Best(history[14]);
            Assert.True(last > first, $"seed {seed}: {first} -> {last}");
            // Sum of squared range fractions below 1e-3: each knob within about 3% of its range of the optimum.
            if (last > -1e-3) close++;
        }
        Assert.True(close >= 15, $"{close} of 20 seeds got within 1e-3 of the optimum in 15 generations");
    }

    [Fact]
    public void AFreshInstanceProposesTheSameGenerationFromTheSameHistory()
    {
        // What a coordinator recovering from its journal does: a new strategy, the recorded history.
        var history = Campaigns.Run(Ga(Mixed, 5), 8, SphereScore);
        for (var g = 0; g < 8; g++)
            Assert.Equal(Campaigns.Genomes(history[g]), Ga(Mixed, 5).Propose(g, history.Take(g).ToArray()));
    }

    [Fact]
    public void HistoryMustMatchTheGeneration()
    {
        var s = Ga(Mixed, 1);
        Assert.Throws<ArgumentException>(() => s.Propose(1, []));
        Assert.Throws<ArgumentException>(() => s.Propose(-1, []));
    }
}
