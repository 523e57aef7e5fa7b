using Dream.Core.Knobs;

namespace Dream.Core.Evolution;

/// <summary>Crossover and mutation on unit coordinates.</summary>
internal static class Variation
{
    /// <summary>With probability <paramref name="rate"/>, each gene from either parent 50/50; otherwise a copy of <paramref name="a"/>.</summary>
    public static double[] Crossover(double[] a, double[] b, double rate, SeededRandom rng)
    {
        var child = (double[])a.Clone();
        if (rng.NextDouble() < rate)
        {
            for (var i = 0; i < child.Length; i++) if (rng.NextBoolean()) child[i] = b[i];
        }
        return child;
    }

    /// <summary>Each gene mutates with probability <paramref name="rate"/>; a mutated gene always takes another value.</summary>
    public static void Mutate(KnobSpace space, double[] u, double rate, double sigma, SeededRandom rng)
    {
        for (var i = 0; i < u.Length; i++)
        {
            if (rng.NextDouble() < rate) u[i] = space.MutateGene(i, u[i], sigma, rng);
        }
    }

    /// <summary>Mutates one gene chosen uniformly: the retry when a child repeats a candidate of its generation.</summary>
    public static void MutateOne(KnobSpace space, double[] u, double sigma, SeededRandom rng)
    {
        var i = rng.Next(u.Length);
        u[i] = space.MutateGene(i, u[i], sigma, rng);
    }
}
