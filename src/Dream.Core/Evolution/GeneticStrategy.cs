using Dream.Core.Domain;
using Dream.Core.Knobs;

namespace Dream.Core.Evolution;

/// <summary>
/// Strategy "ga": elitism, tournament selection, uniform crossover and per-gene mutation on the unit cube,
/// without duplicates within a generation. Stateless: each call rebuilds its decisions from the previous
/// generation's scores and the generation's own random stream.
/// </summary>
/// <remarks>
/// Generation 0 is a Latin hypercube (or uniform random) sample, decoded, with repeats replaced by fresh
/// random genomes. Then, from the previous generation's safe candidates ranked by score (ties by candidate
/// index): the elites are copied first, in rank order; each other child takes two parents by tournament,
/// mixes them gene by gene 50/50 with probability crossover (else copies the first), and mutates each gene
/// with the mutation rate. A child that repeats a genome of its generation gets up to 10 more single-gene
/// mutations, then is replaced by a fresh random genome. If the previous generation had no safe candidate,
/// the elites best safe genomes of the whole history are kept and the rest is fresh random genomes. When the
/// space has no more genomes than the population, every generation is the whole space.
/// </remarks>
internal sealed class GeneticStrategy(KnobSpace space, EvolutionParams @params, long seed, string domain) : IStrategy
{
    /// <summary>Extra single-gene mutations tried on a child that repeats a candidate, before a fresh random one.</summary>
    public const int DuplicateRetries = 10;

    public IReadOnlyList<Genome> Propose(int generation, IReadOnlyList<IReadOnlyList<Scored>> history)
    {
        Histories.Check(generation, history);
        if (space.Size() is { } size && size <= @params.Population) return space.Enumerate();
        var rng = GenerationRandom.Stream(seed, domain, generation);
        if (generation == 0) return InitialPopulation.Create(space, @params.Population, @params.Init, rng);

        var ranked = Selection.Ranked(history[generation - 1], space);
        var next = new Distinct(space);
        if (ranked.Count == 0)
        {
            // Nothing safe to breed from: keep the best safe genomes ever seen, explore afresh around them.
            foreach (var g in Selection.BestEver(history, @params.Elites, space)) next.Add(g);
            while (next.Count < @params.Population) next.Add(next.Fresh(rng));
            return next.Genomes();
        }
        for (var i = 0; i < Math.Min(@params.Elites, ranked.Count); i++) next.Add(ranked[i].Genome);
        while (next.Count < @params.Population) next.Add(Offspring(ranked, next, rng));
        return next.Genomes();
    }

    private Genome Offspring(IReadOnlyList<Scored> ranked, Distinct next, SeededRandom rng)
    {
        var a = space.Encode(Selection.Tournament(ranked, @params.Tournament, rng).Genome);
        var b = space.Encode(Selection.Tournament(ranked, @params.Tournament, rng).Genome);
        var child = Variation.Crossover(a, b, @params.Crossover, rng);
        Variation.Mutate(space, child, @params.MutationRateFor(space.Dimension()), @params.MutationSigma, rng);
        var g = space.Decode(child);
        for (var retry = 0; retry < DuplicateRetries && next.Contains(g); retry++)
        {
            Variation.MutateOne(space, child, @params.MutationSigma, rng);
            g = space.Decode(child);
        }
        return next.Contains(g) ? next.Fresh(rng) : g;
    }
}
