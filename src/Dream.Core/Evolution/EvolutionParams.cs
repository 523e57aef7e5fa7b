namespace Dream.Core.Evolution;

/// <summary>
/// Settings of the evolution of one domain. The default strategy is "tpe", chosen by <c>dream bench search</c>
/// (lowest median distance to the optimum of Dream's strategies on every shipped landscape, issue 12); the GA's
/// settings follow the original GA (population 20, 2 elites, tournament 3, crossover 0.7), with a per-gene
/// mutation that really mutates.
/// </summary>
/// <remarks>
/// Strategy is "ga", "cmaes" or "tpe"; Population the candidates per generation; Elites the best safe candidates
/// copied unchanged into the next generation (ga); Tournament the candidates drawn per tournament, the best
/// safe one becoming a parent (ga); Crossover the probability that a child mixes two parents gene by gene
/// rather than copying one (ga); MutationRate the probability that a gene of a child mutates (ga), where
/// <see cref="AutoMutationRate"/> (the default) means max(1/d, 0.1) for d knobs; MutationSigma the standard
/// deviation of a mutation step in unit space (ga); Init "lhs" (Latin hypercube) or "random", for generation
/// 0 of the ga and the tpe.
/// </remarks>
public sealed record EvolutionParams
{
    public const double AutoMutationRate = -1.0;
    public static readonly IReadOnlySet<string> Strategies = new SortedSet<string>(StringComparer.Ordinal) { "cmaes", "ga", "tpe" };
    public static readonly IReadOnlySet<string> Inits = new SortedSet<string>(StringComparer.Ordinal) { "lhs", "random" };

    public static readonly EvolutionParams Default = new("tpe", 20, 2, 3, 0.7, AutoMutationRate, 0.1, "lhs");

    public string Strategy { get; }
    public int Population { get; }
    public int Elites { get; }
    public int Tournament { get; }
    public double Crossover { get; }
    public double MutationRate { get; }
    public double MutationSigma { get; }
    public string Init { get; }

    /// <summary>
    /// Whether the run applies <see cref="PopulationOperators"/> to each proposal (DIVERSIFY on stagnation or a collapse
    /// of diversity, SPECIALIZE late in the run), each decision a journal event. Off unless asked for (<c>--operators</c>):
    /// <c>dream bench search</c> measured no gain from them on its landscapes (issue 12).
    /// </summary>
    public bool Operators { get; init; }

    public EvolutionParams(string strategy, int population, int elites, int tournament, double crossover,
        double mutationRate, double mutationSigma, string init)
    {
        if (strategy is null || !Strategies.Contains(strategy))
            throw Bad($"strategy must be one of [{string.Join(", ", Strategies)}], got {strategy}");
        if (init is null || !Inits.Contains(init)) throw Bad($"init must be one of [{string.Join(", ", Inits)}], got {init}");
        if (population < 1) throw Bad($"population must be at least 1, got {population}");
        if (elites < 0 || elites >= population) throw Bad($"elites must be in [0, population), got {elites}");
        if (tournament < 1) throw Bad($"tournament must be at least 1, got {tournament}");
        if (!(crossover >= 0 && crossover <= 1)) throw Bad($"crossover must be in [0, 1], got {crossover}");
        if (!(mutationRate <= 1) || (mutationRate < 0 && mutationRate != AutoMutationRate))
            throw Bad($"mutation rate must be in [0, 1] or {AutoMutationRate} (auto), got {mutationRate}");
        if (!(mutationSigma > 0) || !double.IsFinite(mutationSigma))
            throw Bad($"mutation sigma must be positive, got {mutationSigma}");
        Strategy = strategy;
        Population = population;
        Elites = elites;
        Tournament = tournament;
        Crossover = crossover;
        MutationRate = mutationRate;
        MutationSigma = mutationSigma;
        Init = init;
    }

    /// <summary>The per-gene mutation probability used for a space of <paramref name="dimension"/> knobs.</summary>
    public double MutationRateFor(int dimension) => MutationRate >= 0 ? MutationRate : Math.Max(1.0 / dimension, 0.1);

    public EvolutionParams WithStrategy(string s) =>
        new(s, Population, Elites, Tournament, Crossover, MutationRate, MutationSigma, Init) { Operators = Operators };

    public EvolutionParams WithOperators(bool on) =>
        new(Strategy, Population, Elites, Tournament, Crossover, MutationRate, MutationSigma, Init) { Operators = on };

    /// <summary>The same settings for another population size, with the elites capped below it.</summary>
    public EvolutionParams WithPopulation(int p)
    {
        var e = Math.Min(Elites, Math.Max(0, p - 1));
        return new(Strategy, p, e, Tournament, Crossover, MutationRate, MutationSigma, Init) { Operators = Operators };
    }

    private static ArgumentException Bad(string what) => new($"evolution: {what}");
}
