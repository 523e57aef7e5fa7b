using Dream.Core.Knobs;

namespace Dream.Core.Evolution;

/// <summary>
/// Evolution of the candidates of one domain: <see cref="Create"/> gives a strategy whose Propose(g, history)
/// is a pure function of (seed, domain, g, history). Nothing is kept between calls, so a coordinator that
/// replays its journal, on this node or another, proposes exactly what it proposed before.
/// </summary>
/// <remarks>
/// Shared rules: randomness comes only from <see cref="GenerationRandom"/>; a generation never holds the same
/// genome twice, and when the space has no more genomes than the population every generation is the whole
/// space (first knob varying slowest); a candidate with a null score (unsafe or failed), or a genome outside
/// the space, is never a parent, an elite, or a reason to move towards it.
/// </remarks>
public static class Strategies
{
    public static IStrategy Create(KnobSpace space, EvolutionParams @params, long seed, string domain)
    {
        if (domain is null) throw new ArgumentException("evolution needs a domain name");
        return @params.Strategy switch
        {
            "ga" => new GeneticStrategy(space, @params, seed, domain),
            "cmaes" => new CmaesStrategy(space, @params.Population, seed, domain),
            "tpe" => new TpeStrategy(space, @params, seed, domain),
            _ => throw new ArgumentException($"unknown strategy {@params.Strategy}"),
        };
    }
}
