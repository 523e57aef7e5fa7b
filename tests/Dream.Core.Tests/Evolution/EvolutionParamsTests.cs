using Dream.Core.Evolution;

namespace Dream.Core.Tests.Evolution;

public class EvolutionParamsTests
{
    [Fact]
    public void DefaultsAreTheOriginalsWithAnAutoMutationRate()
    {
        var p = EvolutionParams.Default;
        Assert.Equal("tpe", p.Strategy);
        Assert.Equal(20, p.Population);
        Assert.Equal(2, p.Elites);
        Assert.Equal(3, p.Tournament);
        Assert.Equal(0.7, p.Crossover);
        Assert.Equal("lhs", p.Init);
        Assert.Equal(0.25, p.MutationRateFor(4));
        Assert.Equal(0.1, p.MutationRateFor(30));
        Assert.Equal(0.0, new EvolutionParams("ga", 20, 2, 3, 0.7, 0.0, 0.1, "lhs").MutationRateFor(4));
    }

    [Fact]
    public void RejectsSettingsThatCannotWork()
    {
        Assert.Throws<ArgumentException>(() => EvolutionParams.Default.WithStrategy("nsga"));
        Assert.Throws<ArgumentException>(() => new EvolutionParams("ga", 2, 2, 3, 0.7, -1, 0.1, "lhs"));
        Assert.Throws<ArgumentException>(() => new EvolutionParams("ga", 20, 2, 3, 1.5, -1, 0.1, "lhs"));
        Assert.Throws<ArgumentException>(() => new EvolutionParams("ga", 20, 2, 3, 0.7, -0.5, 0.1, "lhs"));
        Assert.Throws<ArgumentException>(() => new EvolutionParams("ga", 20, 2, 3, 0.7, -1, 0, "lhs"));
        Assert.Throws<ArgumentException>(() => new EvolutionParams("ga", 20, 2, 3, 0.7, -1, 0.1, "sobol"));
        Assert.Equal(0, EvolutionParams.Default.WithPopulation(1).Elites);
    }

    [Fact]
    public void GenerationStreamsDependOnSeedDomainAndGenerationOnly()
    {
        Assert.Equal(First(GenerationRandom.Stream(1, "cpu", 3)), First(GenerationRandom.Stream(1, "cpu", 3)));
        Assert.NotEqual(First(GenerationRandom.Stream(1, "cpu", 3)), First(GenerationRandom.Stream(2, "cpu", 3)));
        Assert.NotEqual(First(GenerationRandom.Stream(1, "cpu", 3)), First(GenerationRandom.Stream(1, "gpu", 3)));
        Assert.NotEqual(First(GenerationRandom.Stream(1, "cpu", 3)), First(GenerationRandom.Stream(1, "cpu", 4)));
        Assert.NotEqual(First(GenerationRandom.Derive(1, "ab", "c", 0)), First(GenerationRandom.Derive(1, "a", "bc", 0)));
    }

    private static long First(SeededRandom rng) => rng.NextLong();
}
