namespace Dream.Core.Racing;

/// <summary>
/// The scores selection sees after a race. A candidate eliminated early keeps the score it earned in its pack, but
/// for selection it ranks below every survivor with a score: a few lucky blocks must not beat a candidate that ran
/// the whole race. Among themselves eliminated candidates keep their order: each is placed at
/// min(survivors) − 1 − (best eliminated − its score). Without eliminations the scores are returned unchanged.
/// </summary>
public static class RaceRanking
{
    public static IReadOnlyList<double?> SelectionScores(IReadOnlyList<(double? Score, bool Eliminated)> candidates)
    {
        var survivorScores = candidates.Where(c => !c.Eliminated && c.Score is not null).Select(c => c.Score!.Value).ToList();
        var eliminatedScores = candidates.Where(c => c.Eliminated && c.Score is not null).Select(c => c.Score!.Value).ToList();
        if (survivorScores.Count == 0 || eliminatedScores.Count == 0) return candidates.Select(c => c.Score).ToList();
        var floor = survivorScores.Min();
        var top = eliminatedScores.Max();
        return candidates.Select(c => c.Eliminated && c.Score is { } s ? floor - 1 - (top - s) : c.Score).ToList();
    }
}
