using System.Collections.Concurrent;
using Dream.Core.Evolution;
using MathNet.Numerics.Distributions;

namespace Dream.Core.Racing;

/// <summary>
/// Pocock's constant boundary for a race's planned looks: the one nominal level at which every look tests, chosen so
/// that a pair of equal candidates is rejected at some look with probability α in all. The looks come after
/// first test, first test + 1, ..., blocks blocks, so their statistics are correlated (each adds one block to the
/// last); Bonferroni (α / L) ignores that and pays for it in power, Pocock does not.
/// <para>The boundary is the (1 − α) quantile of max_k |S_{n_k}| / √n_k over a Gaussian random walk S, taken over a
/// fixed number of simulated walks from a fixed seed: a pure function of (first test, blocks, α), the same on every
/// machine and after every restart, cached since every race of a run asks for the same one.</para>
/// </summary>
public static class Pocock
{
    public const int Walks = 40_000;
    private const int Seed = 20260501;
    private static readonly ConcurrentDictionary<(int, int, double), double> Levels = new();

    /// <summary>The share of α the first look spends: the look where most candidates are decided.</summary>
    public const double FirstLookShare = 0.5;

    /// <summary>
    /// The level of the look after <paramref name="measured"/> blocks of a race testing from <paramref name="firstTest"/>
    /// to <paramref name="blocks"/>: the first look spends <see cref="FirstLookShare"/> of α, the later looks share the rest
    /// at Pocock's constant level for them. The two parts add up to at most α (Bonferroni between them), so a pair of
    /// equal candidates is rejected at some look with probability at most α.
    /// </summary>
    public static double LevelAt(int measured, int firstTest, int blocks, double alpha)
    {
        firstTest = Math.Max(1, firstTest);
        if (blocks <= firstTest) return alpha;
        return measured <= firstTest ? alpha * FirstLookShare : NominalLevel(firstTest + 1, blocks, alpha * (1 - FirstLookShare));
    }

    /// <summary>The two-sided nominal level of each look of a race testing after <paramref name="firstTest"/>..<paramref name="blocks"/> blocks.</summary>
    public static double NominalLevel(int firstTest, int blocks, double alpha)
    {
        if (!(alpha > 0 && alpha < 1)) throw new ArgumentException("alpha must lie in (0, 1)");
        firstTest = Math.Max(1, firstTest);
        blocks = Math.Max(firstTest, blocks);
        if (blocks == firstTest) return alpha;
        return Levels.GetOrAdd((firstTest, blocks, alpha), k => Compute(k.Item1, k.Item2, k.Item3));
    }

    private static double Compute(int firstTest, int blocks, double alpha)
    {
        var rng = new SeededRandom(Seed);
        var maxima = new double[Walks];
        for (var w = 0; w < Walks; w++)
        {
            double s = 0, max = 0;
            for (var n = 1; n <= blocks; n++)
            {
                s += Normal.Sample(rng, 0, 1);
                if (n >= firstTest) max = Math.Max(max, Math.Abs(s) / Math.Sqrt(n));
            }
            maxima[w] = max;
        }
        Array.Sort(maxima);
        var c = maxima[(int)Math.Ceiling((1 - alpha) * Walks) - 1];
        return Math.Min(alpha, 2 * (1 - Normal.CDF(0, 1, c)));
    }
}
