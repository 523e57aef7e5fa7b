using Dream.Core.Domain;

namespace Dream.Core.Evolution;

/// <summary>A candidate and its score_v2. A null score means unsafe or failed: such a candidate is never a
/// parent nor an elite.</summary>
public sealed record Scored
{
    public Genome Genome { get; }
    public double? Score { get; }

    public Scored(Genome genome, double? score)
    {
        Genome = genome ?? throw new ArgumentException("a scored candidate needs a genome");
        if (score is { } s && !double.IsFinite(s))
            throw new ArgumentException($"a score must be finite or null (unsafe), got {s}");
        Score = score;
    }

    public bool Safe() => Score is not null;
}
