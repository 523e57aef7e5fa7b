namespace Dream.Core.Evolution;

internal static class Histories
{
    public static void Check(int generation, IReadOnlyList<IReadOnlyList<Scored>> history)
    {
        if (generation < 0) throw new ArgumentException($"generation must be >= 0, got {generation}");
        if (history.Count != generation)
        {
            throw new ArgumentException(
                $"proposing generation {generation} needs the {generation} earlier generations, got {history.Count}");
        }
        for (var g = 0; g < generation; g++)
        {
            var gen = history[g] ?? throw new ArgumentException($"generation {g} is missing");
            foreach (var s in gen) if (s is null) throw new ArgumentException($"generation {g} has a gap");
        }
    }
}
