using Dream.Core.Domain;
using Dream.Core.Knobs;

namespace Dream.Core.Evolution;

/// <summary>Generation 0: a spread-out sample of the space.</summary>
internal static class InitialPopulation
{
    public static IReadOnlyList<Genome> Create(KnobSpace space, int population, string init, SeededRandom rng)
    {
        var points = init == "lhs" ? LatinHypercube(space.Dimension(), population, rng) : null;
        var outs = new Distinct(space);
        for (var i = 0; i < population; i++)
        {
            var u = points is not null ? points[i] : space.RandomPoint(rng);
            var g = space.Decode(u);
            // A repeat (several strata in one level of a small knob) is replaced at random, not by a
            // neighbour: generation 0 should stay spread out.
            outs.Add(outs.Contains(g) ? outs.Fresh(rng) : g);
        }
        return outs.Genomes();
    }

    /// <summary>
    /// n points such that, on every axis, each of the n equal strata holds exactly one point: unlike plain
    /// random draws, no range of any knob is left empty by chance.
    /// </summary>
    public static double[][] LatinHypercube(int dimension, int n, SeededRandom rng)
    {
        var points = new double[n][];
        for (var i = 0; i < n; i++) points[i] = new double[dimension];
        for (var d = 0; d < dimension; d++)
        {
            var strata = Enumerable.Range(0, n).ToArray();
            rng.Permute(strata);
            for (var i = 0; i < n; i++) points[i][d] = Math.Min(1.0, (strata[i] + rng.NextDouble()) / n);
        }
        return points;
    }
}
