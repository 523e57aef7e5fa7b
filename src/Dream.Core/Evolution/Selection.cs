using Dream.Core.Domain;
using Dream.Core.Knobs;

namespace Dream.Core.Evolution;

/// <summary>Who may breed: only safe candidates of the space, better scores first.</summary>
internal static class Selection
{
    /// <summary>
    /// The safe candidates of a generation, best first; ties keep candidate order (the sort is stable), so the
    /// ranking is reproducible. A genome outside the space (say, a stock genome measured as a candidate) is
    /// reported like any other but cannot be bred or carried over.
    /// </summary>
    public static IReadOnlyList<Scored> Ranked(IReadOnlyList<Scored> generation, KnobSpace space) =>
        BestFirst(generation.Where(s => s.Safe() && space.Contains(s.Genome)));

    /// <summary>The best of <paramref name="size"/> distinct candidates drawn uniformly from a ranked, non-empty list.</summary>
    public static Scored Tournament(IReadOnlyList<Scored> ranked, int size, SeededRandom rng)
    {
        var k = Math.Min(size, ranked.Count);
        return ranked[rng.Combination(ranked.Count, k).Min()];
    }

    /// <summary>The best safe distinct genomes of the whole history: the fallback when a generation had no safe one.</summary>
    public static IReadOnlyList<Genome> BestEver(IReadOnlyList<IReadOnlyList<Scored>> history, int count, KnobSpace space)
    {
        var all = BestFirst(history.SelectMany(gen => Ranked(gen, space)));
        var outs = new List<Genome>();
        var seen = new HashSet<Genome>();
        foreach (var s in all)
        {
            if (outs.Count == count) break;
            if (seen.Add(s.Genome)) outs.Add(s.Genome);
        }
        return outs;
    }

    // OrderBy is a stable sort: equal scores keep their order.
    private static IReadOnlyList<Scored> BestFirst(IEnumerable<Scored> safe) =>
        safe.OrderByDescending(s => s.Score!.Value).ToArray();
}
